import type { Finding } from '../findings';
import { ruleInfo } from '../catalogue';
import type { PolicyFile, Statement } from '../model';
import { hasPlaceholders, type GrantValues } from '../templates';
import { FIX_BUILDERS } from './registry';
import { keepsTrust } from './trustGuard';
import type { FixContext, FixProposal, FormattingPreferences } from './types';

/**
 * The fix entry points every surface uses: the editor's quick fixes, fix-all on save and the CLI.
 *
 * `fixesFor` never throws. Every proposal it returns has at least one edit, leaves the text no less valid
 * (in its format) than it was, and exactly one proposal is `preferred` (the safest). Inserted text may carry
 * placeholder marks (templates.ts): render them with `renderSnippet` or `renderPlain`.
 */
export function fixesFor(context: FixContext): FixProposal[] {
  const builder = (context.file.editing?.fixBuilders ?? FIX_BUILDERS).get(context.finding.id);
  if (!builder || !editsItsFormat(context.file) || insideEmbeddedPolicy(context.file, context.finding) || unreadableStatement(context)) return [];
  let proposals: FixProposal[];
  try {
    proposals = builder(context);
  } catch {
    // A builder that trips over an odd document offers nothing rather than breaking the editor.
    return [];
  }
  // Each proposal was checked against the text it edited (see common.ts `proposalFrom`).
  const valid = proposals.filter((p) => p.edits.length > 0 && (!context.unattended || appliesUnattended(context, p)) && keepsTrust(context, p));
  const preferredIndex = Math.max(
    0,
    valid.findIndex((p) => p.preferred),
  );
  return valid.map((p, i) => (p.preferred === (i === preferredIndex) ? p : { ...p, preferred: i === preferredIndex }));
}

/** The builders edit the files whose format gives an editing (JSON, templates); a shell script's command lines are not theirs to write. */
function editsItsFormat(file: PolicyFile): boolean {
  return file.editing !== undefined;
}

/**
 * A statement holding a syntax error (a string left unquoted, a bracket missing) that the reader recovered
 * from has spans that are a guess: an edit placed by them can land inside the broken text. Nothing is offered
 * there; the syntax error is the user's to correct first.
 */
function unreadableStatement(context: FixContext): boolean {
  const statement = context.statement;
  const recovered = context.file.editing?.recoveredErrorsOf;
  if (!statement || !recovered) return false;
  const { offset, length } = statement.node.span;
  return recovered(context.text, context.file).some((error) => error.offset >= offset && error.offset < offset + length);
}

/**
 * A policy decoded out of a string or a shell argument is edited through its own text and escapes, which the
 * builders do not do yet: they edit the file as if the policy were written in it, so they offer nothing there.
 */
function insideEmbeddedPolicy(file: PolicyFile, finding: Finding): boolean {
  const span = finding.statementSpan ?? finding.span;
  return (file.embedded ?? []).some((policy) => {
    const root = policy.root.span;
    return span.offset >= root.offset && span.offset + span.length <= root.offset + root.length;
  });
}

/**
 * Placeholder text written on save stays there: a grant whose finding is a warning or information works
 * today, and `AWSACCOUNTID` or `receipt_rule_name` in it would stop it working (`Resource: "*"` on a topic
 * policy, a SourceArn added next to a SourceAccount). Such a fix is a quick fix only, with tab stops. An
 * error is an open grant (closing it matters more than keeping it working) or a dead one (it cannot get
 * worse): its fix may leave the guide's placeholder names for the user to fill in.
 */
function appliesUnattended(context: FixContext, proposal: FixProposal): boolean {
  const placeholders = proposal.edits.some((edit) => hasPlaceholders(edit.content));
  return !placeholders || (!context.withoutPlaceholders && ruleInfo(context.finding.id).severity === 'error');
}

/**
 * The fix fix-all applies for a finding: the preferred one when it can be applied unattended, else the first
 * alternative that can (e.g. renaming `aws:Referer` to `aws:SourceAccount` when the receipt rule is unknown).
 */
export function unattendedFix(context: FixContext): FixProposal | undefined {
  const unattended = { ...context, unattended: true };
  return fixesFor({ ...unattended, onlyPreferred: true }).find((p) => p.preferred) ?? fixesFor(unattended).find((p) => p.preferred);
}

/** Whether the id has a fix builder (the catalogue's `fixable` flag says the same for the ids it lists). */
export function hasFixBuilder(id: string): boolean {
  return FIX_BUILDERS.has(id);
}

/** The statement a finding belongs to (by the statement span the linter recorded). */
export function statementOf(file: PolicyFile, finding: Finding): Statement | undefined {
  const span = finding.statementSpan;
  if (!span) return undefined;
  const index = statementIndex(file);
  if (index.inOrder) return firstWithSpan(file.statements, span.offset, span.length);
  return index.bySpan.get(`${span.offset}:${span.length}`);
}

/**
 * How the file's statements are found by span, decided once per file, since fix-all asks for the statement of
 * every finding of a round: a binary search when they are in text order (every reader lists them so, unless
 * a format nests documents out of order), which costs the first quick fix of a version no map of every
 * statement (a fifth of that request on a 1 MB policy); else a map by span, the first of each span kept (as a
 * search in order finds it).
 */
interface StatementIndex {
  readonly count: number;
  readonly inOrder: boolean;
  readonly bySpan: ReadonlyMap<string, Statement>;
}

const STATEMENT_INDEX = new WeakMap<readonly Statement[], StatementIndex>();

/** Makes the index `statementOf` searches, ahead of the first fix (readAhead.ts). */
export function indexStatements(file: PolicyFile): void {
  statementIndex(file);
}

function statementIndex(file: PolicyFile): StatementIndex {
  const statements = file.statements;
  const known = STATEMENT_INDEX.get(statements);
  // The count too: the readers fill a file's list as they go, so an index made of a list still growing is made again.
  if (known?.count === statements.length) return known;
  const index = { count: statements.length, inOrder: inTextOrder(statements), bySpan: new Map<string, Statement>() };
  if (!index.inOrder) {
    for (const statement of statements) {
      const key = `${statement.node.span.offset}:${statement.node.span.length}`;
      if (!index.bySpan.has(key)) index.bySpan.set(key, statement);
    }
  }
  STATEMENT_INDEX.set(statements, index);
  return index;
}

function inTextOrder(statements: readonly Statement[]): boolean {
  for (let i = 1; i < statements.length; i++) if (statements[i]!.node.span.offset < statements[i - 1]!.node.span.offset) return false;
  return true;
}

/** The first statement (in list order, which is text order here) whose span is `offset`, `length`. */
function firstWithSpan(statements: readonly Statement[], offset: number, length: number): Statement | undefined {
  let low = 0;
  let high = statements.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (statements[middle]!.node.span.offset < offset) low = middle + 1;
    else high = middle;
  }
  for (let i = low; i < statements.length && statements[i]!.node.span.offset === offset; i++) {
    if (statements[i]!.node.span.length === length) return statements[i];
  }
  return undefined;
}

/** The fix context for one finding of a linted file: what the editor layer and fix-all both build. */
export function fixContextFor(
  text: string,
  file: PolicyFile,
  finding: Finding,
  values: GrantValues,
  formatting: FormattingPreferences,
): FixContext {
  return { text, file, finding, statement: statementOf(file, finding), values: valuesForFile(file, values), knownValues: values, formatting };
}

/**
 * The values a fix may write in the file's format: the adapter decides (a CloudFormation template writes
 * the stack's own account and region), else the values as given.
 */
export function valuesForFile(file: PolicyFile, values: GrantValues): GrantValues {
  return file.editing?.valuesFor?.(values, file) ?? values;
}

export { applyOffsetEdits } from './offsetEdits';

/**
 * Settings and what the document says, merged: a value given in the settings wins, the document fills the
 * gaps. (Builders still prefer what the statement itself says, e.g. the account its SourceAccount names.)
 */
export function mergeValues(settings: GrantValues, inferred: GrantValues): GrantValues {
  const merged: Record<string, unknown> = { ...inferred };
  for (const [key, value] of Object.entries(settings)) if (value !== undefined && value !== '') merged[key] = value;
  return merged as GrantValues;
}
