import { KMS_CONTEXT_NULL_CHECKS_AS_WRITTEN, SES_ENCRYPTION_CONTEXT_KEYS } from '../aws/conditionKeys';
import { globMatches, hasWildcard } from '../glob';
import { invalidAction } from '../rules/kms';
import { KMS_ACTIONS } from '../rules/kmsActions';
import { nearest } from '../rules/ruleHelpers';
import { applyConditionPlan } from './conditionEdits';
import { pathToEdit } from './duplicateKeys';
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
  return build(context, { name: 'convertEncryptionContext', preferred }, (editor) =>
    applyConditionPlan(editor, statement, { add, remove: contextEntries }),
  );
}

export function legacyEncryptionContextFix(context: FixContext): FixProposal[] {
  return defined([convertContext(context, true)]);
}

export function partialEncryptionContextFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  const checks = (key: string) => statement.conditions.filter((e) => e.operator === 'Null' && e.keyLower === key.toLowerCase());
  const missing = KMS_CONTEXT_NULL_CHECKS_AS_WRITTEN.filter((key) => !checks(key).some((e) => isFalse(e.valueNode)));
  // A check written with a value that is no boolean (`"fase"`) is completed in place: an added copy of its key
  // would leave it there, and the statement as incomplete as before.
  const misspelt = missing.flatMap((key) => checks(key).filter((e) => !isTrue(e.valueNode)));
  const nullChecks = Object.fromEntries(missing.filter((key) => !misspelt.some((e) => e.keyLower === key.toLowerCase())).map((key) => [key, 'false']));
  return defined([
    // Preferred: the smallest change that completes the form the author chose (still valid, docs/rules).
    missing.length === 0
      ? undefined
      : build(context, { name: 'addEncryptionContextNullChecks', preferred: true }, (editor) => {
          for (const entry of misspelt) {
            const path = pathToEdit(editor, statement.node, entry.keySpan, true);
            if (!path) return false;
            editor.set(path, 'false');
          }
          return Object.keys(nullChecks).length === 0 || applyConditionPlan(editor, statement, { add: { Null: nullChecks } });
        }),
    convertContext(context, false),
  ]);
}

function isFalse(node: { type: string; value?: unknown }): boolean {
  return node.type === 'scalar' && (node.value === false || node.value === 'false');
}

/** `true` written as a boolean or a string in any case: the author's choice, not a misspelling. */
function isTrue(node: { type: string; value?: unknown }): boolean {
  return node.type === 'scalar' && (node.value === true || String(node.value).toLowerCase() === 'true');
}

export function missingGenerateDataKeyFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  return defined([
    build(context, { name: 'addGenerateDataKey', preferred: true }, (editor) =>
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
  // Every invalid action of the statement at once: each has a finding of its own, and a fix that corrected
  // only its own would leave the statement still fixable (fix-all rounds, a second quick fix).
  const replacements = statement.actions.flatMap((value) => {
    const given = value === action ? context.finding.args['suggested'] : invalidAction(value)?.suggested;
    if (value !== action && given === undefined) return [];
    const text = given && SUGGESTION.test(given) ? given : correctKmsAction(value.text);
    return text && text !== value.text ? [{ value, text }] : [];
  });
  const first = replacements.find((replacement) => replacement.value === action) ?? replacements[0];
  if (!first) return [];
  return defined([
    build(context, { name: 'correctKmsAction', args: { action: first.value.text, suggested: first.text }, preferred: true }, (editor) =>
      replaceValues(editor, replacements, statement.node),
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
    build(context, { name: 'removeKmsExcessActions', preferred: true }, (editor) =>
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
    build(context, { name: 'correctEncryptionContextKey', args: { key: first.entry.key, suggested: first.key }, preferred: true }, (editor) =>
      applyConditionPlan(editor, statement, { renameKey: renames }),
    ),
  ]);
}
