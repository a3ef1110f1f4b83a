import type { Statement } from '../model';
import { addPermissionBody, sourceCondition, type GrantValues, type JsonTemplate } from '../templates';
import { applyConditionPlan, setAddPermissionProperties } from './conditionEdits';
import { SOURCE_ARN, build, defined, entriesOf, isLiteral, statementAccount, withAccount } from './common';
import type { PolicyEditor } from './policyEditor';
import type { FixContext, FixProposal } from './types';

/**
 * `*-missing-source-conditions`, `*-missing-source-arn`, `lambda-missing-source-account`: the keys are added
 * in the template's form (templates.ts `sourceCondition` / `addPermissionBody`), so a quick fix inserts
 * exactly what the snippets and the "Add SES grant" command insert.
 */

/** Lambda stores SourceArn under ArnLike [S5]; the other kinds use the guide's StringEquals. */
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

export function missingSourceConditionsFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  const lambda = isLambda(context);
  const values = context.values;
  return defined([
    build(context, { name: 'addSourceConditions', title: 'Add aws:SourceAccount and aws:SourceArn', preferred: true }, (editor) =>
      addSourceKeys(editor, statement, values, lambda, BOTH),
    ),
    values.anyRule
      ? undefined
      : build(context, { name: 'addSourceConditionsAnyRule', title: 'Add aws:SourceAccount and aws:SourceArn for any receipt rule' }, (editor) =>
          addSourceKeys(editor, statement, { ...values, anyRule: true }, lambda, BOTH),
        ),
  ]);
}

export function missingSourceArnFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  const lambda = isLambda(context);
  // The ARN names the account the statement already trusts, so the two keys agree.
  const values = withAccount(context.values, statementAccount(statement));
  return defined([
    build(context, { name: 'addSourceArn', title: 'Add aws:SourceArn for the receipt rule', preferred: true }, (editor) =>
      addSourceKeys(editor, statement, values, lambda, ['aws:sourcearn']),
    ),
    values.anyRule
      ? undefined
      : build(context, { name: 'addSourceArnAnyRule', title: 'Add aws:SourceArn for any receipt rule of the account (ArnLike)' }, (editor) =>
          addSourceKeys(editor, statement, { ...values, anyRule: true }, lambda, ['aws:sourcearn']),
        ),
  ]);
}

/** The account inside a literal ARN (`arn:partition:service:region:ACCOUNT:…`), when it is 12 digits. */
export function accountInArn(text: string): string | undefined {
  const account = text.trim().split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

export function missingSourceAccountFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  const accounts = new Set(
    entriesOf(statement, SOURCE_ARN)
      .flatMap((entry) => entry.values)
      .filter(isLiteral)
      .map((value) => accountInArn(value.text)),
  );
  const [only] = [...accounts];
  const values = withAccount(context.values, accounts.size === 1 ? only : undefined);
  return defined([
    build(
      context,
      { name: 'addSourceAccount', title: 'Add aws:SourceAccount {account}', args: { account: values.accountId ?? 'AWSACCOUNTID' }, preferred: true },
      (editor) => addSourceKeys(editor, statement, values, true, ['aws:sourceaccount']),
    ),
  ]);
}
