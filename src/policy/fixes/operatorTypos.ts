import type { ConditionEntry, Statement } from '../model';
import { nearest } from '../rules/ruleHelpers';
import { entryPinsAccount } from '../rules/source';
import { operatorAccepted } from '../rules/sourceKeys';
import { isObject } from '../tree';
import { SOURCE_KEYS } from './common';

/**
 * Condition operators written wrong (`StringEqual`, `Stringequals`, `ArnLik`). IAM refuses a policy with an
 * unknown operator, and the linter cannot count such a block as a restriction, so the grant is reported as
 * if the keys were missing. The fix is the operator the user meant, with their keys, values and comments
 * kept: never the template's keys with the configured account in their place.
 */

/** IAM's condition operators [S8](docs/semantics.md#sources), without the `IfExists` suffix and the `ForAnyValue:`/`ForAllValues:` qualifiers. */
const IAM_OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
];

const QUALIFIER = /^(?:ForAnyValue:|ForAllValues:)/;

/** The operator a misspelt one was meant to be; undefined for a known operator or nothing close. */
export function correctedOperator(written: string): string | undefined {
  const qualifier = QUALIFIER.exec(written)?.[0] ?? '';
  let base = written.slice(qualifier.length);
  const ifExists = base.endsWith('IfExists');
  if (ifExists) base = base.slice(0, -'IfExists'.length);
  if (IAM_OPERATORS.includes(base)) return undefined;
  const meant = nearest(base, IAM_OPERATORS, Math.max(1, Math.min(3, Math.floor(base.length / 5))));
  return meant === undefined ? undefined : qualifier + meant + (ifExists ? 'IfExists' : '');
}

export interface OperatorCorrection {
  readonly entry: ConditionEntry;
  readonly operator: string;
}

/**
 * The blocks holding one of `keysLower`, with a value, under a misspelt operator whose correction makes the
 * key restrict SES to its account, each once. A correction whose operator the Condition already has is left out (renaming would repeat
 * that key).
 */
export function misspeltSourceBlocks(statement: Statement, keysLower: readonly string[] = SOURCE_KEYS): OperatorCorrection[] {
  const condition = statement.conditionProperty?.value;
  const present = isObject(condition) ? condition.properties.map((p) => p.key) : [];
  const corrections: OperatorCorrection[] = [];
  for (const entry of statement.conditions) {
    if (entry.fromAddPermission || !keysLower.includes(entry.keyLower) || corrections.some((c) => c.entry.operator === entry.operator)) continue;
    // A key with no value the linter can read (a broken `Fn::Sub`) restricts nothing once its operator is
    // corrected either: the grant would still be open, and the keys are added instead.
    if (entry.values.length === 0) continue;
    const operator = correctedOperator(entry.operator);
    if (operator === undefined || present.includes(operator) || corrections.some((c) => c.operator === operator)) continue;
    const base = operator.replace(QUALIFIER, '').replace(/IfExists$/, '');
    // The entry read through (its spans are getters a spread would drop), with the corrected base operator.
    const corrected: ConditionEntry = Object.create(entry, { baseOperator: { value: base } });
    // A SourceArn with a wildcard account under `ArnLike` lets every account in: correcting `Arnike` would
    // turn a grant IAM refuses into one open to all.
    if (!operatorAccepted(corrected) || !entryPinsAccount(corrected)) continue;
    corrections.push({ entry, operator });
  }
  return corrections;
}
