import type { FixName } from './titles';
import { hasWildcard } from '../glob';
import type { ConditionEntry, Statement } from '../model';
import { isObject, type ObjectNode } from '../tree';
import { applyConditionPlan, type ConditionPlan } from './conditionEdits';
import { SOURCE_ACCOUNT, SOURCE_ARN, SOURCE_KEYS, build, defined, namedAccounts, valuesForAccount } from './common';
import { pathToEdit } from './duplicateKeys';
import type { PolicyEditor } from './policyEditor';
import { accountInArn, accountsCondition, conditionKeys, sourceArnsFor } from './sourceConditions';
import { isReceiptRulePattern, pinsAccount } from '../rules/sourceArn';
import { EXACT_STRING_OPERATORS, NOT_APPLICABLE_KEYS, isTrueWhenAbsent, operatorAccepted, restricts } from '../rules/sourceKeys';
import { comparesAccountAsArn, stringOperatorFor } from '../rules/conditions';
import type { FixContext, FixProposal } from './types';

const SOURCE_PAIR = [SOURCE_ACCOUNT, SOURCE_ARN];

/**
 * `condition-wildcard-without-like`, `condition-ifexists`, `condition-key-not-applicable`,
 * `condition-key-duplicate-case`: fixes that move, replace or merge condition entries.
 */

const SET_QUALIFIER = /^(ForAnyValue:|ForAllValues:)/;

function qualifierOf(entry: ConditionEntry): string {
  return SET_QUALIFIER.exec(entry.operator)?.[1] ?? '';
}

/** The operator names present in the statement's Condition object, empty blocks included. */
function operatorsOf(statement: Statement): string[] {
  const value = statement.conditionProperty?.value;
  return isObject(value) ? value.properties.map((p) => p.key) : [];
}

/**
 * Moves entries to other operators. A block whose every key moves to one operator that is not there yet is
 * renamed in place (comments and layout kept); otherwise each key is re-added under its new operator.
 */
function movePlan(editor: PolicyEditor, statement: Statement, moves: readonly { entry: ConditionEntry; operator: string }[]): ConditionPlan | undefined {
  const present = operatorsOf(statement);
  const renameOperator: { entry: ConditionEntry; operator: string }[] = [];
  const remove: ConditionEntry[] = [];
  const add: Record<string, Record<string, unknown>> = {};
  const blocks = new Map<ObjectNode | undefined, { entry: ConditionEntry; operator: string }[]>();
  for (const move of moves) {
    const group = blocks.get(move.entry.block) ?? [];
    group.push(move);
    blocks.set(move.entry.block, group);
  }
  for (const [block, group] of blocks) {
    const target = group[0]!.operator;
    const whole = block !== undefined && block.properties.length === group.length;
    if (whole && group.every((m) => m.operator === target) && !present.includes(target) && !(target in add)) {
      renameOperator.push(group[0]!);
      present.push(target);
      continue;
    }
    for (const { entry, operator } of group) {
      // The target block already has the key: with the same values this entry is redundant and simply goes;
      // with other values the two would have to be merged by hand.
      const existing = statement.conditions.find((e) => e.operator === operator && e.keyLower === entry.keyLower);
      if (existing) {
        if (JSON.stringify(editor.valueAt(existing.valueNode.span)) !== JSON.stringify(editor.valueAt(entry.valueNode.span))) return undefined;
        remove.push(entry);
        continue;
      }
      remove.push(entry);
      (add[operator] ??= {})[entry.key] = editor.valueAt(entry.valueNode.span);
    }
  }
  return { renameOperator, remove, add };
}

function moveFix(context: FixContext, moves: readonly { entry: ConditionEntry; operator: string }[], name: FixName, args?: Record<string, string>) {
  const statement = context.statement;
  if (!statement || moves.length === 0) return [];
  return defined([
    build(context, { name, ...(args ? { args } : {}), preferred: true }, (editor) => {
      const plan = movePlan(editor, statement, moves);
      return plan !== undefined && applyConditionPlan(editor, statement, plan);
    }),
  ]);
}

export function wildcardWithoutLikeFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  const moves = statement.conditions
    .filter(
      (entry) =>
        (entry.baseOperator === 'StringEquals' || entry.baseOperator === 'StringEqualsIgnoreCase') &&
        SOURCE_KEYS.includes(entry.keyLower) &&
        !entry.fromAddPermission &&
        entry.values.some((v) => !v.isToken && hasWildcard(v.text)),
    )
    .map((entry) => ({
      entry,
      operator: qualifierOf(entry) + (entry.keyLower === SOURCE_ARN ? 'ArnLike' : 'StringLike') + (entry.ifExists ? 'IfExists' : ''),
    }));
  // Under StringEquals the wildcard made the grant dead; under a Like operator it must not make it open to
  // every account, nor leave it dead with an ARN that names no receipt rule: then the user decides.
  if (!moves.every(({ entry }) => entry.keyLower !== SOURCE_ARN || entry.values.every((v) => v.isToken || isReceiptRulePattern(v.text.trim(), 'arn')))) return [];
  if (!pinnedAfterMoves(statement, new Set(moves.map((m) => m.entry)))) return [];
  const operators = [...new Set(moves.map((m) => m.operator))].join(', ');
  return moveFix(context, moves, 'useOperator', { operator: operators });
}

/**
 * Whether some source entry still pins the account once the `moved` entries honour their wildcards: an
 * account value without a wildcard, a SourceArn whose account part has none, or an entry left as it is.
 */
function pinnedAfterMoves(statement: Statement, moved: ReadonlySet<ConditionEntry>): boolean {
  return statement.conditions.some((entry) => {
    if (!SOURCE_KEYS.includes(entry.keyLower)) return false;
    const literal = (text: string) => (entry.keyLower === SOURCE_ARN ? pinsAccount(text.trim()) : !hasWildcard(text));
    if (moved.has(entry)) return !isTrueWhenAbsent(entry) && entry.values.length > 0 && entry.values.every((v) => v.isToken || literal(v.text));
    return restricts(entry) && (EXACT_STRING_OPERATORS.includes(entry.baseOperator) || entry.values.every((v) => v.isToken || literal(v.text)));
  });
}

/**
 * `condition-arn-operator-on-account`: the account entries move to the string operator they mean. Only when an
 * account stays pinned afterwards: a wildcard account under `StringLike` would turn the dead grant into an
 * open one, and then the user decides.
 */
export function arnOperatorOnAccountFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  const moves = statement.conditions
    .filter((entry) => comparesAccountAsArn(entry) && !entry.fromAddPermission)
    .map((entry) => ({ entry, operator: stringOperatorFor(entry) }));
  if (!pinnedAfterMoves(statement, new Set(moves.map((m) => m.entry)))) return [];
  const operators = [...new Set(moves.map((m) => m.operator))].join(', ');
  return moveFix(context, moves, 'useOperator', { operator: operators });
}

export function ifExistsFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  const moves = statement.conditions
    .filter((entry) => entry.ifExists && SOURCE_KEYS.includes(entry.keyLower))
    .map((entry) => ({ entry, operator: entry.operator.replace(/IfExists$/, '') }));
  return moveFix(context, moves, 'dropIfExists');
}

export function notApplicableKeyFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  const dead = statement.conditions.filter((entry) => NOT_APPLICABLE_KEYS.includes(entry.keyLower));
  if (dead.length === 0) return [];
  const lambda = context.finding.id.startsWith('lambda-') || statement.actions.some((a) => /^lambda:/i.test(a.text.trim()));
  const keys = [...new Set(dead.map((e) => e.key))].join(', ');
  // The source keys the statement lacks, for the accounts it already names (the configured one when none).
  const accounts = namedAccounts(statement);
  const missing = SOURCE_PAIR.filter((key) => !statement.conditions.some((e) => e.keyLower === key && operatorAccepted(e)));
  const add =
    accounts.length > 1
      ? {
          ...(missing.includes(SOURCE_ACCOUNT) ? accountsCondition(accounts) : {}),
          ...(missing.includes(SOURCE_ARN) ? sourceArnsFor(context, accounts, true, false) : {}),
        }
      : conditionKeys(valuesForAccount(context, accounts[0]), lambda, missing);
  return defined([
    build(context, { name: 'replaceNotApplicableKeys', args: { key: keys }, preferred: true }, (editor) =>
      applyConditionPlan(editor, statement, { add, remove: dead }),
    ),
  ]);
}

/** The accounts an entry's values name: the values of an account key, the account inside each SourceArn. */
function accountsOf(entry: ConditionEntry): string {
  // A SourceArn value that is no ARN with an account is kept whole, so it never passes for an account id.
  const accounts = entry.values.map((v) => (entry.keyLower === SOURCE_ARN ? (accountInArn(v.text) ?? `value ${v.text}`) : v.text.trim()));
  return [...new Set(accounts)].sort().join(' ');
}

/** Copies of a source key that name the same accounts (other keys do not decide who is trusted). */
function sameAccounts(copies: readonly ConditionEntry[]): boolean {
  if (!SOURCE_KEYS.includes(copies[0]!.keyLower)) return true;
  return copies.every((copy) => accountsOf(copy) === accountsOf(copies[0]!));
}

export function duplicateCaseFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  const groups = new Map<string, ConditionEntry[]>();
  for (const entry of statement.conditions) {
    if (!entry.block) continue;
    const id = `${entry.operatorSpan.offset}\u0000${entry.keyLower}`;
    groups.set(id, [...(groups.get(id) ?? []), entry]);
  }
  const duplicates = [...groups.values()].filter((group) => group.length > 1);
  // Merged, the copies' values are alternatives: only safe when every copy already lets in the same accounts.
  if (duplicates.length === 0 || !duplicates.every(sameAccounts)) return [];
  const key = duplicates[0]![0]!.key;
  return defined([
    build(context, { name: 'mergeDuplicateKeys', args: { key }, preferred: true }, (editor) => {
      const remove: ConditionEntry[] = [];
      for (const [first, ...rest] of duplicates as [ConditionEntry, ...ConditionEntry[]][]) {
        const merged: unknown[] = [];
        for (const entry of [first, ...rest]) {
          const value = editor.valueAt(entry.valueNode.span);
          for (const item of Array.isArray(value) ? value : [value]) {
            if (!merged.some((m) => JSON.stringify(m) === JSON.stringify(item))) merged.push(item);
          }
        }
        const firstValue = editor.valueAt(first.valueNode.span);
        const firstItems = Array.isArray(firstValue) ? firstValue : [firstValue];
        if (merged.length !== firstItems.length) {
          const path = pathToEdit(editor, statement.node, first.keySpan, true);
          if (!path) return false;
          editor.set(path, merged.length === 1 ? merged[0] : merged);
        }
        remove.push(...rest);
      }
      return applyConditionPlan(editor, statement, { remove });
    }),
  ]);
}
