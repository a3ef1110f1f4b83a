import type * as vscode from 'vscode';
import { analyze, type Analysis, type FormatHint, type FormatLintResult } from '../service';
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
 * The analysis of each open document, computed once per version whatever the number of features asking: a
 * 1 MB policy is parsed and linted once per edit, not once per diagnostics run, light bulb, hover and save.
 * The key is the document's uri, version and language (a language change re-reads the same text in another
 * format), and the other files the format read with it (a Terraform module's, when the hint names them); a
 * closed document is forgotten, since a document opened again starts over at version 1.
 *
 * `analyze` is the interface for callers that can wait: today it answers from `analysisOf`; it is where a
 * large document's analysis can move to a worker and a stale one be cancelled, without the features changing.
 */
export class AnalysisCache {
  private readonly latest = new Map<string, DocumentAnalysis>();
  /** How many times each uri's current version was linted: one, unless the cache failed (tests read it). */
  private readonly runs = new Map<string, { readonly version: number; count: number }>();

  analysisOf(document: vscode.TextDocument): DocumentAnalysis {
    const uri = document.uri.toString();
    const hint = hintOf(document);
    const cached = this.latest.get(uri);
    if (cached && cached.version === document.version && cached.languageId === document.languageId && cached.moduleFiles === hint.moduleFiles) return cached;
    const read = analyze(document.getText(), hint);
    const result = read.result;
    const analysis: DocumentAnalysis = { uri, version: document.version, languageId: document.languageId, moduleFiles: hint.moduleFiles, analysis: read, result };
    this.count(uri, document.version);
    // A result still waiting for a parser (Terraform's WebAssembly) is not the version's analysis yet.
    if (result.parserLoading) this.latest.delete(uri);
    else this.latest.set(uri, analysis);
    return analysis;
  }

  analyze(document: vscode.TextDocument): Promise<DocumentAnalysis> {
    return Promise.resolve(this.analysisOf(document));
  }

  /** How many times this version of the document was linted (0 when never). */
  lintCount(uri: string, version: number): number {
    const runs = this.runs.get(uri);
    return runs && runs.version === version ? runs.count : 0;
  }

  forget(uri: vscode.Uri): void {
    this.latest.delete(uri.toString());
    this.runs.delete(uri.toString());
  }

  clear(): void {
    this.latest.clear();
    this.runs.clear();
  }

  private count(uri: string, version: number): void {
    const runs = this.runs.get(uri);
    if (runs && runs.version === version) runs.count++;
    else this.runs.set(uri, { version, count: 1 });
  }
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
