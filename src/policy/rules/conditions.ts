import type { StatementContext } from '../findings';
import { hasWildcard } from '../glob';
import type { ConditionEntry } from '../model';
import {
  EXACT_STRING_OPERATORS,
  NOT_APPLICABLE_KEYS,
  SOURCE_ARN,
  isSourceKey,
  isTrueWhenAbsent,
  operatorAccepted,
} from './sourceKeys';

/**
 * Condition-operator checks of docs/rules: operators that make a source condition match too much
 * (`…IfExists`) or never (a wildcard under `StringEquals`, keys SES never sends), and keys repeated in
 * different case. Ranges: the operator name for an operator problem, the value for a value problem, the
 * key for a key problem.
 */

/**
 * `condition-ifexists`: the first source key under `…IfExists`, true when the key is absent. SES always
 * sends the source keys, so its own requests are still compared; the condition is weaker than it reads.
 */
export function checkIfExists(context: StatementContext): void {
  const entry = context.statement.conditions.find((e) => isSourceKey(e) && e.ifExists && operatorAccepted(e));
  if (!entry) return;
  context.report('condition-ifexists', entry.operatorSpan, { operator: entry.operator, key: entry.key, suggested: entry.baseOperator });
}

/** `condition-wildcard-without-like`: `*`/`?` in a source value compared exactly, so matched literally [S8, S12](docs/semantics.md#sources). */
export function checkWildcardWithoutLike(context: StatementContext): void {
  for (const entry of context.statement.conditions) {
    if (!isSourceKey(entry) || !EXACT_STRING_OPERATORS.includes(entry.baseOperator)) continue;
    const value = entry.values.find((v) => hasWildcard(v.text));
    if (!value) continue;
    const suggested = entry.keyLower === SOURCE_ARN ? 'ArnLike' : 'StringLike';
    context.report('condition-wildcard-without-like', value.span, { value: value.text, operator: entry.operator, suggested });
    return;
  }
}

/** Whether the entry only holds when its key is present (so an absent key makes it false). */
function requiresKey(entry: ConditionEntry): boolean {
  return !isTrueWhenAbsent(entry) && entry.baseOperator !== 'Null' && !entry.baseOperator.includes('Not');
}

/**
 * `condition-key-not-applicable`: a key SES never sends, under an operator that needs it, makes the
 * grant dead whatever else the statement says (conditions are ANDed). Returns whether it fired, so that
 * a dead grant is not also called open (`*-missing-source-conditions`).
 */
export function checkNotApplicableKeys(context: StatementContext): boolean {
  const entry = context.statement.conditions.find((e) => NOT_APPLICABLE_KEYS.includes(e.keyLower) && requiresKey(e));
  if (!entry) return false;
  context.report('condition-key-not-applicable', entry.keySpan, { key: entry.key });
  return true;
}

/** `condition-key-duplicate-case`: one operator block holding the same key twice in different case [S12](docs/semantics.md#sources). */
export function checkDuplicateCase(context: StatementContext): void {
  const conditions = context.statement.conditions;
  for (let i = 1; i < conditions.length; i++) {
    const entry = conditions[i]!;
    if (!entry.block) continue;
    // The first earlier entry of the same block and key (conditions are few: no map needed).
    let first: ConditionEntry | undefined;
    for (let j = 0; j < i; j++) {
      const earlier = conditions[j]!;
      if (earlier.block === entry.block && earlier.keyLower === entry.keyLower) {
        first = earlier;
        break;
      }
    }
    // The exact same spelling twice is `duplicate-key` (a JSON matter); only a case variant is ours.
    if (!first || first.key === entry.key) continue;
    context.report('condition-key-duplicate-case', entry.keySpan, { key: entry.key, firstKey: first.key, operator: entry.operator });
    return;
  }
}
