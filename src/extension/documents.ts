import * as vscode from 'vscode';
import type { FormattingPreferences } from '../policy/fixes';
import { FORMAT_ADAPTERS, type Analysis, type FormatLintResult } from '../service';
import { ANALYSES, hintOf, type DiagnosticsReading, type WorkerAnswer } from './analysis';
import type { FeatureQuery } from './offThread/protocol';
import { RULE_PAGES_SCHEME } from './rulePages';
import { isTerraformDocument, TERRAFORM_SELECTOR } from './terraform/documents';

export { hintOf };

/**
 * The documents every feature of this layer works on, saved or untitled: JSON and JSON with comments (plain
 * policies and CloudFormation JSON templates), YAML (CloudFormation templates only: the format adapter
 * finds nothing in other YAML such as workflows, docker-compose or Kubernetes files), shell scripts and
 * Markdown (their `aws` command lines and code blocks): the languages of the registered formats
 * (src/formats/registry.ts). Terraform documents are chosen by `TERRAFORM_SELECTOR` (plain-text `.tf` by name too).
 */
export const LANGUAGES: readonly string[] = FORMAT_ADAPTERS.flatMap((adapter) => (adapter.id === 'terraform' ? [] : adapter.languageIds));
/** Of those, the languages whose documents are a policy or a template as a whole: "Add SES Grant" writes into them. */
export const POLICY_LANGUAGES: readonly string[] = LANGUAGES.filter((language) => language !== 'shellscript' && language !== 'markdown');
export const SELECTOR: vscode.DocumentSelector = [...LANGUAGES.map((language) => ({ language })), ...TERRAFORM_SELECTOR];

/** Schemes whose documents are views of something else (diffs of git history, output panes): not linted. */
const SKIPPED_SCHEMES = new Set(['git', 'output', 'vscode-scm', 'debug']);

export function isPolicyDocument(document: vscode.TextDocument): boolean {
  return (LANGUAGES.includes(document.languageId) || isTerraformDocument(document)) && !SKIPPED_SCHEMES.has(document.uri.scheme);
}

/**
 * One lint entry for the editor: the format adapters decide whether the JSON is a policy or a template. The
 * result is the document version's analysis, shared by every feature (analysis.ts).
 */
export function lintDocument(document: vscode.TextDocument): FormatLintResult {
  return ANALYSES.analysisOf(document).result;
}

/**
 * The findings the diagnostics show for the document's current version: a large document is read in the
 * analysis worker meanwhile. Undefined when a newer version cancelled this one.
 */
export function diagnosticsReading(document: vscode.TextDocument): Promise<DiagnosticsReading | undefined> {
  return ANALYSES.diagnosticsOf(document, vscode.env.language);
}

/** How long the document's last reading in the worker took (ms, posted to findings back); undefined when its last analysis was on the thread. */
export function workerAnalysisMs(document: vscode.TextDocument): number | undefined {
  return ANALYSES.workerAnalysisMs(document.uri.toString());
}

/**
 * A feature's question (quick fixes, hover, fix-all, Add SES Grant's defaults and plan) about the document's current version, answered by the
 * analysis worker for a large document; `onThread`: answer it from `documentAnalysis` here.
 */
export function askWorker(document: vscode.TextDocument, query: FeatureQuery): Promise<WorkerAnswer> {
  return ANALYSES.askWorker(document, query, vscode.env.language);
}

/** The document version's analysis itself, for the facade's fixes, fix-all and hover (src/service.ts). */
export function documentAnalysis(document: vscode.TextDocument): Analysis {
  return ANALYSES.analysisOf(document).analysis;
}

/**
 * The page of a finding id, served by the extension itself (rulePages.ts): offline, and the text of the
 * repository's docs/rules/<id>.md. The diagnostics' code links, the hovers' links and the docs command open it.
 */
export function docsUri(id: string): vscode.Uri {
  let uri = DOCS_URIS.get(id);
  if (!uri) DOCS_URIS.set(id, (uri = vscode.Uri.from({ scheme: RULE_PAGES_SCHEME, path: `/rules/${id}.md` })));
  return uri;
}

/** One page uri per finding id (a Uri is immutable): 5,000 diagnostics of a large policy name a few ids. */
const DOCS_URIS = new Map<string, vscode.Uri>();

/**
 * The indentation edits should use: the open editor's own (it knows detected indentation), else the
 * `editor.*` settings for the document's language, and the document's line ending.
 */
export function formattingFor(document: vscode.TextDocument, options?: vscode.FormattingOptions): FormattingPreferences {
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  if (options) return { tabSize: options.tabSize, insertSpaces: options.insertSpaces, eol };
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
  const config = vscode.workspace.getConfiguration('editor', document);
  const tabSize = typeof editor?.options.tabSize === 'number' ? editor.options.tabSize : config.get<number>('tabSize', 4);
  const insertSpaces =
    typeof editor?.options.insertSpaces === 'boolean' ? editor.options.insertSpaces : config.get<boolean>('insertSpaces', true);
  return { tabSize, insertSpaces, eol };
}
