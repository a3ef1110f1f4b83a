import type { ConditionEntry, Statement } from '../model';
import {
  EXACT_STRING_OPERATORS,
  KMS_CONTEXT_ACCOUNT,
  REFERER,
  SOURCE_ACCOUNT,
  SOURCE_ARN,
  SOURCE_ORG_ID,
  SOURCE_ORG_PATHS,
  SOURCE_OWNER,
  isTrueWhenAbsent,
  restricts,
} from './sourceKeys';
import { hasWildcard } from '../glob';

/**
 * A statement's source entries grouped by key, read in one pass over its conditions. The source family asked
 * for them key by key (a pass over the conditions and a new list for each question, six or more per grant);
 * most grants hold one or two source keys, so the lists of the others are one shared empty list.
 */
export interface SourceEntries {
  /** The restricting entries (`restricts`) of each key, in document order. */
  readonly account: readonly ConditionEntry[];
  readonly arn: readonly ConditionEntry[];
  readonly referer: readonly ConditionEntry[];
  readonly owner: readonly ConditionEntry[];
  readonly kmsContext: readonly ConditionEntry[];
  /** The entries that close the grant to other organisations (see `isOrganisationEntry`), in document order. */
  readonly organisation: readonly ConditionEntry[];
  /** The first entry of `aws:SourceOwner`, restricting or not. */
  readonly firstOwnerKey: ConditionEntry | undefined;
  /** The first restricting entry of a source key other than `aws:Referer`. */
  readonly firstRestrictingNotReferer: ConditionEntry | undefined;
  /** Whether any entry names the KMS source-account context key, restricting or not. */
  readonly namesKmsContext: boolean;
}

const NONE: readonly ConditionEntry[] = Object.freeze([]);

export function sourceEntriesOf(statement: Statement): SourceEntries {
  let account: ConditionEntry[] | undefined;
  let arn: ConditionEntry[] | undefined;
  let referer: ConditionEntry[] | undefined;
  let owner: ConditionEntry[] | undefined;
  let kmsContext: ConditionEntry[] | undefined;
  let organisation: ConditionEntry[] | undefined;
  let firstOwnerKey: ConditionEntry | undefined;
  let firstRestrictingNotReferer: ConditionEntry | undefined;
  let namesKmsContext = false;
  for (const entry of statement.conditions) {
    const key = entry.keyLower;
    if (key === SOURCE_OWNER) firstOwnerKey ??= entry;
    else if (key === KMS_CONTEXT_ACCOUNT) namesKmsContext = true;
    else if (key === SOURCE_ORG_ID || key === SOURCE_ORG_PATHS) {
      if (isOrganisationEntry(entry)) (organisation ??= []).push(entry);
      continue;
    } else if (key !== SOURCE_ACCOUNT && key !== SOURCE_ARN && key !== REFERER) continue;
    if (!restricts(entry)) continue;
    if (key !== REFERER) firstRestrictingNotReferer ??= entry;
    switch (key) {
      case SOURCE_ACCOUNT:
        (account ??= []).push(entry);
        break;
      case SOURCE_ARN:
        (arn ??= []).push(entry);
        break;
      case REFERER:
        (referer ??= []).push(entry);
        break;
      case SOURCE_OWNER:
        (owner ??= []).push(entry);
        break;
      default:
        (kmsContext ??= []).push(entry);
    }
  }
  return {
    account: account ?? NONE,
    arn: arn ?? NONE,
    referer: referer ?? NONE,
    owner: owner ?? NONE,
    kmsContext: kmsContext ?? NONE,
    organisation: organisation ?? NONE,
    firstOwnerKey,
    firstRestrictingNotReferer,
    namesKmsContext,
  };
}

/**
 * An entry that closes a grant to accounts outside one organisation. Unlike the account keys, the
 * organisation keys are absent when the account SES acts for belongs to no organisation, so an operator
 * that is true for an absent key (`…IfExists`, `ForAllValues:`) lets every such account in and restricts
 * nothing. Under `StringLike` the organisation id (a path's first segment) must be free of wildcards.
 */
function isOrganisationEntry(entry: ConditionEntry): boolean {
  return (
    !isTrueWhenAbsent(entry) &&
    restricts(entry) &&
    (EXACT_STRING_OPERATORS.includes(entry.baseOperator) || entry.values.every((v) => v.isToken || !hasWildcard(v.text.split('/')[0]!)))
  );
}
