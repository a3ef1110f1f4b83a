import { isAccountId } from '../aws/accounts';
import type { Statement } from '../model';
import { addPermissionBody, receiptRuleArn, sourceCondition, type GrantValues, type JsonTemplate } from '../templates';
import { applyConditionPlan, setAddPermissionProperties } from './conditionEdits';
import { ACCOUNT_KEYS, KMS_CONTEXT_ACCOUNT, SOURCE_ARN, SOURCE_KEYS, build, defined, entriesOf, isLiteral, namedAccounts, statementAccounts, valuesForAccount } from './common';
import { misspeltSourceBlocks, type OperatorCorrection } from './operatorTypos';
import type { PolicyEditor } from './policyEditor';
import type { FixContext, FixProposal } from './types';

/**
 * `*-missing-source-conditions`, `*-missing-source-arn`, `lambda-missing-source-account`: the keys are added
 * in the template's form (templates.ts `sourceCondition` / `addPermissionBody`), so a quick fix inserts
 * exactly what the snippets and the "Add SES grant" command insert.
 */

/** Lambda stores SourceArn under ArnLike [S5](docs/semantics.md#sources); the other kinds use the guide's StringEquals. */
function isLambda(context: FixContext): boolean {
  return context.finding.id.startsWith('lambda-') || context.statement?.shape === 'add-permission';
}

/** Only the template's keys named here, keeping their operators: `{StringEquals: {AWS:SourceArn: …}}`. */
export function conditionKeys(values: GrantValues, arnUnderArnLike: boolean, keysLower: readonly string[]) {
  const picked: Record<string, Record<string, JsonTemplate>> = {};
  for (const [operator, block] of Object.entries(sourceCondition(values, arnUnderArnLike))) {
    if (typeof block !== 'object' || Array.isArray(block)) continue;
    for (const [key, value] of Object.entries(block)) {
      if (!keysLower.includes(key.toLowerCase())) continue;
      (picked[operator] ??= {})[key] = value;
    }
  }
  return picked;
}

/** Adds the template's source keys (by lower-case name) to a policy statement or an AddPermission body. */
export function addSourceKeys(editor: PolicyEditor, statement: Statement, values: GrantValues, lambda: boolean, keysLower: readonly string[]): boolean {
  if (statement.shape === 'add-permission') {
    const body = addPermissionBody(values);
    const properties: Record<string, string> = {};
    if (keysLower.includes('aws:sourceaccount')) properties['SourceAccount'] = String(body['SourceAccount']);
    if (keysLower.includes('aws:sourcearn')) properties['SourceArn'] = String(body['SourceArn']);
    return setAddPermissionProperties(editor, statement, properties);
  }
  return applyConditionPlan(editor, statement, { add: conditionKeys(values, lambda, keysLower) });
}

const BOTH = ['aws:sourceaccount', 'aws:sourcearn'];

/**
 * The source keys are there, under an operator spelt wrong (`StringEqual`): the fix corrects the operator
 * and keeps the keys, their values and the comments around them.
 */
function correctOperatorFix(context: FixContext, statement: Statement, corrections: readonly OperatorCorrection[]): FixProposal | undefined {
  const [first] = corrections;
  if (!first) return undefined;
  return build(
    context,
    { name: 'correctOperator', args: { operator: first.entry.operator, suggested: first.operator }, preferred: true },
    (editor) => applyConditionPlan(editor, statement, { renameOperator: corrections }),
  );
}

export function missingSourceConditionsFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  // The encryption-context account restricts a KMS grant only: under a corrected operator it would leave any
  // other grant as open as before.
  const keys = context.finding.id.startsWith('kms-') ? SOURCE_KEYS : SOURCE_KEYS.filter((key) => key !== KMS_CONTEXT_ACCOUNT);
  const misspelt = misspeltSourceBlocks(statement, keys);
  if (misspelt.length > 0) return defined([correctOperatorFix(context, statement, misspelt)]);
  const lambda = isLambda(context);
  // Accounts the statement names where they do not restrict (a key this kind of grant never receives) are
  // still the accounts the user meant: they are kept, and the configured account is used only when none is.
  const accounts = namedAccounts(statement);
  if (accounts.length > 1 && statement.shape === 'add-permission') return [];
  const values = valuesForAccount(context, accounts[0]);
  const add = (anyRule: boolean) => (editor: PolicyEditor) =>
    accounts.length > 1
      ? applyConditionPlan(editor, statement, { add: mergedConditions(accountsCondition(accounts), sourceArnsFor(context, accounts, lambda || anyRule, anyRule)) })
      : addSourceKeys(editor, statement, { ...values, ...(anyRule ? { anyRule: true } : {}) }, lambda, BOTH);
  return defined([
    build(context, { name: 'addSourceConditions', preferred: true }, add(values.anyRule === true)),
    values.anyRule ? undefined : build(context, { name: 'addSourceConditionsAnyRule' }, add(true)),
  ]);
}

/**
 * SourceArn for the accounts the statement already trusts, and for those only: one receipt-rule ARN per
 * account. Rule names are known for the configured account alone; another account's ARN gets placeholders.
 */
export function missingSourceArnFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  const misspelt = misspeltSourceBlocks(statement, [SOURCE_ARN]);
  if (misspelt.length > 0) return defined([correctOperatorFix(context, statement, misspelt)]);
  const lambda = isLambda(context);
  const accounts = statementAccounts(statement);
  // An AddPermission request takes one SourceArn: it cannot keep several accounts.
  if (accounts.length > 1 && statement.shape === 'add-permission') return [];
  // A SourceAccount written as text that is no account id (a wildcard, a malformed id) says nothing of whose
  // rule the ARN is for: the configured account's ARN beside it would contradict it and leave the grant dead.
  // (A template value, e.g. `!Ref AWS::AccountId`, is the stack's account: the ARN follows it.)
  if (accounts.length === 0 && statement.conditions.some((entry) => ACCOUNT_KEYS.includes(entry.keyLower) && entry.values.some(isLiteral))) return [];
  const anyRule = context.values.anyRule === true;
  const add = (wildcardRules: boolean) => (editor: PolicyEditor) =>
    accounts.length > 1
      ? applyConditionPlan(editor, statement, { add: sourceArnsFor(context, accounts, lambda || wildcardRules, wildcardRules) })
      : addSourceKeys(editor, statement, { ...valuesForAccount(context, accounts[0]), ...(wildcardRules ? { anyRule: true } : {}) }, lambda, ['aws:sourcearn']);
  return defined([
    build(context, { name: 'addSourceArn', preferred: true }, add(anyRule)),
    anyRule ? undefined : build(context, { name: 'addSourceArnAnyRule' }, add(true)),
  ]);
}

/** `{ArnLike|StringEquals: {AWS:SourceArn: [one ARN per account]}}`. */
export function sourceArnsFor(context: FixContext, accounts: readonly string[], arnLike: boolean, anyRule: boolean): ConditionAdditions {
  const arns = accounts.map((account) => receiptRuleArn({ ...valuesForAccount(context, account), ...(anyRule ? { anyRule: true } : {}) }));
  return { [arnLike ? 'ArnLike' : 'StringEquals']: { 'AWS:SourceArn': arns } };
}

/** The account inside a literal ARN (`arn:partition:service:region:ACCOUNT:…`), when it is 12 digits. */
export function accountInArn(text: string): string | undefined {
  const account = text.trim().split(':')[4];
  return account !== undefined && isAccountId(account) ? account : undefined;
}

/** `lambda-missing-source-account`: the account of the SourceArn, or the accounts of several ARNs. */
export function missingSourceAccountFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  const accounts = [
    ...new Set(
      entriesOf(statement, SOURCE_ARN)
        .flatMap((entry) => entry.values)
        .filter(isLiteral)
        .map((value) => accountInArn(value.text))
        .filter((account) => account !== undefined),
    ),
  ];
  if (accounts.length > 1 && statement.shape === 'add-permission') return [];
  const values = valuesForAccount(context, accounts.length === 1 ? accounts[0] : undefined);
  return defined([
    build(
      context,
      { name: 'addSourceAccount', args: { account: accounts.length > 1 ? accounts.join(', ') : (values.accountId ?? 'AWSACCOUNTID') }, preferred: true },
      (editor) =>
        accounts.length > 1
          ? applyConditionPlan(editor, statement, { add: accountsCondition(accounts) })
          : addSourceKeys(editor, statement, values, true, ['aws:sourceaccount']),
    ),
  ]);
}

/** `{StringEquals: {AWS:SourceAccount: …}}` for the accounts a statement trusts (a list when several). */
export function accountsCondition(accounts: readonly string[]): ConditionAdditions {
  return { StringEquals: { 'AWS:SourceAccount': accounts.length === 1 ? accounts[0]! : [...accounts] } };
}

type ConditionAdditions = Record<string, Record<string, JsonTemplate>>;

/** Two sets of additions in one, keys of the same operator in one block. */
function mergedConditions(a: ConditionAdditions, b: ConditionAdditions): ConditionAdditions {
  const merged: ConditionAdditions = { ...a };
  for (const [operator, keys] of Object.entries(b)) merged[operator] = { ...(merged[operator] ?? {}), ...keys };
  return merged;
}
