import type { StatementContext } from '../findings';
import { hasWildcard } from '../glob';
import type { ConditionEntry, PolicyValue } from '../model';
import {
  EXACT_STRING_OPERATORS,
  NOT_APPLICABLE_KEYS,
  SOURCE_ACCOUNT,
  SOURCE_ARN,
  SOURCE_KEYS,
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
  let entry: ConditionEntry | undefined;
  for (const e of context.statement.conditions) {
    if (e.ifExists && isSourceKey(e) && operatorAccepted(e)) {
      entry = e;
      break;
    }
  }
  if (!entry) return;
  context.report('condition-ifexists', entry.operatorSpan, { operator: entry.operator, key: entry.key, suggested: entry.baseOperator });
}

/** `condition-wildcard-without-like`: `*`/`?` in a source value compared exactly, so matched literally [S8, S12](docs/semantics.md#sources). */
export function checkWildcardWithoutLike(context: StatementContext): void {
  for (const entry of context.statement.conditions) {
    if (!EXACT_STRING_OPERATORS.includes(entry.baseOperator) || !isSourceKey(entry)) continue;
    const value = entry.values.find(hasWildcardText);
    if (!value) continue;
    const suggested = entry.keyLower === SOURCE_ARN ? 'ArnLike' : 'StringLike';
    context.report('condition-wildcard-without-like', value.span, { value: value.text, operator: entry.operator, suggested });
    return;
  }
}

function hasWildcardText(value: PolicyValue): boolean {
  return hasWildcard(value.text);
}

/** Source keys whose value is an account id, never an ARN: every one but `aws:SourceArn`. */
const ACCOUNT_VALUED_KEYS: readonly string[] = SOURCE_KEYS.filter((key) => key !== SOURCE_ARN);

/**
 * Whether the entry compares an account id with an ARN operator (`ArnLike`, `ArnEquals`), which only matches
 * an ARN: the entry never holds. Under `…IfExists` only for `aws:SourceAccount`, the one of these keys SES
 * sends on every request (the others may be absent, and an absent key makes `…IfExists` true). Set
 * operators (`ForAnyValue:`, `ForAllValues:`) on a single-valued key are left to the IAM reference.
 */
export function comparesAccountAsArn(entry: ConditionEntry): boolean {
  return (
    (entry.baseOperator === 'ArnLike' || entry.baseOperator === 'ArnEquals') &&
    entry.operator.startsWith('Arn') &&
    ACCOUNT_VALUED_KEYS.includes(entry.keyLower) &&
    entry.values.length > 0 &&
    (!entry.ifExists || entry.keyLower === SOURCE_ACCOUNT)
  );
}

/** The string operator an account entry written under an ARN operator means: `StringLike` when a value holds a wildcard. */
export function stringOperatorFor(entry: ConditionEntry): string {
  const base = entry.values.some((v) => !v.isToken && hasWildcard(v.text)) ? 'StringLike' : 'StringEquals';
  return base + (entry.ifExists ? 'IfExists' : '');
}

/**
 * `condition-arn-operator-on-account`: an account id compared by an ARN operator never matches, so the grant
 * is dead (conditions are ANDed). Returns whether it fired, so that the grant is not also called open.
 */
export function checkArnOperatorOnAccount(context: StatementContext): boolean {
  const entry = context.statement.conditions.find(comparesAccountAsArn);
  if (!entry) return false;
  context.report('condition-arn-operator-on-account', entry.keySpan, { key: entry.key, operator: entry.operator, suggested: stringOperatorFor(entry) });
  return true;
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
  let entry: ConditionEntry | undefined;
  for (const e of context.statement.conditions) {
    if (NOT_APPLICABLE_KEYS.includes(e.keyLower) && requiresKey(e)) {
      entry = e;
      break;
    }
  }
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
