import { adapterOf, lintText, readPolicies, type FormatHint, type FormatLintResult, type InsertPlan, type SourceFormat } from './formats';
import { fixAllInFormat, fixesInFormat, unattendedFixInFormat, type LinterFor } from './formats/fixes';
import { hoverTargetIn } from './formats/hoverTarget';
import { jsonFindingsInBatches } from './formats/json/inParts';
import { suppressionEdit } from './formats/suppressFix';
import type { Finding } from './policy/findings';
import { fixesReadAhead, type FixProposal, type FormattingPreferences, type OffsetEdit } from './policy/fixes';
import type { FixAllOptions } from './policy/fixes/fixAll';
import { hoverMarkdown } from './policy/hoverText';
import { planGrantInsert } from './formats/json/insert';
import type { LintOptions } from './policy/lint';
import type { PolicyFile } from './policy/model';
import type { GrantValues, InsertKind } from './policy/templates';
import type { Span } from './policy/tree';
import type { TextReplacement } from './formats/adapter';

/**
 * The one door to the analysis for the command line and the editor (`npm run lint` holds them to it): a text
 * is analysed once (`analyze`), and fixes, fix-all, the grant insert plan and the hover are read from that
 * analysis. Behind it, the format adapters (src/formats/registry.ts) and the core (src/policy).
 */

export type { FormatAdapter, FormatHint, FormatLintResult, SourceFormat, SyntaxProblem, EmbeddedDocument } from './formats';
export { FORMAT_ADAPTERS, innerSyntaxProblems, needsTerraformParser, TERRAFORM_EXTENSIONS } from './formats';
export type { InsertPlan } from './formats';
export type { TemplateInsertPlan } from './formats/adapter';
export type { GrantInsertPlan } from './formats/json/insert';
export type { LinterFor } from './formats/fixes';

/** One text, read in its format and linted (suppressions applied). Immutable: every feature reads the same one. */
export interface Analysis {
  readonly text: string;
  readonly hint: FormatHint;
  readonly format: SourceFormat;
  /** The format's name as messages give it (`JSON`, `Terraform`). */
  readonly formatName: string;
  /** The findings, syntax errors, the policy file the adapter read and the documents inside it. */
  readonly result: FormatLintResult;
}

export function analyze(text: string, hint: FormatHint = {}, options: LintOptions = {}): Analysis {
  const adapter = adapterOf(text, hint);
  return Object.freeze({ text, hint, format: adapter.id, formatName: adapter.displayName, result: lintText(text, hint, options) });
}

/**
 * `text` is `previous.text` with `edits` applied (the editor's change events, in order) and is analysed next:
 * its format may read it from what `previous` read (a YAML template's edited entry read again,
 * src/formats/yaml/yamlEditedTree.ts); the analysis is the one `analyze` gives either way. Call the returned
 * function after that analysis: it drops a reading that was not taken. `previous` is not kept.
 * `previousDropped`: the caller drops `previous` now and reads nothing of it again, not even what was answered
 * from it (the worker, which keeps one analysis per document): the format may then change what `previous`
 * read into the reading of `text` instead of copying it (`previous` is unusable afterwards).
 */
export function offerChangedReading(previous: Analysis, edits: readonly TextReplacement[], text: string, hint: FormatHint = {}, previousDropped = false): () => void {
  const adapter = adapterOf(text, hint);
  const file = previous.result.file;
  if (!file || adapter.id !== previous.format || !adapter.offerReadingAfterChanges) return () => undefined;
  adapter.offerReadingAfterChanges(previous.text, file, edits, text, previousDropped);
  return () => adapter.withdrawReading?.();
}

/**
 * The findings `analyze(text, hint).result.findings` holds, for a plain JSON policy read statement by statement
 * (src/formats/json/inParts.ts), without the tree and model of the whole file: what the command line prints
 * of a large file it does not fix. Handed to `take` a batch at a time, each batch in document order but not
 * the batches (compareFindings orders them all). False where that reading does not fit the text: `analyze` it.
 */
export function findingsInBatches(text: string, hint: FormatHint, take: (findings: readonly Finding[]) => void, options: LintOptions = {}): boolean {
  return adapterOf(text, hint).id === 'json' && jsonFindingsInBatches(text, take, options);
}

/** What a fix may write and how: the values it fills in, the file's layout, and what it must not do. */
export interface FixSettings {
  readonly values: GrantValues;
  readonly formatting: FormattingPreferences;
  readonly unattended?: boolean;
  readonly onlyPreferred?: boolean;
  readonly withoutPlaceholders?: boolean;
}

/** The fixes of one finding of the analysis, in every format (embedded texts included). Never throws. */
export function fixes(analysis: Analysis, finding: Finding, settings: FixSettings): FixProposal[] {
  return fixesInFormat({ text: analysis.text, hint: analysis.hint, result: analysis.result, finding, ...settings });
}

/**
 * A step that reads ahead, about `chars` characters' worth at a time, what every quick fix of this version reads
 * of the whole file (src/policy/fixes/readAhead.ts); true when all is read. Fixes are the same with or without it.
 */
export function fixesReadAheadOf(analysis: Analysis): (chars: number) => boolean {
  const result = analysis.result;
  return result.file ? fixesReadAhead({ ...result, file: result.file }) : () => true;
}

/** The fix that can be applied unattended (no choice to make), if any. */
export function unattendedFix(analysis: Analysis, finding: Finding, settings: FixSettings): FixProposal | undefined {
  return unattendedFixInFormat({ text: analysis.text, hint: analysis.hint, result: analysis.result, finding, ...settings });
}

/** The "Suppress <id> on this line" edit for a finding of the analysis, where a comment can do it. */
export function suppression(analysis: Analysis, finding: Finding): OffsetEdit | undefined {
  return suppressionEdit(analysis.text, analysis.hint, finding, analysis.result);
}

export interface FixAllSettings extends FixAllOptions {
  /** How the texts of later rounds are linted (the CLI applies its rule levels); by default as `analyze` does. */
  readonly linterFor?: LinterFor;
}

/**
 * Fix-all: the text after every preferred fix, round by round. The first round reads the analysis when it is
 * given one (`result`); later rounds lint their own texts. Never throws: on any failure the text comes back.
 */
export function fixAll(
  source: Pick<Analysis, 'text' | 'hint'> & Partial<Pick<Analysis, 'result'>>,
  values: GrantValues,
  formatting: FormattingPreferences,
  settings: FixAllSettings = {},
): string {
  const { linterFor = (hint: FormatHint) => (text: string) => lintText(text, hint), ...options } = settings;
  const firstRound: LinterFor = (hint) => (text) =>
    source.result !== undefined && text === source.text && hint === source.hint ? source.result : linterFor(hint)(text);
  return fixAllInFormat(source.text, source.hint, values, formatting, firstRound, options);
}

/**
 * Where "Add SES Grant" puts a grant of `kind`: where the text's format has a place of its own for it (the
 * resources of a CloudFormation template or a Terraform module, which needs the Terraform parser loaded),
 * else into the policy the text is (or a new one when the text is empty).
 */
export function planInsert(analysis: Pick<Analysis, 'text' | 'hint'>, kind: InsertKind, values: GrantValues, formatting: FormattingPreferences): InsertPlan {
  const { text, hint } = analysis;
  return adapterOf(text, hint).planInsert?.(text, hint, kind, values, formatting) ?? { into: 'policy', plan: planGrantInsert(text, kind, values, formatting) };
}

/**
 * The account and region the text's module names itself (a Terraform module's caller identity and region data
 * sources, in the text or the module's other files of the hint), as expressions: "Add SES Grant" writes these
 * and asks only for the others. Empty when the format has none or reads nothing yet.
 */
export function moduleReferencesOf(analysis: Pick<Analysis, 'text' | 'hint'>): { readonly accountId?: string; readonly region?: string } {
  const references = adapterOf(analysis.text, analysis.hint).moduleReferences;
  const file = references && readPolicies(analysis.text, analysis.hint);
  return references && file ? references(file) : {};
}

/**
 * The policies a text holds as its format reads them, not linted, and also when the text names no SES yet
 * (which the lint skips): what "Add SES Grant" takes its default targets from. Undefined when the format
 * reads nothing there (YAML that is no template, a parser still loading).
 */
export function policiesOf(analysis: Pick<Analysis, 'text' | 'hint'> & Partial<Pick<Analysis, 'result'>>): PolicyFile | undefined {
  return analysis.result?.file ?? readPolicies(analysis.text, analysis.hint);
}

/** The hover at an offset of the analysed text: Markdown (document text escaped) and the span it explains. */
export function hoverAt(analysis: Analysis, offset: number, locale: string | undefined, docsLink: (id: string) => string): { readonly markdown: string; readonly span: Span } | undefined {
  const target = hoverTargetIn(analysis.result, offset);
  const markdown = target && hoverMarkdown(target, locale, docsLink);
  return target && markdown ? { markdown, span: target.span } : undefined;
}
