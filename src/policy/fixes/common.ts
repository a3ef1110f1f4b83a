import { fixTitle, type FixName } from './titles';
import { ACCOUNT_ID } from '../aws/accounts';
import { KMS_CONTEXT_ACCOUNT, REFERER, SOURCE_ACCOUNT, SOURCE_ARN, SOURCE_OWNER } from '../aws/conditionKeys';
import type { ConditionEntry, PolicyValue, Statement } from '../model';
import { containsPlaceholder } from '../placeholders';
import { holdsMarkCharacters, renderPlain, type GrantValues } from '../templates';
import { spanInside, spansOverlap } from '../tree';
import { keepsComments } from './comments';
import type { PolicyEditor } from './policyEditor';
import type { FixContext, FixProposal } from './types';

/** Shared vocabulary of the fix builders: source keys, value tests, proposal construction. */

export { KMS_CONTEXT_ACCOUNT, KMS_CONTEXT_PREFIX, REFERER, SOURCE_ACCOUNT, SOURCE_ARN, SOURCE_KEYS, SOURCE_OWNER } from '../aws/conditionKeys';
export { ACCOUNT_ID } from '../aws/accounts';

/** A literal value we may copy into a fix: not a template token, not a placeholder, no `${…}`. */
export function isLiteral(value: PolicyValue | undefined): value is PolicyValue {
  return value !== undefined && !value.isToken && !containsPlaceholder(value.text) && !value.text.includes('${');
}

/** A literal 12-digit account id. */
export function literalAccount(value: PolicyValue | undefined): string | undefined {
  if (!isLiteral(value)) return undefined;
  const text = value.text.trim();
  return ACCOUNT_ID.test(text) ? text : undefined;
}

export { spanInside, spansOverlap };

export function entriesOf(statement: Statement, keyLower: string): ConditionEntry[] {
  return statement.conditions.filter((entry) => entry.keyLower === keyLower);
}

/** Keys whose values are account ids (the legacy ones included). */
export const ACCOUNT_KEYS: readonly string[] = [SOURCE_ACCOUNT, SOURCE_OWNER, KMS_CONTEXT_ACCOUNT, REFERER];

/** Operators under which an account key compares its values (IfExists too: SES always sends the key). */
const ACCOUNT_OPERATORS = ['StringEquals', 'StringEqualsIgnoreCase', 'StringLike'];

/**
 * The literal accounts the statement trusts through `keys` (by default every account key), in document
 * order, each once: what a fix that writes an account must keep, whichever form it writes them in.
 */
export function statementAccounts(statement: Statement, keys: readonly string[] = ACCOUNT_KEYS): string[] {
  const accounts: string[] = [];
  for (const entry of statement.conditions) {
    if (!keys.includes(entry.keyLower) || !ACCOUNT_OPERATORS.includes(entry.baseOperator)) continue;
    for (const value of entry.values) {
      const account = literalAccount(value);
      if (account !== undefined && !accounts.includes(account)) accounts.push(account);
    }
  }
  return accounts;
}

/**
 * The accounts the statement names anywhere a source key holds them: account keys and SourceArn values. A
 * SourceArn names its account component even while another component is a placeholder to fill in, and a bare
 * account id written as a SourceArn names that account (the ARN it was meant to be).
 */
export function namedAccounts(statement: Statement): string[] {
  const arnAccounts = statement.conditions
    .filter((entry) => entry.keyLower === SOURCE_ARN)
    .flatMap((entry) => entry.values.filter((value) => !value.isToken && !value.text.includes('${')).map((value) => arnOrBareAccount(value.text.trim())))
    .filter((account): account is string => account !== undefined && ACCOUNT_ID.test(account));
  return [...new Set([...statementAccounts(statement), ...arnAccounts])];
}

function arnOrBareAccount(text: string): string | undefined {
  return ACCOUNT_ID.test(text) ? text : text.split(':')[4];
}

/**
 * Values for writing `account`'s receipt rules. The configured region, rule set and rule (settings, else
 * what the document says) belong to the configured account: they are used with that account only, and a
 * fix for another account gets placeholders instead of a guess. In a CloudFormation template an account
 * written literally gets literal values too, not the stack's pseudo parameters.
 */
export function valuesForAccount(context: FixContext, account: string | undefined): GrantValues {
  if (account === undefined) return context.values;
  const known = context.knownValues ?? context.values;
  if (known.accountId === undefined || known.accountId === account) return { ...known, accountId: account };
  return { ...known, accountId: account, region: undefined, ruleSet: undefined, rule: undefined };
}

/** The value of the finding: the one whose span lies in (or overlaps) the finding's range. */
export function valueAtFinding(values: readonly PolicyValue[], context: FixContext): PolicyValue | undefined {
  const span = context.finding.span;
  return values.find((v) => spanInside(v.span, span)) ?? values.find((v) => spansOverlap(v.span, span));
}

export interface ProposalSpec {
  /** The title's name in `FIX_TITLES` (titles.ts): the key is `fix.<name>`, `{arg}` is filled from args. */
  readonly name: FixName;
  readonly args?: Readonly<Record<string, string>>;
  readonly preferred?: boolean;
}

/** A proposal from an editor's result, or nothing when the editor changed nothing. */
export function proposalFrom(context: FixContext, editor: PolicyEditor, spec: ProposalSpec): FixProposal | undefined {
  const edits = editor.edits();
  // A window holds one whole value: if it is no worse after the edit, neither is the document.
  if (edits.length === 0 || !editor.intact) return undefined;
  // An edit's content is rendered (marks to names or tab stops): it must not carry document text that holds
  // mark characters, or rendering would change that text. Values from settings and inference are checked
  // names, numbers and ARNs, so what the edit replaces is the only document text its content can hold.
  if (edits.some((edit) => holdsMarkCharacters(context.text.slice(edit.offset, edit.offset + edit.length)))) return undefined;
  // A recipe that rewrites a value wholesale (moving an operator block, merging keys) would drop the comments
  // inside it: no fix rather than a lost comment. (JSON: a window's text, a linear pass. An editor that keeps
  // comments by construction, YAML's, is not checked; fix-all checks every result it applies, so its fixes
  // are not checked twice.)
  if (!context.unattended && !editor.keepsEveryComment && !keepsComments(editor.original, editor.text, (text) => editor.commentsOf(text))) return undefined;
  const args = Object.fromEntries(Object.entries(spec.args ?? {}).map(([k, v]) => [k, renderPlain(v)]));
  return {
    findingId: context.finding.id,
    ...fixTitle(spec.name, spec.args ? args : undefined),
    edits,
    preferred: spec.preferred ?? false,
  };
}

/**
 * Opens an editor for the fix, the one the file's format gives (the PolicyFile's `editing`, from its
 * adapter), on the finding's statement alone when it has one (every statement fix edits inside its
 * statement, and parsing one statement is what keeps fix-all fast on big policies), else on the whole text.
 * Builders return [] when this fails.
 */
export function openEditor(context: FixContext): PolicyEditor | undefined {
  return context.file.editing?.open(context.text, context.statement?.node.span, context.file, context.formatting);
}

function openWholeText(context: FixContext): PolicyEditor | undefined {
  return context.file.editing?.open(context.text, undefined, context.file, context.formatting);
}

/**
 * Runs one edit recipe on a fresh editor and wraps the result: the usual shape of a builder. A recipe returns
 * false when it cannot apply (an ambiguous path, nothing to change).
 */
export function build(context: FixContext, spec: ProposalSpec, recipe: (editor: PolicyEditor) => boolean): FixProposal | undefined {
  if (context.onlyPreferred && !spec.preferred) return undefined;
  let editor = openEditor(context);
  if (!editor || !recipe(editor)) return undefined;
  if (!editor.fitsDocument) {
    // A statement that starts in the middle of a line: redo the recipe on the whole text.
    editor = openWholeText(context);
    if (!editor || !recipe(editor)) return undefined;
  }
  return proposalFrom(context, editor, spec);
}

export function defined<T>(items: readonly (T | undefined)[]): T[] {
  return items.filter((item): item is T => item !== undefined);
}

/** `AWS:` or `aws:` as the user wrote the key being replaced, so renamed keys keep the document's style. */
export function prefixLike(key: string): string {
  return key.startsWith('AWS:') ? 'AWS:' : 'aws:';
}
