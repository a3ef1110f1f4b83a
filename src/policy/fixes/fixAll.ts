import type { Finding } from '../findings';
import type { LintResult } from '../lint';
import type { PolicyFile } from '../model';
import { renderPlain, type GrantValues } from '../templates';
import { applyOffsetEdits, fixContextFor, mergeValues, unattendedFix } from './api';
import { inferValues } from './infer';
import { keepsComments } from './comments';
import { TakenRanges } from './takenRanges';
import { keepsOtherStatements, writesNoNewAccount } from './statementGuards';
import { keepsReading, lintedAlready, readingOf } from './trustGuard';
import type { FixContext, FormattingPreferences, OffsetEdit } from './types';

/** More rounds than any real file needs: each round fixes at least one finding in every statement it can. */
const MAX_ROUNDS = 200;

/**
 * Applies the preferred fix of every fixable finding, re-linting between rounds, and returns the final text
 * with placeholder marks rendered as the guide's names. A round applies a batch of fixes whose edits do not
 * touch each other, at most one per statement; if the batch as a whole misbehaves, its fixes are tried one
 * at a time.
 *
 * Guarantees: deterministic (findings in document order); never corrupts (a result with more syntax errors
 * or fewer comments is discarded); keeps inline suppressions working (a result in which a suppression hides
 * less, e.g. a fix reflowed the line under a `ses-grants-disable-next-line` comment, is discarded, so the
 * finding it hides is neither shown nor fixed); idempotent (a fix is only kept when its finding goes away or
 * its builder has nothing more to offer, so a second call finds nothing it would change).
 */
export function fixAllText(
  text: string,
  values: GrantValues,
  formatting: FormattingPreferences,
  lint: Linter,
  options: FixAllOptions = {},
): string {
  try {
    return fixRounds({ text, lint: lint(text) }, values, { ...formatting, ...options }, lint);
  } catch {
    // Fix-all runs on save: a builder tripping over odd input must not lose the user's text.
    return text;
  }
}

function fixRounds(initial: Step, values: GrantValues, formatting: RunPreferences, lint: Linter): string {
  let state = initial;
  // Files whose format gives an editing are fixed (fixesFor offers nothing elsewhere).
  if (!initial.lint.file?.editing) return state.text;
  const attempted = new Set<string>();
  // Findings that got no proposal, by the values the file gave then: a later round's fix elsewhere (a malformed
  // SourceArn corrected) may give the rule or region they lacked, and then they are tried again; without this
  // a second run would still change the text.
  const withoutProposal = new Set<string>();
  let valuesBefore = '';
  for (let round = 0; round < MAX_ROUNDS && state.lint.file; round++) {
    const roundValues = mergeValues(values, inferValues(state.lint.file));
    const valuesNow = JSON.stringify(roundValues);
    if (valuesNow !== valuesBefore) {
      for (const signature of withoutProposal) attempted.delete(signature);
      withoutProposal.clear();
      valuesBefore = valuesNow;
    }
    const batch = pickBatch(state.text, state.lint.file, state.lint.findings, roundValues, formatting, attempted, withoutProposal);
    if (batch.length === 0) break;
    let next: Step | undefined = batch.length > 1 ? tryApply(state, batch, values, formatting, lint) : undefined;
    if (next) {
      for (const candidate of batch) attempted.add(candidate.signature);
    } else {
      for (const candidate of batch) {
        attempted.add(candidate.signature);
        next = tryApply(state, [candidate], values, formatting, lint);
        if (next) break;
      }
    }
    if (next) {
      state = next;
      // A fix changes its statement: findings there that had no fix may have one now (a key moved to its own
      // block can be renamed), so they are tried again; without this a second run would still change the text.
      const changed = new Set(batch.map((candidate) => placeOf(candidate.signature)));
      const applied = new Set(batch.map((candidate) => candidate.signature));
      for (const signature of attempted) if (!applied.has(signature) && changed.has(placeOf(signature))) attempted.delete(signature);
    }
  }
  return state.text;
}

/** The ordinal of the statement a signature names; undefined for a document-level finding. */
function statementOf(signature: string): number | undefined {
  const ordinal = /^s(\d+)$/.exec(placeOf(signature))?.[1];
  return ordinal === undefined ? undefined : Number(ordinal);
}

/** The statement (or document-level ordinal) a signature names. */
function placeOf(signature: string): string {
  // As `signature.split('\u0000')[1] ?? ''`, without an array per call (fix-all asks for every signature of a round).
  const start = signature.indexOf('\u0000');
  if (start < 0) return '';
  const end = signature.indexOf('\u0000', start + 1);
  return end < 0 ? signature.slice(start + 1) : signature.slice(start + 1, end);
}

export interface FixAllOptions {
  /**
   * Leave alone what needs a value nobody gave, rather than writing the guide's placeholder name (the editor
   * writes `AWSACCOUNTID` into an open grant on save, for the user to fill in; the command-line tool does not).
   */
  readonly withoutPlaceholders?: boolean;
}

/** The formatting, plus the options every fix context of the run carries. */
type RunPreferences = FormattingPreferences & FixAllOptions;

/**
 * How fix-all lints between rounds: the format's linter (`lintText` of src/formats, or plain JSON's
 * `lintJsonText`); the edits follow the editing the linted file carries.
 */
export type Linter = (text: string) => LintResult;

interface Step {
  readonly text: string;
  readonly lint: LintResult;
}

interface Candidate {
  readonly signature: string;
  /** The fix's title: it names the account kept when a fix keeps one of several. */
  readonly title: string;
  readonly edits: readonly OffsetEdit[];
}

/** Fixes for one round (`values`: the settings, then what the file gives): document order, edits apart from each other, one per statement. */
function pickBatch(
  text: string,
  file: PolicyFile,
  findings: readonly Finding[],
  values: GrantValues,
  formatting: RunPreferences,
  attempted: Set<string>,
  withoutProposal: Set<string>,
): Candidate[] {
  const batch: Candidate[] = [];
  const taken = new TakenRanges();
  const statements = new Set<number>();
  const signatures = signaturesOf(file, findings);
  const open = openStatements(findings);
  for (const [index, finding] of findings.entries()) {
    const signature = signatures[index]!;
    if (attempted.has(signature)) continue;
    const statement = finding.statementSpan?.offset;
    // An open grant is closed first: until then, a fix that makes it work (an object ARN for a bucket ARN, a
    // look-alike principal corrected) would let SES in for any account. Without the values to close it, the
    // grant is left as it is; the finding stays for the user.
    if (statement !== undefined && open.has(statement) && !isOpenGrant(finding)) continue;
    if (statement !== undefined && statements.has(statement)) continue;
    const proposal = unattendedFix(runContext(text, file, finding, values, formatting));
    if (!proposal) {
      attempted.add(signature);
      withoutProposal.add(signature);
      continue;
    }
    const edits = proposal.edits.map((e) => ({ ...e, content: renderPlain(e.content) }));
    if (edits.some((edit) => taken.touches(edit))) continue;
    if (statement !== undefined) statements.add(statement);
    batch.push({ signature, title: proposal.title, edits });
    for (const edit of edits) taken.add(edit);
  }
  return batch;
}

/** An SES grant no source condition restricts (`s3-missing-source-conditions`…). */
function isOpenGrant(finding: Finding): boolean {
  return finding.id.endsWith('-missing-source-conditions');
}

/** The statements (by offset) that hold an open grant. */
function openStatements(findings: readonly Finding[]): Set<number> {
  return new Set(findings.filter(isOpenGrant).flatMap((f) => (f.statementSpan ? [f.statementSpan.offset] : [])));
}



/**
 * Applies the candidates' edits together; undefined when the result is damaged, touches another statement,
 * names a new account, a fix made no progress, or an inline suppression stopped hiding what it hid (its
 * comment no longer right above its line).
 */
function tryApply(
  before: Step,
  batch: readonly Candidate[],
  settings: GrantValues,
  formatting: RunPreferences,
  lint: Linter,
): Step | undefined {
  const edits = batch.flatMap((c) => c.edits);
  const next = applyOffsetEdits(before.text, edits);
  if (next === before.text) return undefined;
  // The trust guard may have read this very text already (one statement's fix, checked against the whole file).
  const result = lintedAlready(next, lint) ?? lintEdited(before, edits, next, lint);
  if (!result.file || !before.lint.file || !keepsStructure(before, { text: next, lint: result }, edits)) return undefined;
  // A round in which a suppression hides less would undo what the user accepted.
  if (unusedSuppressions(result) > unusedSuppressions(before.lint)) return undefined;
  const fixed = new Set(batch.map((candidate) => statementOf(candidate.signature)).filter((n) => n !== undefined));
  if (!keepsOtherStatements(before.lint.file, result.file, fixed)) return undefined;
  const receiving = mergeValues(settings, inferValues(before.lint.file)).accountId;
  if (!writesNoNewAccount(before.lint.file, result.file, receiving)) return undefined;
  if (!batch.every((candidate) => keepsItsStatement(before.lint, result, candidate, receiving))) return undefined;
  // A fix that leaves its grant contradicting itself (a SourceArn of another account than SourceAccount) made it dead.
  if (CONTRADICTIONS.some((id) => count(result.findings, id) > count(before.lint.findings, id))) return undefined;
  const remaining = new Map<string, Finding>();
  signaturesOf(result.file, result.findings).forEach((signature, index) => {
    if (!remaining.has(signature)) remaining.set(signature, result.findings[index]!);
  });
  for (const candidate of batch) {
    if (!madeProgress(next, result.file, remaining.get(candidate.signature), settings, formatting)) return undefined;
  }
  return { text: next, lint: result };
}

/** `lint(next)`, its format's reader told first what `next` is made of (`readingAfterEdits`). */
function lintEdited(before: Step, edits: readonly OffsetEdit[], next: string, lint: Linter): LintResult {
  const file = before.lint.file;
  file?.editing?.readingAfterEdits?.(before.text, file, edits, next);
  return lint(next);
}

/**
 * The quick fix's promise (trustGuard) kept by each fix of a round, in every format: its statement gains no
 * error finding (a mistyped operator corrected turns a wildcard SourceArn under it into
 * `condition-wildcard-without-like`) and trusts the same accounts (a template's encryption-context account
 * dropped for the stack's own).
 */
function keepsItsStatement(before: LintResult, after: LintResult, candidate: Candidate, receiving: string | undefined): boolean {
  const ordinal = statementOf(candidate.signature);
  const was = ordinal === undefined ? undefined : before.file?.statements[ordinal];
  const now = ordinal === undefined ? undefined : after.file?.statements[ordinal];
  if (!was || !now) return true;
  const fix = { findingId: candidate.signature.split('\u0000')[0]!, title: candidate.title, receiving };
  return keepsReading(fix, readingOf(before, was), readingOf(after, now));
}

/** Findings that say the grant can never match: its source keys contradict each other or name no receipt rule. */
const CONTRADICTIONS = ['source-account-mismatch', 'source-arn-malformed'];

/** Each counted apart: a malformed SourceArn rewritten into another account's ARN trades one for the other. */
function count(findings: readonly Finding[], id: string): number {
  return findings.filter((f) => f.id === id).length;
}

function unusedSuppressions(result: LintResult): number {
  return result.findings.filter((f) => f.id === 'unused-suppression').length;
}

/**
 * Which finding each is, stable across edits elsewhere: id, statement ordinal (else its place among the
 * findings with its id), message. All findings of a lint at once: one pass, whatever their number.
 */
function signaturesOf(file: PolicyFile, findings: readonly Finding[]): string[] {
  const ordinals = new Map<string, number>();
  file.statements.forEach((statement, index) => {
    const key = spanKey(statement.node.span);
    if (!ordinals.has(key)) ordinals.set(key, index);
  });
  const perId = new Map<string, number>();
  return findings.map((finding) => {
    const place = perId.get(finding.id) ?? 0;
    perId.set(finding.id, place + 1);
    const ordinal = finding.statementSpan ? ordinals.get(spanKey(finding.statementSpan)) : undefined;
    const where = ordinal !== undefined ? `s${ordinal}` : `f${place}`;
    return `${finding.id}\u0000${where}\u0000${finding.message}`;
  });
}

function spanKey(span: { readonly offset: number; readonly length: number }): string {
  return `${span.offset}:${span.length}`;
}

/** The finding (`same`: its copy after the edits) is gone, or what is left of it is beyond any fix (e.g. a placeholder nobody configured). */
function madeProgress(text: string, file: PolicyFile, same: Finding | undefined, settings: GrantValues, formatting: RunPreferences): boolean {
  if (!same) return true;
  const values = mergeValues(settings, inferValues(file));
  return unattendedFix(runContext(text, file, same, values, formatting)) === undefined;
}

function runContext(text: string, file: PolicyFile, finding: Finding, values: GrantValues, preferences: RunPreferences): FixContext {
  const { withoutPlaceholders, ...formatting } = preferences;
  const context = fixContextFor(text, file, finding, values, formatting);
  return withoutPlaceholders ? { ...context, withoutPlaceholders } : context;
}

/**
 * No new syntax error, and every comment still there (as many times as before), in the file's format. The
 * errors are the linter's own reading of both texts (a second reading of a large template costs as much as
 * the lint). An editor that keeps comments by construction (`keepsCommentsUnlessRemoving`: YAML's writes no
 * comment, checks each fix on its own text, parses strictly, reads back as intended; its edits of one round
 * lie in different statements) has its results compared only when an edit removes a comment's mark.
 */
function keepsStructure(before: Step, after: Step, edits: readonly OffsetEdit[]): boolean {
  if (after.lint.syntaxErrors.length > before.lint.syntaxErrors.length) return false;
  const editing = before.lint.file?.editing;
  // Without an editing, what was applied only inserts text, between lines: every comment stays.
  if (!editing) return edits.every((edit) => edit.length === 0);
  const mark = editing.keepsCommentsUnlessRemoving;
  if (mark !== undefined && !edits.some((edit) => before.text.slice(edit.offset, edit.offset + edit.length).includes(mark))) return true;
  return keepsComments(before.text, after.text, editing.commentsOf);
}
