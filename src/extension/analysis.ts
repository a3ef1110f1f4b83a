import type * as vscode from 'vscode';
import { analyze, needsTerraformParser, type Analysis, type FormatHint, type FormatLintResult } from '../service';
import { diagnosticPlansOf, type DiagnosticPlan } from './diagnosticPlans';
import type { AnalysisWorker } from './offThread/analysisWorker';
import type { FeatureAnswer, FeatureQuery } from './offThread/protocol';
import { DocumentLengths } from './offThread/documentLengths';
import { ChangeLogs, type TextEdit } from './offThread/textChanges';
import { isTerraformDocument } from './terraform/documents';
import { terraformSiblingsOf } from './terraform/modules';

/** One document version, linted: what diagnostics, code actions, hover, fix-all and Add SES Grant all read. */
export interface DocumentAnalysis {
  readonly uri: string;
  readonly version: number;
  readonly languageId: string;
  /** Other files the analysis read (a Terraform module's), as the hint gave them: another list, another analysis. */
  readonly moduleFiles: FormatHint['moduleFiles'];
  readonly analysis: Analysis;
  /** `analysis.result`. */
  readonly result: FormatLintResult;
}

/**
 * What the diagnostics read of a version: its diagnostics as plain data (ranges, messages in the user's
 * language: diagnosticPlans.ts, written in the worker for a large document), or that the Terraform parser is
 * still loading.
 */
export interface DiagnosticsReading {
  readonly diagnostics: readonly DiagnosticPlan[];
  readonly parserLoading?: FormatLintResult['parserLoading'];
}

/**
 * Documents at least this long (in characters) are analysed in the worker for their diagnostics (the size the
 * issue on typing latency suggested). Below it the thread's own analysis is short, and a worker started after
 * a minute idle (its own copy of the extension's code and heap) would cost more than it saves. The editor bench
 * agrees (one run at load ~15): the extension's longest synchronous run per edit on the thread was 18 ms at
 * 46 KB, under the 50 ms target, and 22-80 ms at 100 KB (1-8 ms there in the worker), with the same time to
 * the diagnostics either way.
 */
export const OFF_THREAD_MIN_LENGTH = 64 * 1024;

interface VersionKey {
  readonly version: number;
  readonly languageId: string;
}

/**
 * How the worker met a feature's question about a document version: answered; or to be answered on the
 * thread (small document, no worker, Terraform, the worker failed or no longer holds the version); or `stale`,
 * the document changed (or closed) meanwhile, so no answer about the version asked is of use any more.
 */
export type WorkerAnswer = { readonly kind: 'answered'; readonly answer: FeatureAnswer } | { readonly kind: 'onThread' } | { readonly kind: 'stale' };

/** How many times a version was linted, on the extension host's thread and in the worker. */
export interface LintCounts {
  readonly thread: number;
  readonly worker: number;
}

/**
 * The analysis of each open document, computed once per version whatever the number of features asking: a
 * 1 MB policy is parsed and linted once per edit, not once per diagnostics run, light bulb, hover and save.
 * The key is the document's uri, version and language (a language change re-reads the same text in another
 * format), and the other files the format read with it (a Terraform module's, when the hint names them); a
 * closed document is forgotten, since a document opened again starts over at version 1.
 *
 * The diagnostics read a version through `diagnosticsOf`, which analyses a large document (OFF_THREAD_MIN_LENGTH)
 * in the analysis worker, off the extension host's thread, while the user types; a newer version cancels the
 * older one's analysis there. The worker keeps that analysis (the latest version it read of each document),
 * and quick fixes, hover, fix-all and Add SES Grant ask it their questions about the version (`askWorker`): a
 * large version is read once, in the worker, whatever features ask. What the worker cannot answer
 * `analysisOf` computes on the thread when a feature first asks for a version, once.
 */
export class AnalysisCache {
  private readonly latest = new Map<string, DocumentAnalysis>();
  /**
   * The worker's readings of large documents, by uri: the version's findings for the diagnostics, and which
   * worker read it (a worker started since holds no analysis of it).
   */
  private readonly offThread = new Map<string, VersionKey & { readonly reading: DiagnosticsReading; readonly worker: number }>();
  /** The worker's reading of a version on its way, which a second diagnostics run of that version joins. */
  private readonly pending = new Map<string, VersionKey & { readonly reading: Promise<DiagnosticsReading | undefined> }>();
  private worker: AnalysisWorker | undefined;
  /** The edits of each document the worker read, since the version last sent to it: the next version goes as edits. */
  private readonly changes = new ChangeLogs();
  /** Each document's length, carried by its edits from a version measured once (offsetAt of the end costs per version). */
  private readonly lengths = new DocumentLengths();
  /** How long each document's last reading in the worker took there (ms): its diagnostics start that much sooner (debounce.ts). */
  private readonly workerTimes = new Map<string, number>();
  private offThreadMinLength = OFF_THREAD_MIN_LENGTH;
  /** How many times each uri's current version was linted: one, unless the cache failed (tests read it). */
  private readonly runs = new Map<string, { readonly version: number; thread: number; worker: number }>();

  analysisOf(document: vscode.TextDocument): DocumentAnalysis {
    const uri = document.uri.toString();
    const hint = hintOf(document);
    const cached = this.latest.get(uri);
    if (cached && cached.version === document.version && cached.languageId === document.languageId && cached.moduleFiles === hint.moduleFiles) return cached;
    const read = analyze(document.getText(), hint);
    const result = read.result;
    const analysis: DocumentAnalysis = { uri, version: document.version, languageId: document.languageId, moduleFiles: hint.moduleFiles, analysis: read, result };
    this.count(uri, document.version, 'thread');
    this.workerTimes.delete(uri);
    // A result still waiting for a parser (Terraform's WebAssembly) is not the version's analysis yet.
    if (result.parserLoading) this.latest.delete(uri);
    else this.latest.set(uri, analysis);
    return analysis;
  }

  /**
   * The findings of the document's current version, for its diagnostics: from the version's analysis when a
   * feature already made it, else read in the worker when the document is large, else analysed here.
   * Undefined when a newer version (or closing the document) cancelled this one before it was read.
   * `locale`: `vscode.env.language`, the messages' language (fixed for the extension host's life).
   */
  diagnosticsOf(document: vscode.TextDocument, locale: string | undefined): Promise<DiagnosticsReading | undefined> {
    const uri = document.uri.toString();
    const hint = hintOf(document);
    const key: VersionKey = { version: document.version, languageId: document.languageId };
    const analysed = this.latest.get(uri);
    if (analysed && sameVersion(analysed, key) && analysed.moduleFiles === hint.moduleFiles) return Promise.resolve(readingOf(analysed, locale));
    if (!this.worker || this.lengthOf(document) < this.offThreadMinLength || needsTerraformParser(hint)) return Promise.resolve(readingOf(this.analysisOf(document), locale));
    return this.workerReading(this.worker, document, uri, key, hint, locale, false);
  }

  /**
   * Asks the worker a feature's question about the document's current version (reading the version there
   * first when the worker does not hold it yet, which the diagnostics then share). `onThread` when the thread
   * is to answer: a small document, no worker, a Terraform document, a version already read on the thread, or
   * a worker that failed or no longer holds the version.
   */
  async askWorker(document: vscode.TextDocument, query: FeatureQuery, locale: string | undefined): Promise<WorkerAnswer> {
    const worker = this.worker;
    const uri = document.uri.toString();
    const hint = hintOf(document);
    const key: VersionKey = { version: document.version, languageId: document.languageId };
    if (!worker || needsTerraformParser(hint)) return ON_THREAD;
    const analysed = this.latest.get(uri);
    // Read on the thread already (the worker sent it back, or a feature asked before it was large): no second reading.
    if (analysed && sameVersion(analysed, key) && analysed.moduleFiles === hint.moduleFiles) return ON_THREAD;
    const length = this.lengthOf(document);
    if (length < this.offThreadMinLength) return ON_THREAD;
    await this.workerReading(worker, document, uri, key, hint, locale, true);
    if (document.isClosed || !sameVersion(document, key)) return STALE;
    const read = this.offThread.get(uri);
    if (!read || !sameVersion(read, key) || !worker.workerHolds(read.worker)) return ON_THREAD;
    const outcome = await worker.ask(uri, { ...key, query }, length);
    if (outcome.kind === 'cancelled' || document.isClosed || !sameVersion(document, key)) return STALE;
    return outcome.kind === 'answered' ? outcome : ON_THREAD;
  }

  /**
   * The worker's findings of the version: the reading made, or on its way, or started now. `held`: only a
   * reading the running worker still keeps the analysis of will do (a feature asks about it next).
   */
  private workerReading(worker: AnalysisWorker, document: vscode.TextDocument, uri: string, key: VersionKey, hint: FormatHint, locale: string | undefined, held: boolean): Promise<DiagnosticsReading | undefined> {
    const read = this.offThread.get(uri);
    if (read && sameVersion(read, key) && (!held || worker.workerHolds(read.worker))) return Promise.resolve(read.reading);
    const pending = this.pending.get(uri);
    if (pending && sameVersion(pending, key)) return pending.reading;
    const reading = this.readOffThread(worker, document, uri, key, hint, locale);
    this.pending.set(uri, { ...key, reading });
    return reading;
  }

  private async readOffThread(worker: AnalysisWorker, document: vscode.TextDocument, uri: string, key: VersionKey, hint: FormatHint, locale: string | undefined): Promise<DiagnosticsReading | undefined> {
    try {
      const outcome = await worker.analyze(uri, {
        ...key,
        hint: { languageId: hint.languageId, fileName: hint.fileName },
        locale,
        // Read when the worker needs the whole text, as the job is posted: the document may have left the version by then.
        text: () => (document.isClosed || !sameVersion(document, key) ? undefined : document.getText()),
        length: this.lengthOf(document),
        changesSince: (version) => this.changes.between(uri, version, key.version),
        sent: () => this.changes.sent(uri, key.version),
      });
      // A result for a version the document has left is never anyone's diagnostics.
      if (outcome.kind === 'cancelled' || document.isClosed || !sameVersion(document, key)) return undefined;
      if (outcome.kind === 'onThread') return readingOf(this.analysisOf(document), locale);
      this.count(uri, key.version, 'worker');
      // The whole round trip: the next version's reading is started so that its findings are back when the debounce ends (debounce.ts).
      this.workerTimes.set(uri, outcome.roundTripMs);
      this.offThread.set(uri, { ...key, reading: outcome.reading, worker: outcome.worker });
      return outcome.reading;
    } finally {
      if (this.pending.get(uri)?.version === key.version) this.pending.delete(uri);
    }
  }

  /** How long the document's last reading in the worker took, posted to findings back; undefined when its last analysis ran on the thread. */
  workerAnalysisMs(uri: string): number | undefined {
    return this.workerTimes.get(uri);
  }

  /** A document changed (`version`: the version the edits made): logged for the worker when it holds the document. */
  noteChanges(uri: string, version: number, edits: readonly TextEdit[]): void {
    this.changes.note(uri, version, edits);
    this.lengths.note(uri, version, edits);
  }

  /**
   * The document's length in characters: carried by its change events from the version last measured, or
   * measured without joining its lines into one string (the offset of its end).
   */
  private lengthOf(document: vscode.TextDocument): number {
    const uri = document.uri.toString();
    const known = this.lengths.lengthOf(uri, document.version);
    if (known !== undefined) return known;
    const length = document.lineCount === 0 ? 0 : document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
    this.lengths.set(uri, document.version, length);
    return length;
  }

  /** Where large documents are read for their diagnostics; undefined: on the thread, as small ones are. */
  useWorker(worker: AnalysisWorker | undefined): void {
    this.worker = worker;
  }

  /** Tests: the length from which documents go to the worker (undefined restores OFF_THREAD_MIN_LENGTH). */
  setOffThreadMinLength(length: number | undefined): void {
    this.offThreadMinLength = length ?? OFF_THREAD_MIN_LENGTH;
  }

  /** How many times this version of the document was linted (0 when never), on the thread and in the worker. */
  lintCount(uri: string, version: number): number {
    const counts = this.lintCounts(uri, version);
    return counts.thread + counts.worker;
  }

  lintCounts(uri: string, version: number): LintCounts {
    const runs = this.runs.get(uri);
    return runs && runs.version === version ? { thread: runs.thread, worker: runs.worker } : { thread: 0, worker: 0 };
  }

  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.worker?.forget(key);
    this.latest.delete(key);
    this.offThread.delete(key);
    this.pending.delete(key);
    this.runs.delete(key);
    this.changes.forget(key);
    this.lengths.forget(key);
    this.workerTimes.delete(key);
  }

  clear(): void {
    this.changes.clear();
    this.lengths.clear();
    this.workerTimes.clear();
    this.latest.clear();
    this.offThread.clear();
    this.pending.clear();
    this.runs.clear();
  }

  private count(uri: string, version: number, where: keyof LintCounts): void {
    let runs = this.runs.get(uri);
    if (!runs || runs.version !== version) this.runs.set(uri, (runs = { version, thread: 0, worker: 0 }));
    runs[where]++;
  }
}

const ON_THREAD: WorkerAnswer = { kind: 'onThread' };
const STALE: WorkerAnswer = { kind: 'stale' };

/** The diagnostics of a version analysed on the thread, written as the worker writes them. */
function readingOf(analysed: DocumentAnalysis, locale: string | undefined): DiagnosticsReading {
  const { result } = analysed;
  if (result.parserLoading) return { diagnostics: [], parserLoading: result.parserLoading };
  return { diagnostics: diagnosticPlansOf(analysed.analysis.text, result.findings, locale) };
}

function sameVersion(a: VersionKey, b: VersionKey): boolean {
  return a.version === b.version && a.languageId === b.languageId;
}

/** What the format adapters go by: the document's language, then its file name. */
export function hintOf(document: vscode.TextDocument): FormatHint {
  // Terraform: the module's other files, for the checks across resources.
  if (isTerraformDocument(document)) return { languageId: document.languageId, fileName: document.fileName, moduleFiles: terraformSiblingsOf(document.uri) };
  return { languageId: document.languageId, fileName: document.fileName };
}

/**
 * The extension's one cache. Every feature reads documents through it (documents.ts `analysisOf`), so no
 * feature can lint a document version on its own; activate() clears it on deactivation and forgets closed
 * documents.
 */
export const ANALYSES = new AnalysisCache();
