import type { LintOptions } from '../policy/lint';
import { lineStartsOf } from '../policy/positions';
import { applySuppressions, mayHoldSuppressions } from '../policy/suppressions';
import type { FormatAdapter, FormatHint, Nesting } from './adapter';
import type { CodeBlockFormat } from './markdown';
import type { PolicyFile } from '../policy/model';
import { DEFAULT_FORMAT, FORMAT_ADAPTERS, type SourceFormat } from './registry';
import { endingInAny } from './extensionPattern';
import { lintWithAdapter } from './lintWithAdapter';
import type { FormatLintResult } from './result';

/**
 * The single entry point the CLI and the editor use: picks the format adapter for a file (registry.ts) and
 * lints it. Plain JSON policies (and API output holding a policy as a string), CloudFormation templates in
 * JSON (incl. CDK synth output) and in YAML (incl. SAM and serverless.yml, and single resources as
 * serverless.yml includes them), Terraform (`*.tf`, `*.tf.json`), shell scripts, and Markdown, whose code
 * blocks come back here by their tag. YAML that is not a template yields nothing.
 */

export type { Extraction, FormatAdapter, FormatHint, InsertPlan, ParsedText } from './adapter';
export { FORMAT_ADAPTERS, type SourceFormat } from './registry';
export { SHELL_EXTENSIONS } from './shell/adapter';
export { MARKDOWN_EXTENSIONS } from './markdown/adapter';
export { TERRAFORM_EXTENSIONS } from './terraform/adapter';

/** The adapter that reads a file: its language id's, unless the file's name belongs to a format that wins over it. */
export function adapterOf(text: string, hint: FormatHint): FormatAdapter<SourceFormat> {
  const languageId = hint.languageId;
  const byLanguage = languageId !== undefined ? FORMAT_ADAPTERS.find((adapter) => adapter.languageIds.includes(languageId)) : undefined;
  const name = (hint.fileName ?? '').toLowerCase();
  let byName: FormatAdapter<SourceFormat> | undefined;
  // A loop, not `find` with a closure: this runs for every file (twice in the CLI), mostly before it is optimised.
  for (let i = 0; i < FORMAT_ADAPTERS.length; i++) {
    if (claims(FORMAT_ADAPTERS[i]!, name, text, EXTENSION_PATTERNS[i]!)) {
      byName = FORMAT_ADAPTERS[i]!;
      break;
    }
  }
  if (!byLanguage) return byName ?? DEFAULT_FORMAT;
  return byName?.winsOverLanguagesOf?.includes(byLanguage.id) ? byName : byLanguage;
}

/** Each adapter's extensions as one pattern (extensionPattern.ts), in FORMAT_ADAPTERS' order. */
const EXTENSION_PATTERNS: readonly RegExp[] = FORMAT_ADAPTERS.map((adapter) => endingInAny(adapter.extensions));

function claims(adapter: FormatAdapter, name: string, text: string, extensions: RegExp): boolean {
  return adapter.claimsFile ? adapter.claimsFile(name, text) : extensions.test(name);
}

export function formatOf(text: string, hint: FormatHint): SourceFormat {
  return adapterOf(text, hint).id;
}

/** Whether linting this file needs the Terraform parser loaded first (`initTerraform`). */
export function needsTerraformParser(hint: FormatHint): boolean {
  return formatOf('', hint) === 'terraform';
}

export type { EmbeddedDocument, FormatLintResult, SyntaxProblem } from './result';
export { innerSyntaxProblems } from './result';

const NOTHING: FormatLintResult = { file: undefined, findings: [], syntaxErrors: [] };

/**
 * Lints a file and applies its inline suppressions (`ses-grants-disable…` comments). A result still waiting
 * for the Terraform parser (`parserLoading`) is returned as it is: its findings are not all there yet.
 */
export function lintText(text: string, hint: FormatHint = {}, options: LintOptions = {}): FormatLintResult {
  const adapter = adapterOf(text, hint);
  // Fast path: nothing to parse when the text cannot hold SES content (the CLI looks for a skipped JSON file's
  // syntax errors itself).
  const result = adapter.mightHold(text) ? lintWithAdapter(adapter, text, hint, options, NESTING) : NOTHING;
  if (options.ignoreSuppressions || result.parserLoading || !mayHoldSuppressions(text)) return result;
  return { ...result, findings: applySuppressions(result.findings, adapter.commentsOf(text, hint), lineStartsOf(text)) };
}

/** The format of a Markdown code block's tag, as the adapters declare their tags (`codeBlockTags`, `sessionBlockTags`). */
export function codeBlockFormatOf(tag: string): CodeBlockFormat | undefined {
  return CODE_BLOCK_FORMATS.get(tag);
}

const CODE_BLOCK_FORMATS: ReadonlyMap<string, CodeBlockFormat> = new Map(
  FORMAT_ADAPTERS.flatMap((adapter) => {
    const format = (session: boolean): CodeBlockFormat => ({
      languageId: adapter.languageIds[0]!,
      displayName: adapter.displayName,
      session,
      syntaxErrorsAlwaysCount: adapter.syntaxErrorsAlwaysCount ?? false,
    });
    return [...(adapter.codeBlockTags ?? []).map((tag) => [tag, format(false)] as const), ...(adapter.sessionBlockTags ?? []).map((tag) => [tag, format(true)] as const)];
  }),
);

/** How a document inside a file (a Markdown code block) is linted: by the format of its tag, through `lintText`. */
const NESTING: Nesting = { lint: (text, hint, options) => lintText(text, hint, options), codeBlockFormat: codeBlockFormatOf };

/**
 * The policies a text holds as its format reads them, not linted, also when the text names no SES (which the
 * lint skips); undefined when the format reads nothing there (YAML that is no template, a parser still loading).
 */
export function readPolicies(text: string, hint: FormatHint): PolicyFile | undefined {
  const adapter = adapterOf(text, hint);
  const parsed = adapter.parse(text, hint);
  if (parsed.notRead !== undefined || parsed.parserLoading) return undefined;
  return adapter.extract(parsed, text, hint, NESTING, {}).file;
}
