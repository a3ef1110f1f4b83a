import { SOURCE_ARN, SOURCE_KEYS } from '../aws/conditionKeys';
import type { ConditionEntry, PolicyValue } from '../model';
import { containsPlaceholder } from '../placeholders';

/**
 * The source keys of docs/rules and how a condition entry on one of them restricts SES. Key names are
 * compared lower-cased (`entry.keyLower`, docs/semantics.md#normalisation); operators are compared exactly, as IAM does.
 */

export {
  KMS_CONTEXT_ACCOUNT,
  KMS_CONTEXT_NULL_CHECKS,
  NOT_APPLICABLE_KEYS,
  REFERER,
  SOURCE_ACCOUNT,
  SOURCE_ARN,
  SOURCE_KEYS,
  SOURCE_ORG_ID,
  SOURCE_ORG_PATHS,
  SOURCE_OWNER,
} from '../aws/conditionKeys';

/** Exact-match operators: a `*` or `?` under them is a literal character [S8](docs/semantics.md#sources). */
export const EXACT_STRING_OPERATORS: readonly string[] = ['StringEquals', 'StringEqualsIgnoreCase'];

export function isSourceKey(entry: ConditionEntry): boolean {
  return SOURCE_KEYS.includes(entry.keyLower);
}

/** `…IfExists` and `ForAllValues:` are true when the key is absent (see `restricts`). */
export function isTrueWhenAbsent(entry: ConditionEntry): boolean {
  return entry.ifExists || entry.operator.startsWith('ForAllValues:');
}

/**
 * Whether the entry's operator is one under which a source key restricts SES (docs/semantics.md#normalisation): `StringEquals`,
 * `StringEqualsIgnoreCase`, `StringLike` for every source key, and `ArnEquals`, `ArnLike` for `aws:SourceArn`.
 * `StringEqualsIgnoreCase` is added: on an account id or an ARN it compares exactly like `StringEquals` in
 * IAM, so it restricts just as well. A switch, not a list lookup: this runs for every condition entry.
 */
export function operatorAccepted(entry: ConditionEntry): boolean {
  switch (entry.baseOperator) {
    case 'StringEquals':
    case 'StringEqualsIgnoreCase':
    case 'StringLike':
      return true;
    case 'ArnEquals':
    case 'ArnLike':
      return entry.keyLower === SOURCE_ARN;
    default:
      return false;
  }
}

/**
 * Whether the entry limits which callers SES may act for. An entry that can never match (a wildcard under
 * `StringEquals`, a malformed ARN) still counts: it makes the grant dead, not open, and has its own finding.
 *
 * `…IfExists` and `ForAllValues:` are true only when the key is *absent*; SES sets `aws:SourceAccount` and
 * `aws:SourceArn` on every request it makes, so for SES they still compare the value, and an IAM evaluator
 * keeps a foreign account out. They are therefore not "missing": `condition-ifexists` reports the weakness
 * instead (a `*-missing-source-conditions` error would claim an openness the policy does not have).
 */
export function restricts(entry: ConditionEntry): boolean {
  return operatorAccepted(entry) && entry.values.length > 0;
}

/** Values we do not judge: placeholders (`placeholder-left`) and template references (`unresolved-reference`). */
export function isUnfilled(value: PolicyValue): boolean {
  if (value.isToken) return false;
  const text = value.text;
  return containsPlaceholder(text) || text.includes('${') || text.startsWith('data.') || text.startsWith('var.') || text.startsWith('local.');
}

/** The value text to show in a message; a template token shows its literal part, or an ellipsis. */
export function displayValue(value: PolicyValue | undefined): string {
  if (!value) return '…';
  const text = value.text.trim();
  return text.length > 0 ? text : '…';
}
