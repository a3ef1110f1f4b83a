import { ruleInfo } from '../catalogue';
import { extractPolicies } from '../extract';
import type { Finding } from '../findings';
import { lintPolicyFile, type LintResult } from '../lint';
import type { PolicyFile, Statement } from '../model';
import { mightHoldSesGrant } from '../prefilter';
import type { ObjectNode } from '../tree';
import { renderPlain } from '../templates';
import { namedAccounts } from './common';
import { applyOffsetEdits } from './offsetEdits';
import type { FixContext, FixProposal, OffsetEdit } from './types';

/**
 * The promise every fix keeps about who is trusted, whatever its builder: the statement it edits is read
 * again after the edit, and the proposal is dropped when
 * - the statement gets an error finding it did not have (a grant contradicting itself with
 *   `source-account-mismatch` or `source-arn-malformed` admits nobody; a dead grant made open admits anyone),
 *   except a placeholder left for the user to fill in, and except after a fix that makes the statement
 *   readable as a grant in the first place (its principal, an unknown element);
 * - it trusts another set of accounts (one added, or one dropped that the title does not name as the one
 *   kept), except the receiving account written into a grant that named none.
 * A statement that reads the same outside its file (plain JSON: its editing's `lintStatementAlone`) is read
 * on its own: cheap whatever the file's size. A statement of another format (a template, a Terraform
 * policy) is read through that format's linter (`FixContext.lint`), for quick fixes only: a template's from the
 * few lines its format says the statement's reading depends on (`FormatEditing.statementScope`), else the whole
 * file, before and after. Edits outside the statement are left to the builders and to
 * fix-all's checks of each whole result.
 */

/** Fixes that make a statement readable as an SES grant: what the rules then say about the rest was already there. */
const READING_FIXES: ReadonlySet<string> = new Set(['principal-wildcard', 'principal-service-unknown', 'notprincipal-allow', 'invalid-policy-element']);

export interface StatementReading {
  readonly accounts: readonly string[];
  readonly errors: readonly string[];
}

export function keepsTrust(context: FixContext, proposal: FixProposal): boolean {
  const statement = context.statement;
  if (!statement) return true;
  const lintAlone = context.file.editing?.lintStatementAlone;
  if (!lintAlone) return context.lint && !context.unattended ? keepsTrustInFile(context, statement, proposal, context.lint) : true;
  const { offset, length } = statement.node.span;
  if (proposal.edits.some((edit) => edit.offset < offset || edit.offset + edit.length > offset + length)) return true;
  const original = context.text.slice(offset, offset + length);
  const edited = applyOffsetEdits(
    original,
    proposal.edits.map((edit) => ({ ...edit, offset: edit.offset - offset, content: renderPlain(edit.content) })),
  );
  const read = (statementText: string) => readAlone(statementText, statement, lintAlone);
  const inPlace = readsInPlace(context);
  const before = inPlace ? readStatementInPlace(context.text, statement, original) : read(original);
  const after = (inPlace && readEditedInPlace(context, statement, proposal, edited)) || { reading: read(edited) };
  return !before || !after.reading || sameReading(context, proposal, before, after.reading);
}

/** A statement's text read on its own: an AddPermission body is a document of its own; a policy statement, the only one of a policy. */
function readAlone(statementText: string, statement: Statement, lintAlone: (statementText: string, bodyOfItsOwn: boolean) => LintResult): StatementReading | undefined {
  return readStatement(lintAlone(statementText, statement.shape === 'add-permission'));
}

/**
 * `readAlone` of the edited statement, read instead from the whole edited file when the statement is the
 * file's only one: the file's text is then hardly more than the statement's, and fix-all lints that very text
 * next (tryApply), which then reads it from `lintOnce` instead of again. Undefined where the edited file is not
 * read so (a syntax error, another statement, the statement elsewhere): read the document itself.
 */
function readEditedInPlace(
  context: FixContext,
  statement: Statement,
  proposal: FixProposal,
  edited: string,
): { reading: StatementReading | undefined } | undefined {
  const lintFile = context.file.editing?.lintFile;
  if (context.file.statements.length !== 1 || !lintFile) return undefined;
  const text = applyOffsetEdits(context.text, proposal.edits.map((edit) => ({ ...edit, content: renderPlain(edit.content) })));
  const file = lintOnce(text, lintFile).file;
  const now = file?.statements[0];
  if (!file || !now || file.statements.length !== 1 || file.jsonSyntaxErrors?.length !== 0 || now.shape !== statement.shape) return undefined;
  const { offset, length } = now.node.span;
  if (offset !== statement.node.span.offset || text.slice(offset, offset + length) !== edited) return undefined;
  return { reading: readStatementInPlace(text, now, edited) };
}

/**
 * A statement of a file's text read both ways: from the tree already read, and from its own document's text.
 * The guard takes the first where `readsInPlace` holds, as equal to the second (a test holds them so).
 */
export function statementReadingsBothWays(
  text: string,
  statement: Statement,
  lintAlone: (statementText: string, bodyOfItsOwn: boolean) => LintResult,
): { inPlace: StatementReading | undefined; fromText: StatementReading | undefined } {
  const { offset, length } = statement.node.span;
  const statementText = text.slice(offset, offset + length);
  return { inPlace: readStatementInPlace(text, statement, statementText), fromText: readAlone(statementText, statement, lintAlone) };
}

/** What `lint` read of `text`, when the trust guard read that text last with it (fix-all's next round, checked here). */
export function lintedAlready(text: string, lint: (text: string) => LintResult): LintResult | undefined {
  return lastLint?.text === text && lastLint.lint === lint ? lastLint.result : undefined;
}

function sameReading(context: FixContext, proposal: FixProposal, before: StatementReading, after: StatementReading): boolean {
  return keepsReading({ findingId: context.finding.id, title: proposal.title, receiving: (context.knownValues ?? context.values).accountId }, before, after);
}

/** What a reading of an edited statement is judged by: the finding fixed, the fix's title, the receiving account. */
export interface AppliedFix {
  readonly findingId: string;
  readonly title: string;
  readonly receiving: string | undefined;
}

/**
 * The promise itself, on two readings of one statement (fix-all checks each round with it): no error finding
 * gained (a placeholder left for the user to fill in, and what a fix making the statement readable as a grant
 * reveals, aside), and the same accounts trusted.
 */
export function keepsReading(fix: AppliedFix, before: StatementReading, after: StatementReading): boolean {
  if (!READING_FIXES.has(fix.findingId) && after.errors.some((id) => !before.errors.includes(id) && id !== 'placeholder-left')) return false;
  return sameTrust(before.accounts, after.accounts, fix.receiving, fix.title);
}

/**
 * The same promise in a template, read by its format's linter: the statement's scope before and after, else
 * the whole file (a quick fix is asked for a few findings at a time; fix-all, which lints every round anyway,
 * does not come here).
 */
function keepsTrustInFile(context: FixContext, statement: Statement, proposal: FixProposal, lint: (text: string) => LintResult): boolean {
  const edits = proposal.edits.map((edit) => ({ ...edit, content: renderPlain(edit.content) }));
  const scoped = keepsTrustInScope(context, statement, proposal, edits, lint);
  if (scoped !== undefined) {
    scopeTally.scoped++;
    return scoped;
  }
  scopeTally.whole++;
  const index = context.file.statements.indexOf(statement);
  const edited = applyOffsetEdits(context.text, edits);
  // The format's reader is told what the edited text is made of (a YAML template's lines appended to a
  // statement are spliced into the tree it read of the text before, instead of reading the text again).
  context.file.editing?.readingAfterEdits?.(context.text, context.file, edits, edited);
  const after = lint(edited);
  const before = context.reading ?? lintOnce(context.text, lint);
  const was = before.file?.statements[index];
  const now = after.file?.statements[index];
  if (!was || !now || after.file!.statements.length !== before.file!.statements.length) return true;
  const kept = sameReading(context, proposal, readingOf(before, was), readingOf(after, now));
  if (!kept) scopeTally.wholeDropped++;
  return kept;
}

/**
 * How many trust checks of a template fix read a scope, and how many the whole file: the differential test
 * (trust-scope.test.ts) holds both paths' decisions equal and checks that the scope is taken. `enabled` off: every check reads the whole file.
 */
export const scopeTally = { enabled: true, scoped: 0, whole: 0, wholeDropped: 0 };

/**
 * `keepsTrustInFile`'s decision read from the format's scope of the statement (`FormatEditing.statementScope`: a
 * few lines instead of the file), the same decision as the whole file's, or undefined where the scope cannot
 * promise it: there is none, or it does not read the statement before the edits as the file's lint did (the
 * version's analysis, `context.reading`), or a text it reads has a syntax error (which the whole file's reader
 * recovers from as it will).
 */
function keepsTrustInScope(context: FixContext, statement: Statement, proposal: FixProposal, edits: readonly OffsetEdit[], lint: (text: string) => LintResult): boolean | undefined {
  const reading = context.reading;
  if (!scopeTally.enabled || !reading?.file || reading.file !== context.file || reading.syntaxErrors.length > 0) return undefined;
  const scope = context.file.editing?.statementScope?.(context.text, context.file, statement, edits);
  if (!scope || scope.index < 0) return undefined;
  const before = lintOnce(scope.before, lint);
  const was = before.file?.statements[scope.index];
  if (!was || before.file!.statements.length !== scope.count || before.syntaxErrors.length > 0) return undefined;
  const wasReading = readingOf(before, was);
  if (!sameStatementReading(wasReading, readingOf(reading, statement))) return undefined;
  const after = lint(scope.after);
  if (!after.file || after.syntaxErrors.length > 0 || after.notRead !== undefined) return undefined;
  const now = after.file.statements[scope.index];
  // As the whole file: a statement added or removed (the other resources' are the same) is left to the builder.
  if (!now || after.file.statements.length !== scope.count) return true;
  return sameReading(context, proposal, wasReading, readingOf(after, now));
}

function sameStatementReading(a: StatementReading, b: StatementReading): boolean {
  return a.accounts.length === b.accounts.length && a.accounts.every((x, i) => x === b.accounts[i]) && a.errors.length === b.errors.length && a.errors.every((x, i) => x === b.errors[i]);
}

let lastLint: { text: string; lint: (text: string) => LintResult; result: LintResult } | undefined;

/**
 * The file as it is, linted once for all the proposals asked for on it. Keyed by the linter too: the same
 * text read by another format's linter is another reading.
 */
function lintOnce(text: string, lint: (text: string) => LintResult): LintResult {
  if (lastLint?.text !== text || lastLint.lint !== lint) lastLint = { text, lint, result: lint(text) };
  return lastLint.result;
}

/** The trusted accounts of a statement of a linted file, and the error findings the linter reports in it. */
export function readingOf(result: LintResult, statement: Statement): StatementReading {
  const span = statement.node.span;
  return { accounts: namedAccounts(statement), errors: errorsByStatement(result.findings).get(spanKey(span)) ?? [] };
}

/** Makes the index `readingOf` reads of a lint, ahead of the first fix (readAhead.ts): most of a template's quick fix after its style. */
export function indexErrorsAhead(result: LintResult): void {
  errorsByStatement(result.findings);
}

const ERRORS_BY_STATEMENT = new WeakMap<readonly Finding[], ReadonlyMap<string, readonly string[]>>();

/**
 * The ids of a lint's error findings by the span of their statement, in the findings' order: made once per
 * lint, as fix-all reads every fixed statement of a round from it (a filter of all findings per statement
 * made a round on a template with 500 open grants quadratic).
 */
function errorsByStatement(findings: readonly Finding[]): ReadonlyMap<string, readonly string[]> {
  let index = ERRORS_BY_STATEMENT.get(findings);
  if (!index) {
    const built = new Map<string, string[]>();
    for (const finding of findings) {
      if (!finding.statementSpan || ruleInfo(finding.id).severity !== 'error') continue;
      const key = spanKey(finding.statementSpan);
      const ids = built.get(key);
      if (ids) ids.push(finding.id);
      else built.set(key, [finding.id]);
    }
    index = built;
    ERRORS_BY_STATEMENT.set(findings, index);
  }
  return index;
}

function spanKey(span: { readonly offset: number; readonly length: number }): string {
  return `${span.offset}:${span.length}`;
}

/**
 * Whether a fix keeps who is trusted: the same accounts; the receiving account written into a grant that named
 * none; or one of several accounts kept, when the fix's title names it (the user picks it).
 */
function sameTrust(was: readonly string[], now: readonly string[], receiving: string | undefined, title: string): boolean {
  if (was.length === now.length && was.every((account) => now.includes(account))) return true;
  if (was.length === 0) return now.every((account) => account === receiving);
  return now.length > 0 && now.every((account) => was.includes(account) && title.includes(account));
}

/** The trusted accounts and error finding ids of a document holding one statement. */
function readStatement(result: LintResult): StatementReading | undefined {
  return result.file && readingOfOnly(result.file, result.findings);
}

function readingOfOnly(file: PolicyFile, findings: readonly Finding[]): StatementReading | undefined {
  const statement: Statement | undefined = file.statements[0];
  if (!statement || file.statements.length !== 1) return undefined;
  const errors = findings.filter((f) => ruleInfo(f.id).severity === 'error').map((f) => f.id);
  return { accounts: namedAccounts(statement), errors };
}

/**
 * Whether the statement's tree, read with the file, is the tree `readStatement` would read from its text: the
 * file is the text as it is, read as JSON without a syntax error (a statement's text then reads alone as it
 * reads in the file), and holds no policy decoded from a string (whose nodes are not the file's text).
 */
function readsInPlace(context: FixContext): boolean {
  const file = context.file;
  return file.text === context.text && file.jsonSyntaxErrors?.length === 0 && (file.embedded ?? []).length === 0;
}

/**
 * `readAlone` for the statement as it is, from the tree already read instead of its text read
 * again (in a statement holding a value nested thousands deep, reading is most of a fix's cost): the same
 * document around the same nodes, linted by the same rules. The offsets are the file's, not the document's: a
 * reading holds none (accounts and finding ids), and the rules read no text but its length, to keep spans in it.
 */
function readStatementInPlace(text: string, statement: Statement, statementText: string): StatementReading | undefined {
  // The prefilter answers for the statement's text as for the document around it (whose wrapping names no SES).
  if (!mightHoldSesGrant(statementText)) return undefined;
  const node = statement.node;
  const span = node.span;
  const root: ObjectNode =
    statement.shape === 'add-permission'
      ? node
      : {
          type: 'object',
          span,
          properties: [{ key: 'Statement', keySpan: span, value: { type: 'array', span, items: [node] }, span }],
        };
  const file = extractPolicies(text, root);
  return readingOfOnly(file, lintPolicyFile(file));
}
