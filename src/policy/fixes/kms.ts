import { KMS_CONTEXT_NULL_CHECKS_AS_WRITTEN, SES_ENCRYPTION_CONTEXT_KEYS } from '../aws/conditionKeys';
import { globMatches, hasWildcard } from '../glob';
import { KMS_ACTIONS } from '../rules/kmsActions';
import { nearest } from '../rules/ruleHelpers';
import { applyConditionPlan } from './conditionEdits';
import { KMS_CONTEXT_ACCOUNT, KMS_CONTEXT_PREFIX, SOURCE_ACCOUNT, SOURCE_ARN, build, defined, namedAccounts, statementAccounts, valueAtFinding, valuesForAccount } from './common';
import { appendToList, filterList, replaceValues } from './listEdits';
import { accountsCondition, conditionKeys } from './sourceConditions';
import type { FixContext, FixProposal } from './types';

/**
 * KMS key-policy fixes: the legacy encryption-context binding, the actions SES needs, mistyped actions and
 * context keys. The action table is the rules' own (rules/kmsActions.ts), so a fix never proposes an action
 * the linter would reject.
 */

const BOTH = [SOURCE_ACCOUNT, SOURCE_ARN];

/**
 * The encryption-context form replaced by SourceAccount + SourceArn, keeping the bound account; several bound
 * accounts stay several SourceAccount values (one receipt-rule ARN cannot name them all).
 */
function convertContext(context: FixContext, preferred: boolean): FixProposal | undefined {
  const statement = context.statement;
  if (!statement) return undefined;
  const contextEntries = statement.conditions.filter((entry) => entry.keyLower.startsWith(KMS_CONTEXT_PREFIX));
  if (contextEntries.length === 0) return undefined;
  // The bound account; when the context key names none literally, the accounts the statement names elsewhere.
  const bound = statementAccounts(statement, [KMS_CONTEXT_ACCOUNT]);
  const accounts = bound.length > 0 ? bound : namedAccounts(statement);
  const add = accounts.length > 1 ? accountsCondition(accounts) : conditionKeys(valuesForAccount(context, accounts[0]), false, BOTH);
  return build(context, { name: 'convertEncryptionContext', title: 'Use aws:SourceAccount and aws:SourceArn instead of the encryption context', preferred }, (editor) =>
    applyConditionPlan(editor, statement, { add, remove: contextEntries }),
  );
}

export function legacyEncryptionContextFix(context: FixContext): FixProposal[] {
  return defined([convertContext(context, true)]);
}

export function partialEncryptionContextFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  const missing = KMS_CONTEXT_NULL_CHECKS_AS_WRITTEN.filter(
    (key) => !statement.conditions.some((e) => e.operator === 'Null' && e.keyLower === key.toLowerCase() && isFalse(e.valueNode)),
  );
  const nullChecks = Object.fromEntries(missing.map((key) => [key, 'false']));
  return defined([
    // Preferred: the smallest change that completes the form the author chose (still valid, docs/rules).
    missing.length === 0
      ? undefined
      : build(context, { name: 'addEncryptionContextNullChecks', title: 'Add the Null checks for rule-name and message-id', preferred: true }, (editor) =>
          applyConditionPlan(editor, statement, { add: { Null: nullChecks } }),
        ),
    convertContext(context, false),
  ]);
}

function isFalse(node: { type: string; value?: unknown }): boolean {
  return node.type === 'scalar' && (node.value === false || node.value === 'false');
}

export function missingGenerateDataKeyFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  return defined([
    build(context, { name: 'addGenerateDataKey', title: 'Add kms:GenerateDataKey*', preferred: true }, (editor) =>
      appendToList(editor, statement.actionProperty, 'kms:GenerateDataKey*', statement.node),
    ),
  ]);
}

/** The real action an invalid one was meant to be: `km:Encrypt` → `kms:Encrypt`, `kms:Encrpyt` → `kms:Encrypt`. */
export function correctKmsAction(text: string): string | undefined {
  const match = /^\s*[A-Za-z]{1,4}\s*[:;.,]\s*([A-Za-z*?]+)\s*$/.exec(text);
  if (!match) return undefined;
  const name = match[1]!;
  const star = name.endsWith('*') && !name.slice(0, -1).includes('*') ? '*' : '';
  const stem = star ? name.slice(0, -1) : name;
  const exact = KMS_ACTIONS.find((known) => known.toLowerCase() === stem.toLowerCase());
  if (exact) return `kms:${exact}${star}`;
  if (star && KMS_ACTIONS.some((known) => known.toLowerCase().startsWith(stem.toLowerCase()))) return `kms:${stem}${star}`;
  const candidate = nearest(stem, KMS_ACTIONS, Math.max(2, Math.floor(stem.length / 3)));
  return candidate ? `kms:${candidate}${star}` : undefined;
}

const SUGGESTION = /^kms:[A-Za-z]+\*?$/;

export function invalidKmsActionFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  const action = valueAtFinding(statement.actions, context);
  const candidates = action ? [action] : statement.actions;
  const replacements = candidates.flatMap((value) => {
    const given = action && context.finding.args['suggested'];
    const text = given && SUGGESTION.test(given) ? given : correctKmsAction(value.text);
    return text && text !== value.text ? [{ value, text }] : [];
  });
  const first = replacements[0];
  if (!first) return [];
  return defined([
    build(context, { name: 'correctKmsAction', title: 'Change {action} to {suggested}', args: { action: first.value.text, suggested: first.text }, preferred: true }, (editor) =>
      replaceValues(editor, action ? [first] : replacements, statement.node),
    ),
  ]);
}

const NEEDED = ['kms:encrypt', 'kms:decrypt', 'kms:generatedatakey', 'kms:generatedatakey*'];

export function excessKmsActionsFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  // Only kms actions and `*` go; a mistyped `km:` action is kms-invalid-action's to correct.
  const keep = (text: string) => {
    const lower = text.trim().toLowerCase();
    const grantsKms = lower.startsWith('kms:') || (hasWildcard(lower) && globMatches(lower, 'kms:decrypt', true));
    return NEEDED.includes(lower) || !grantsKms;
  };
  const fallback = context.values.includeDecrypt ? ['kms:GenerateDataKey*', 'kms:Decrypt'] : 'kms:GenerateDataKey*';
  return defined([
    build(context, { name: 'removeKmsExcessActions', title: 'Remove the actions SES does not need', preferred: true }, (editor) =>
      filterList(editor, statement.actionProperty, (value) => keep(value.text), fallback, statement.node),
    ),
  ]);
}

/** `rule` → `rule-name`, `messageId` → `message-id`: the one context key whose telling word the name holds. */
const DISTINCTIVE_WORDS: readonly (readonly [string, readonly string[]])[] = [
  ['source-account', ['account', 'source']],
  ['rule-name', ['rule']],
  ['message-id', ['message', 'msg']],
];

function byDistinctiveWord(name: string): string | undefined {
  const lower = name.toLowerCase();
  const matching = DISTINCTIVE_WORDS.filter(([, words]) => words.some((w) => lower.includes(w)));
  return matching.length === 1 ? matching[0]![0] : undefined;
}

export function encryptionContextKeyFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  const renames = statement.conditions.flatMap((entry) => {
    if (!entry.keyLower.startsWith(KMS_CONTEXT_PREFIX)) return [];
    const name = entry.key.slice(KMS_CONTEXT_PREFIX.length);
    if (SES_ENCRYPTION_CONTEXT_KEYS.includes(name.toLowerCase())) return [];
    const suggested = nearest(name, SES_ENCRYPTION_CONTEXT_KEYS, 3) ?? byDistinctiveWord(name);
    if (!suggested) return [];
    const key = entry.key.slice(0, KMS_CONTEXT_PREFIX.length) + suggested;
    // Renaming onto a key the block already has would need a merge: leave that one to the user.
    const taken = statement.conditions.some((e) => e.block === entry.block && e.keyLower === key.toLowerCase());
    return taken ? [] : [{ entry, key }];
  });
  const first = renames[0];
  if (!first) return [];
  return defined([
    build(context, { name: 'correctEncryptionContextKey', title: 'Change {key} to {suggested}', args: { key: first.entry.key, suggested: first.key }, preferred: true }, (editor) =>
      applyConditionPlan(editor, statement, { renameKey: renames }),
    ),
  ]);
}
