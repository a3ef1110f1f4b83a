import { ruleInfo } from '../../policy/catalogue';
import type { Finding } from '../../policy/findings';
import {
  applyOffsetEdits,
  fixAllText,
  fixContextFor,
  fixesFor,
  type FixAllOptions,
  type FixContext,
  type FixProposal,
  type FormattingPreferences,
  type Linter,
  type OffsetEdit,
} from '../../policy/fixes';
import type { EmbeddedPolicy } from '../../policy/model';
import { hasPlaceholders, renderPlain, type GrantValues } from '../../policy/templates';
import { minimalReplacement } from '../../policy/textDiff';
import { sameSpan, spanInside as inside, type Span } from '../../policy/tree';
import type { OwnFixAllRun } from '../adapter';
import { embeddedHolding } from '../embedded/holding';
import { adapterOf, codeBlockFormatOf, lintText, type EmbeddedDocument, type FormatHint, type FormatLintResult } from '../index';
import { blockTextAt, blockTextsByStart } from '../markdown';
import { AS_WRITTEN } from '../offsetMap';
import { mapEdits, outerEdits, rendered, type Embedding } from './embeddedEdits';

/**
 * Fixes in every format, for the editor's quick fixes, fix-all and the CLI. A finding inside an embedded
 * text (a Markdown code block, a policy in a JSON string or a shell argument) is fixed on that text by its
 * own format, and the edits are written back through the embedding (embeddedEdits.ts); a finding on the
 * format's own statements is fixed as its adapter says (`fixing`: its own fixes, such as a shell command
 * line's flags, else the core's recipes through the editing it gives).
 */
export interface FormatFixRequest {
  readonly text: string;
  readonly hint: FormatHint;
  /** `lintText(text, hint)`: the findings and what the adapters read. */
  readonly result: FormatLintResult;
  readonly finding: Finding;
  readonly values: GrantValues;
  readonly formatting: FormattingPreferences;
  readonly unattended?: boolean;
  readonly onlyPreferred?: boolean;
  readonly withoutPlaceholders?: boolean;
}

/** Never throws; exactly one proposal is preferred when there are any. */
export function fixesInFormat(request: FormatFixRequest): FixProposal[] {
  try {
    return withOnePreferred(proposalsFor(request));
  } catch {
    return [];
  }
}

/** The preferred fix that can be applied unattended, else the first alternative that can (as `unattendedFix`). */
export function unattendedFixInFormat(request: FormatFixRequest): FixProposal | undefined {
  const unattended = { ...request, unattended: true };
  return fixesInFormat({ ...unattended, onlyPreferred: true }).find((p) => p.preferred) ?? fixesInFormat(unattended).find((p) => p.preferred);
}

function proposalsFor(request: FormatFixRequest): FixProposal[] {
  const { text, result, finding } = request;
  for (const document of result.documents ?? []) {
    const inner = document.result.findings.find((f) => f.id === finding.id && sameSpan(document.map.spanToOuter(f.span), finding.span));
    if (!inner) continue;
    const proposals = proposalsFor({ ...request, text: document.text, hint: { languageId: document.languageId }, result: document.result, finding: inner });
    return throughEmbedding(text, documentEmbedding(document), proposals);
  }
  const file = result.file;
  if (!file) return [];
  const policy = embeddedHolding(file.embedded ?? [], finding);
  if (policy) return embeddedPolicyFixes(request, policy);
  const ownFixes = adapterOf(text, request.hint).fixing?.ownFixes;
  if (ownFixes) return ownFixes(text, file, finding, request.values).filter((p) => !request.unattended || appliesUnattended(request, p));
  return fixesFor(contextOf(request, text, file, finding, result));
}

/** `reading`: the lint of `text` with `request.hint`'s linter, which the trust check then need not make again. */
function contextOf(request: FormatFixRequest, text: string, file: NonNullable<FormatLintResult['file']>, finding: Finding, reading: FormatLintResult): FixContext {
  const context = fixContextFor(text, file, finding, request.values, request.formatting);
  return {
    ...context,
    ...(request.unattended ? { unattended: true } : {}),
    ...(request.onlyPreferred ? { onlyPreferred: true } : {}),
    ...(request.withoutPlaceholders ? { withoutPlaceholders: true } : {}),
    lint: linterFor(request.hint),
    reading,
  };
}

const LINTERS = new WeakMap<FormatHint, (text: string) => FormatLintResult>();

/**
 * One linter function per hint: the trust check keeps the last file it linted keyed by text and linter, so
 * the quick fixes of several findings of one analysis (which share its hint) lint the file as it is once.
 */
function linterFor(hint: FormatHint): (text: string) => FormatLintResult {
  let lint = LINTERS.get(hint);
  if (!lint) {
    lint = (text: string) => lintText(text, hint);
    LINTERS.set(hint, lint);
  }
  return lint;
}

/** As the core decides for its own fixes: a placeholder written on save only into an open or dead grant, and only when allowed. */
function appliesUnattended(request: FormatFixRequest, proposal: FixProposal): boolean {
  const placeholders = proposal.edits.some((edit) => hasPlaceholders(edit.content));
  return !placeholders || (!request.withoutPlaceholders && ruleInfo(proposal.findingId).severity === 'error');
}

/** A policy decoded from a string or argument is fixed as the policy it is (JSON, or Terraform), then written back in its encoding. */
function embeddedPolicyFixes(request: FormatFixRequest, policy: EmbeddedPolicy): FixProposal[] {
  const hint = innerHint(policy);
  const innerResult = lintText(policy.text, hint);
  const inner = innerResult.findings.find((f) => f.id === request.finding.id && sameSpan(policy.map.spanToOuter(f.span), request.finding.span));
  if (!inner || !innerResult.file) return [];
  const values = embeddedValues(request.text, request.hint, request.result.file, request.values);
  // The trust check reads the fixed text with the linter of the policy's own format.
  const proposals = fixesFor(contextOf({ ...request, hint, values }, policy.text, innerResult.file, inner, innerResult));
  return throughEmbedding(request.text, policyEmbedding(policy, request.hint), proposals);
}

/**
 * The values a fix writes inside a policy embedded in a file, as its format says (a Terraform module's own
 * account and region, written as interpolations), else the values given.
 */
function embeddedValues(text: string, hint: FormatHint, file: FormatLintResult['file'], values: GrantValues): GrantValues {
  const ofFormat = file && adapterOf(text, hint).fixing?.embeddedValues;
  return ofFormat ? ofFormat(values, file) : values;
}

function throughEmbedding(outerText: string, embedding: Embedding, proposals: readonly FixProposal[]): FixProposal[] {
  const written: FixProposal[] = [];
  for (const proposal of proposals) {
    const edits = outerEdits(outerText, embedding, proposal.edits);
    if (edits) written.push({ ...proposal, edits });
  }
  return written;
}

function withOnePreferred(proposals: readonly FixProposal[]): FixProposal[] {
  const preferredIndex = Math.max(
    0,
    proposals.findIndex((p) => p.preferred),
  );
  return proposals.map((p, i) => (p.preferred === (i === preferredIndex) ? p : { ...p, preferred: i === preferredIndex }));
}


function startOf(map: { spanToOuter(span: Span): Span }): number {
  return map.spanToOuter({ offset: 0, length: 0 }).offset;
}

const JSON_HINT: FormatHint = { languageId: 'json' };
/** A `${jsonencode({…})}` of Terraform's JSON syntax is fixed as the native Terraform it is. */
const TERRAFORM_HINT: FormatHint = { fileName: 'main.tf' };

/** The format a decoded policy's text is read in. */
function innerHint(policy: EmbeddedPolicy): FormatHint {
  return policy.source === 'terraform-json-expression' ? TERRAFORM_HINT : JSON_HINT;
}

/** How a decoded policy is written in its file, as its embedding says; read back by linting the edited file. */
function policyEmbedding(policy: EmbeddedPolicy, hint: FormatHint): Embedding {
  const start = startOf(policy.map);
  return {
    innerText: policy.text,
    map: policy.map,
    encodings: policy.encodings,
    reread: (outerText) => lintText(outerText, hint, { ignoreSuppressions: true }).file?.embedded?.find((p) => startOf(p.map) === start)?.text,
  };
}

/**
 * The linter, answering a second question about the text it read last from that reading: fix-all's last round
 * lints its result to check it, and that very text is what is read next (its embedded texts); linting it twice
 * cost a whole lint of the file (a fifth of fix-all on a large template).
 */
function keepingLastReading<L extends (text: string) => unknown>(lint: L): L {
  let last: { text: string; result: ReturnType<L> } | undefined;
  return ((text: string) => {
    if (last?.text !== text) last = { text, result: lint(text) as ReturnType<L> };
    return last.result;
  }) as L;
}

/** A Markdown code block: its text as written, each new line with the block's indentation and quote markers. */
function documentEmbedding(document: EmbeddedDocument): Embedding {
  const start = startOf(document.map);
  return { innerText: document.text, map: document.map, encodings: [AS_WRITTEN], reread: (outerText) => blockTextAt(outerText, start, codeBlockFormatOf) };
}

/** What fix-all lints with for a document of a format (the CLI's drops the findings turned off). */
export type LinterFor = (hint: FormatHint) => Linter;

const DEFAULT_LINTER: LinterFor = (hint) => (text) => lintText(text, hint);

/**
 * Fix-all in every format: the file's own statements as its adapter says (the core's fix-all by default; a
 * shell script's command lines), then each embedded text on its own (a Markdown code block, a policy in a
 * string), by its format, written back through its embedding. An embedded text with a finding hidden by an
 * inline suppression is left as it is (its fixes would be re-linted without the comment that hides them).
 * Never throws: on any failure the text comes back.
 */
export function fixAllInFormat(
  text: string,
  hint: FormatHint,
  values: GrantValues,
  formatting: FormattingPreferences,
  linterFor: LinterFor = DEFAULT_LINTER,
  options: FixAllOptions = {},
): string {
  try {
    const run: FixAllRun = { values, formatting, linterFor, options };
    const lint = keepingLastReading(linterFor(hint));
    const ownFixAll = adapterOf(text, hint).fixing?.ownFixAll;
    const ownRun: OwnFixAllRun = {
      values,
      formatting,
      options,
      unattendedFix: (current, result, finding) => unattendedFixInFormat({ text: current, hint, result, finding, values, formatting, ...options }),
    };
    const own = ownFixAll ? ownFixAll(text, lint, ownRun) : fixAllText(text, values, formatting, lint, options);
    const result: FormatLintResult = lint(own);
    // A file holding documents of their own (Markdown) has no policy of its own to fix.
    return result.documents ? fixDocuments(own, hint, result, run) : fixEmbeddedPolicies(own, hint, result, run);
  } catch {
    return text;
  }
}

interface InnerChange {
  readonly embedding: Embedding;
  readonly edits: readonly OffsetEdit[];
}

/** What every level of one fix-all passes down. */
interface FixAllRun {
  readonly values: GrantValues;
  readonly formatting: FormattingPreferences;
  readonly linterFor: LinterFor;
  readonly options: FixAllOptions;
}

/**
 * Each code block fixed by its format. The blocks' edits are written as they are (a block's text is its lines
 * with the fence's indentation and quote markers) and checked together, with one reading of the edited file:
 * reading the file again for each block would cost a pass over a large file per block.
 */
function fixDocuments(text: string, hint: FormatHint, result: FormatLintResult, run: FixAllRun): string {
  const hidden = hiddenFindings(text, hint, result);
  const candidates: { start: number; edits: OffsetEdit[]; expected: string }[] = [];
  for (const document of result.documents ?? []) {
    if (document.result.findings.length === 0 || hidesSome(hidden, document.map.spanToOuter({ offset: 0, length: document.text.length }))) continue;
    const fixed = fixAllInFormat(document.text, { languageId: document.languageId }, run.values, run.formatting, run.linterFor, run.options);
    const change = minimalReplacement(document.text, fixed);
    const edits = change && mapEdits(text, documentEmbedding(document), [change], AS_WRITTEN);
    if (edits) candidates.push({ start: startOf(document.map), edits: edits.map(rendered), expected: fixed });
  }
  if (candidates.length === 0) return text;
  // Where each block starts once the edits before it are applied.
  let shift = 0;
  const shifted = candidates.map((candidate) => {
    const start = candidate.start + shift;
    for (const edit of candidate.edits) shift += edit.content.length - edit.length;
    return start;
  });
  const texts = blockTextsByStart(applyOffsetEdits(text, candidates.flatMap((c) => c.edits)), codeBlockFormatOf);
  const faithful = candidates.filter((candidate, index) => texts.get(shifted[index]!) === candidate.expected);
  return applyOffsetEdits(text, faithful.flatMap((c) => c.edits));
}

/**
 * Each embedded policy fixed as the JSON it is and written back through its embedding. The policies' edits are
 * written in their likeliest encoding and checked together, with one reading of the edited file (a reading
 * per policy would cost a pass over the whole file per policy); a policy that does not read back as fixed
 * is then tried alone in each of its encodings, as a single quick fix is.
 */
function fixEmbeddedPolicies(text: string, hint: FormatHint, result: FormatLintResult, run: FixAllRun): string {
  const file = result.file;
  // Only policies whose statements are the file's (`--cli-input-json` input is part of its command's statement).
  const policies = (file?.embedded ?? []).filter((policy) => file!.statements.some((statement) => inside(statement.node.span, policy.root.span)));
  if (policies.length === 0) return text;
  const hidden = hiddenFindings(text, hint, result);
  // One file, one format: the values its embedded policies are written with are the same for all of them.
  const values = embeddedValues(text, hint, file, run.values);
  const candidates: { start: number; embedding: Embedding; change: OffsetEdit; edits: OffsetEdit[] | undefined; expected: string }[] = [];
  for (const policy of policies) {
    if (hidesSome(hidden, policy.root.span)) continue;
    const fixed = fixAllText(policy.text, values, run.formatting, run.linterFor(innerHint(policy)), run.options);
    const change = minimalReplacement(policy.text, fixed);
    if (!change) continue;
    const embedding = policyEmbedding(policy, hint);
    const edits = mapEdits(text, embedding, [change], embedding.encodings[0]!)?.map(rendered);
    candidates.push({ start: startOf(policy.map), embedding, change, edits, expected: applyOffsetEdits(policy.text, [rendered(change)]) });
  }
  candidates.sort((a, b) => a.start - b.start);
  const together = candidates.filter((candidate) => candidate.edits);
  const reread = rereadPolicies(applyOffsetEdits(text, together.flatMap((c) => c.edits!)), hint);
  let shift = 0;
  const faithful = new Set<(typeof candidates)[number]>();
  for (const candidate of together) {
    if (reread.get(candidate.start + shift) === candidate.expected) faithful.add(candidate);
    for (const edit of candidate.edits!) shift += edit.content.length - edit.length;
  }
  const changes: InnerChange[] = [];
  for (const candidate of candidates) {
    if (faithful.has(candidate)) changes.push({ embedding: candidate.embedding, edits: candidate.edits! });
    else {
      const edits = outerEdits(text, candidate.embedding, [candidate.change]);
      if (edits) changes.push({ embedding: candidate.embedding, edits });
    }
  }
  return applyChanges(text, changes);
}

/** The embedded policies of a text by where each starts: the policies of an edited file, read once. */
function rereadPolicies(text: string, hint: FormatHint): Map<number, string> {
  const policies = lintText(text, hint, { ignoreSuppressions: true }).file?.embedded ?? [];
  return new Map(policies.map((policy) => [startOf(policy.map), policy.text]));
}

/** The changes of separate embeddings (their edits lie in different places) applied together. */
function applyChanges(text: string, changes: readonly InnerChange[]): string {
  return changes.length === 0 ? text : applyOffsetEdits(text, changes.flatMap((change) => change.edits.map((e) => ({ ...e, content: renderPlain(e.content) }))));
}

/** The spans of findings an inline suppression hides (those linting without suppressions adds). */
function hiddenFindings(text: string, hint: FormatHint, result: FormatLintResult): Span[] {
  const all = lintText(text, hint, { ignoreSuppressions: true }).findings;
  if (all.length === result.findings.length) return [];
  const shown = new Set(result.findings.map((f) => `${f.id}@${f.span.offset}:${f.span.length}`));
  return all.filter((f) => !shown.has(`${f.id}@${f.span.offset}:${f.span.length}`)).map((f) => f.span);
}

function hidesSome(hidden: readonly Span[], range: Span): boolean {
  return hidden.some((span) => span.offset >= range.offset && span.offset <= range.offset + range.length);
}
