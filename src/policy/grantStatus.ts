import type { Finding } from './findings';
import type { GrantClassification } from './grant';
import type { Statement } from './model';

/**
 * How far a receiving grant lets SES in, as the "SES Grants" view shows it: the worst reading wins.
 * - `dead`: the grant can never allow SES (a condition or resource that no SES request matches);
 * - `open`: no source restriction, so any account's receipt rule can use the resource;
 * - `legacy`: restricted through an old form (`aws:Referer`, `aws:SourceOwner`, the KMS encryption context);
 * - `account`: restricted to the account, not to one rule;
 * - `pinned`: restricted to one receipt rule (a SourceArn without wildcards).
 */
export type GrantStatus = 'dead' | 'open' | 'legacy' | 'account' | 'pinned';

export const GRANT_STATUSES: readonly GrantStatus[] = ['dead', 'open', 'legacy', 'account', 'pinned'];

/** Findings whose condition means no request from SES ever matches the statement (SPEC §4). */
const DEAD_IDS: ReadonlySet<string> = new Set([
  'condition-wildcard-without-like',
  'condition-key-not-applicable',
  'condition-arn-operator-on-account',
  'source-account-mismatch',
  'source-arn-malformed',
  's3-resource-not-object-arn',
  'kms-missing-generate-data-key',
  'kms-encryption-context-key-unknown',
  'missing-resource',
  'version-invalid',
]);

/** Findings that say nothing restricts which account's receipt rule uses the grant. */
const OPEN_IDS: ReadonlySet<string> = new Set([
  's3-missing-source-conditions',
  'kms-missing-source-conditions',
  'lambda-missing-source-conditions',
  'sns-missing-source-conditions',
  'sts-missing-source-conditions',
]);

const LEGACY_IDS: ReadonlySet<string> = new Set([
  'legacy-referer-only',
  'legacy-source-owner',
  'kms-legacy-encryption-context',
  'kms-partial-encryption-context',
]);

/**
 * The status of one SES grant from its own findings (those whose statement span is the statement's) and its
 * conditions. Findings drive the bad readings, so a suppressed finding or a rule turned off does not change
 * what the grant lets in: callers pass the findings before settings filter them.
 */
export function grantStatus(statement: Statement, findings: readonly Finding[]): GrantStatus {
  const ids = new Set(findings.map((finding) => finding.id));
  if ([...ids].some((id) => DEAD_IDS.has(id))) return 'dead';
  if ([...ids].some((id) => OPEN_IDS.has(id))) return 'open';
  if ([...ids].some((id) => LEGACY_IDS.has(id))) return 'legacy';
  return isPinnedToRule(statement) ? 'pinned' : 'account';
}

/** A SourceArn whose every value names one rule: no `*` or `?` in its literal text. */
function isPinnedToRule(statement: Statement): boolean {
  const entries = statement.conditions.filter((entry) => entry.keyLower === 'aws:sourcearn');
  return entries.length > 0 && entries.every((entry) => entry.values.length > 0 && entry.values.every((value) => !/[*?]/.test(value.text)));
}

/** One SES grant of a file, as the view and the workspace check list it. */
export interface GrantSummary {
  readonly statement: Statement;
  readonly classification: GrantClassification;
  readonly status: GrantStatus;
  /** Its findings, in document order. */
  readonly findings: readonly Finding[];
}

/** The findings that belong to a statement: reported on it (same statement span). */
export function findingsOfStatement(statement: Statement, findings: readonly Finding[]): Finding[] {
  const { offset, length } = statement.node.span;
  return findings.filter((finding) => finding.statementSpan !== undefined && finding.statementSpan.offset === offset && finding.statementSpan.length === length);
}
