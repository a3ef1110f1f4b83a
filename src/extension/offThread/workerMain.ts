import { analyze, fixesReadAheadOf, offerChangedReading, type Analysis } from '../../service';
import { diagnosticPlansOf } from '../diagnosticPlans';
import { fixAllPlan, hoverPlan, quickFixPlans } from '../featurePlans';
import { grantDefaultsPlan, grantInsertPlan } from '../grantPlans';
import { DiagnosticLists } from './diagnosticLists';
import type { AnalyzeRequest, FeatureAnswer, FeatureQuery, QueryRequest, VersionOf, WorkerReply, WorkerRequest } from './protocol';
import { ReadAhead } from './readAhead';
import { applyEdits } from './textChanges';

/** The worker's side of its connection to the extension host, the same in a Web Worker and a Node worker thread. */
export interface WorkerPort {
  post(reply: WorkerReply): void;
  listen(onRequest: (request: WorkerRequest) => void): void;
  /** Calls back on an uncaught error or rejection inside the worker. */
  onUncaught(report: (error: string) => void): void;
}

/**
 * Runs inside the analysis worker (spawn.ts loads the extension's own bundle there and calls this): each
 * text is analysed with the facade's `analyze`, as on the extension host's thread, and answered with its
 * diagnostics (ranges and messages made here, diagnosticPlans.ts); the analysis of the latest version read of
 * each document is kept (one per document: memory) and answers the features' questions about that version
 * (quick fixes, hover, fix-all, Add SES Grant's defaults and plan) with the functions the thread uses
 * (featurePlans.ts, grantPlans.ts). Nothing here touches `vscode`, which does not exist in the worker.
 */
export function runAnalysisWorker(port: WorkerPort): void {
  const kept = new Map<string, Kept>();
  const texts = new Map<string, HeldText>();
  /** The diagnostics last sent of each document: the next reading goes as the change from them when the host holds them. */
  const sent = new DiagnosticLists();
  const ahead = new ReadAhead();
  port.onUncaught((error) => port.post({ kind: 'crashed', error }));
  port.listen((request) => {
    if (request.kind === 'forget') {
      kept.delete(request.uri);
      texts.delete(request.uri);
      sent.forget(request.uri);
      return;
    }
    if (request.trouble === 'loseText') texts.delete(request.uri);
    if (request.trouble === 'crash') {
      // Uncaught, as a real bug in the worker would be: the host must notice, restart the worker and re-analyse.
      setTimeout(() => {
        throw new Error('analysis worker crash requested by a test');
      });
      return;
    }
    if (request.trouble === 'hang') {
      for (;;) {
        // Busy forever, as an analysis stuck in a loop would be: only the host's timeout or a newer version ends it.
      }
    }
    if (request.kind !== 'analyze') {
      port.post(answer(request, kept, texts));
      return;
    }
    port.post(read(request, kept, texts, sent));
    // The version's first quick fix then finds what it reads of the whole file read (readAhead.ts).
    const held = kept.get(request.uri);
    if (held?.version === request.version) ahead.start(request.uri, fixesReadAheadOf(held.analysis), () => kept.get(request.uri) === held);
  });
}

type Kept = VersionOf & { readonly analysis: Analysis };
/** The text of the latest version read of a document, which the next version's edits apply to. */
interface HeldText {
  readonly version: number;
  readonly text: string;
}

/** The version's text: sent whole, or the held version's with the edits applied; undefined when they do not fit. */
function textOf(request: AnalyzeRequest, held: HeldText | undefined): string | undefined {
  if (request.text !== undefined) return request.text;
  const changes = request.changes;
  if (!changes || !held || held.version !== changes.from) return undefined;
  const text = applyEdits(held.text, changes.edits);
  return text.length === changes.length ? text : undefined;
}

function read(request: AnalyzeRequest, kept: Map<string, Kept>, texts: Map<string, HeldText>, sent: DiagnosticLists): WorkerReply {
  const held = texts.get(request.uri);
  const text = textOf(request, held);
  const started = performance.now();
  // This version is the older one's text edited: the format reads again only what changed, from what the
  // older analysis read (offered before that analysis goes).
  const withdraw = text !== undefined ? offerFromOlder(request, held, kept.get(request.uri), text) : undefined;
  // The older version's analysis goes first: two analyses of a large document never live here at once.
  kept.delete(request.uri);
  if (text === undefined) {
    texts.delete(request.uri);
    return { id: request.id, kind: 'needsText' };
  }
  texts.set(request.uri, { version: request.version, text });
  try {
    let analysis: Analysis;
    try {
      analysis = analyze(text, request.hint);
    } finally {
      withdraw?.();
    }
    // A parser promise cannot cross to the host, and only the host can load the Terraform parser.
    if (analysis.result.parserLoading) return { id: request.id, kind: 'needsThread' };
    // Ranges and messages made here, where the text is: the host only builds VS Code's objects from them.
    const diagnostics = diagnosticPlansOf(text, analysis.result.findings, request.locale);
    const analysisMs = performance.now() - started;
    kept.set(request.uri, { uri: request.uri, version: request.version, languageId: request.languageId, analysis });
    return { id: request.id, kind: 'read', reading: sent.reading(request.uri, request.id, request.diagnosticsBase, diagnostics), analysisMs };
  } catch (error) {
    return failed(request.id, error);
  }
}

/** Offers the reading of `text` from the older version's analysis when `text` is its text edited; returns what drops the offer. */
function offerFromOlder(request: AnalyzeRequest, held: HeldText | undefined, older: Kept | undefined, text: string): (() => void) | undefined {
  const changes = request.changes;
  if (!changes || !held || !older || older.version !== held.version || older.languageId !== request.languageId || older.analysis.text !== held.text) return undefined;
  // The older analysis is dropped right after this (`read`) and nothing answered from it holds any of it (the
  // answers are plain data): its reading may become the newer one's in place.
  return offerChangedReading(older.analysis, changes.edits, text, request.hint, true);
}

function answer(request: QueryRequest, kept: ReadonlyMap<string, Kept>, texts: ReadonlyMap<string, HeldText>): WorkerReply {
  const held = kept.get(request.uri);
  if (!held || held.version !== request.version || held.languageId !== request.languageId) return { id: request.id, kind: 'gone' };
  try {
    if (request.query.kind === 'heldText') {
      const text = texts.get(request.uri);
      return text?.version === request.version ? { id: request.id, kind: 'answered', answer: { kind: 'heldText', text: text.text } } : { id: request.id, kind: 'gone' };
    }
    return { id: request.id, kind: 'answered', answer: answerOf(held.analysis, request.query) };
  } catch (error) {
    return failed(request.id, error);
  }
}

function answerOf(analysis: Analysis, query: Exclude<FeatureQuery, { readonly kind: 'heldText' }>): FeatureAnswer {
  switch (query.kind) {
    case 'codeActions':
      return { kind: 'codeActions', plans: quickFixPlans(analysis, query.targets, query.settings) };
    case 'hover':
      return { kind: 'hover', hover: hoverPlan(analysis, query.offset, query.locale) };
    case 'fixAll':
      return { kind: 'fixAll', replacement: fixAllPlan(analysis, query.settingValues, query.formatting) };
    case 'grantDefaults':
      return { kind: 'grantDefaults', values: grantDefaultsPlan(analysis, query.settingValues) };
    case 'grantPlan':
      return { kind: 'grantPlan', plan: grantInsertPlan(analysis, query.grant, query.values, query.formatting) };
  }
}

function failed(id: number, error: unknown): WorkerReply {
  return { id, kind: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
