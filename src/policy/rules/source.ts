import { isAccountId } from '../aws/accounts';
import { MISSING_SOURCE_ARN, MISSING_SOURCE_CONDITIONS } from '../catalogue';
import type { StatementContext } from '../findings';
import { hasWildcard } from '../glob';
import { isSendingSideArn } from '../grant';
import type { ConditionEntry, GrantKind, PolicyValue } from '../model';
import { containsPlaceholder } from '../placeholders';
import type { Span } from '../tree';
import { checkArnOperatorOnAccount, checkDuplicateCase, checkIfExists, checkNotApplicableKeys, checkWildcardWithoutLike } from './conditions';
import { arnAccount, arnMatchMode, canMatchReceiptRule, describeWildcardRules, isReceiptRulePattern, pinsAccount } from './sourceArn';
import { EXACT_STRING_OPERATORS, KMS_CONTEXT_NULL_CHECKS, SOURCE_ARN, SOURCE_ORG_ID, SOURCE_ORG_PATHS, displayValue, isUnfilled } from './sourceKeys';
import { sourceEntriesOf, type SourceEntries } from './sourceEntries';
import { resourcePhrase } from './sourceSubject';

/**
 * Source restriction (docs/rules): does the grant say *which* account's receipt rules SES may act for?
 *
 * Ranges, chosen once for the whole family:
 * - a missing condition is shown on the `Condition` object when the statement has one (that is where the
 *   keys go), else on the `Principal` property (the grant to SES that nothing restricts). In an AddPermission
 *   body, a missing companion key is shown on the source property that is there (`SourceAccount`/`SourceArn`);
 * - a problem with a value (malformed, wildcard, mismatched account) on that value;
 * - a problem with a key (legacy keys, encryption context) on the key.
 */
export function checkSourceRestriction(context: StatementContext): void {
  const { grant } = context;
  // SES-marked statements only get the principal findings (docs/semantics.md#recognising-a-grant); look-alike principals are not grants.
  if (!grant.isSesGrant || grant.isSesMarked) return;
  if (grant.isSendingSide) {
    reportSendingSide(context);
    return;
  }
  // The source entries grouped by key once: the checks below ask for them key by key.
  const entries = sourceEntriesOf(context.statement);
  const kind = primaryKind(context, entries);
  checkDuplicateCase(context);
  checkIfExists(context);
  checkWildcardWithoutLike(context);
  // Both run: each reports its own way the grant never applies.
  const deadKeys = checkNotApplicableKeys(context);
  const deadOperator = checkArnOperatorOnAccount(context);
  const dead = deadKeys || deadOperator;
  checkLegacyKeys(context, kind, entries);
  checkSourceArnValues(context, entries);
  if (!dead) checkMissingSource(context, kind, entries);
}

/**
 * A statement that grants several kinds (`Action: "*"`, `Resource: "*"`) is judged as its first kind, so the
 * user reads one missing-source finding, not five saying the same; a statement using the KMS
 * encryption-context key is a key-policy statement.
 */
function primaryKind(context: StatementContext, entries: SourceEntries): GrantKind {
  const { kinds } = context.grant;
  if (entries.namesKmsContext && kinds.includes('kms')) return 'kms';
  return kinds[0] ?? 's3';
}

function reportSendingSide(context: StatementContext): void {
  for (const entry of context.statement.conditions) {
    if (entry.keyLower !== SOURCE_ARN) continue;
    const value = entry.values.find(isSendingSideArn);
    if (!value) continue;
    const what = /:identity\//i.test(value.text) ? 'identity' : 'configuration set';
    context.report('source-arn-not-receipt-rule', value.span, { arn: value.text, what });
    return;
  }
}

/** Where a missing key is reported (see the comment on `checkSourceRestriction`). */
function missingAnchor(context: StatementContext, present: ConditionEntry | undefined): Span {
  const { statement } = context;
  const span = statement.conditionProperty?.value.span ?? present?.entrySpan ?? statement.principalProperty?.span ?? statement.node.span;
  // In truncated text an unclosed object's span can reach past the end (an open `/*` comment): keep it inside.
  const end = Math.min(span.offset + span.length, context.file.text.length);
  return { offset: Math.min(span.offset, end), length: end - Math.min(span.offset, end) };
}

function checkLegacyKeys(context: StatementContext, kind: GrantKind, entries: SourceEntries): void {
  const { statement } = context;
  const owner = entries.firstOwnerKey;
  if (owner) context.report('legacy-source-owner', owner.keySpan, { key: owner.key });

  const referer = entries.referer[0];
  if (referer) {
    const other = entries.firstRestrictingNotReferer;
    if (other) context.report('legacy-referer-present', referer.keySpan, { modernKey: other.key });
    else context.report('legacy-referer-only', referer.keySpan, { account: displayValue(referer.values[0]) });
  }

  if (kind !== 'kms') return;
  const contextEntry = entries.kmsContext[0];
  if (!contextEntry) return;
  const checked = KMS_CONTEXT_NULL_CHECKS.every((key) => statement.conditions.some((e) => e.keyLower === key && isNullFalse(e)));
  if (checked) context.report('kms-legacy-encryption-context', contextEntry.keySpan, { account: displayValue(contextEntry.values[0]) });
  else context.report('kms-partial-encryption-context', contextEntry.keySpan, { account: displayValue(contextEntry.values[0]) });
}

/** `"Null": {"key": "false"}` (or the boolean `false`): the key must be present. */
function isNullFalse(entry: ConditionEntry): boolean {
  if (entry.operator !== 'Null') return false;
  const node = entry.valueNode;
  const items = node.type === 'array' ? node.items : [node];
  return items.length > 0 && items.every((item) => item.type === 'scalar' && (item.value === false || (typeof item.value === 'string' && item.value.toLowerCase() === 'false')));
}

/** Literal SourceAccount values we can compare with the account inside a SourceArn. */
function literalAccounts(entries: SourceEntries): string[] {
  const accounts: string[] = [];
  for (const entry of entries.account) {
    for (const v of entry.values) if (!v.isToken && !isUnfilled(v) && !hasWildcard(v.text)) accounts.push(v.text.trim());
  }
  return accounts;
}

/** `source-arn-malformed`, `source-arn-wildcard`, `source-account-mismatch`: one pass over the SourceArn values. */
function checkSourceArnValues(context: StatementContext, entries: SourceEntries): void {
  let accounts: string[] | undefined;
  // The restricting SourceArn entries: those under an accepted operator, less those without values (nothing to check).
  for (const entry of entries.arn) {
    // Only statements with a SourceArn need the accounts to compare with.
    accounts ??= literalAccounts(entries);
    const mode = arnMatchMode(entry.baseOperator);
    const wildcardsApply = !EXACT_STRING_OPERATORS.includes(entry.baseOperator);
    for (const value of entry.values) {
      if (isUnfilled(value)) continue;
      const text = value.text.trim();
      if (value.isToken) {
        // A guide placeholder beside a template value (`arn:aws:ses:REGION:${data.…account_id}:…`) is
        // placeholder-left's to report: the ARN is unfilled, not malformed.
        if (containsPlaceholder(text)) continue;
        checkTokenArn(context, value, accounts);
        continue;
      }
      // `StringEqualsIgnoreCase` matches `ARN:AWS:SES:…` too: judge the value as SES's lower-case ARN would see it.
      const comparable = entry.baseOperator === 'StringEqualsIgnoreCase' ? text.toLowerCase() : text;
      if (!isReceiptRulePattern(comparable, mode)) {
        context.report('source-arn-malformed', value.span, { arn: text });
        continue;
      }
      if (wildcardsApply && hasWildcard(text)) {
        const what = describeWildcardRules(text);
        if (what) context.report('source-arn-wildcard', value.span, { arn: text, what });
      }
      const account = arnAccount(text);
      if (account !== undefined && isAccountId(account) && accounts.length > 0 && !accounts.includes(account)) {
        context.report('source-account-mismatch', value.span, { account: accounts[0]!, arnAccount: account });
      }
    }
  }
}

const COMPUTED_PART = /\$\{[^}]*\}/g;

/**
 * Pseudo parameters never hold a colon, so a sample value stands for them where a `*` (which may span
 * colons) would accept `…:${AWS::AccountId}:receipt-rule/X` by letting a part swallow the missing segment.
 */
const PSEUDO_PARAMETER_SAMPLES: Readonly<Record<string, string>> = {
  '${AWS::Partition}': 'aws',
  '${AWS::Region}': 'us-east-1',
  '${AWS::AccountId}': '111122223333',
};

/**
 * A template value (`!Sub 'arn:aws:ses:${AWS::Region}:…'`) is known only by its literal parts; adapters write
 * each computed part as `${…}`. Each computed part may be anything, so it becomes a `*` that may span colons:
 * the value is malformed only if no substitution at all could make it a receipt-rule ARN, and a literal
 * account in it can still be compared with a literal SourceAccount.
 */
function checkTokenArn(context: StatementContext, value: PolicyValue, accounts: readonly string[]): void {
  const text = value.text.trim();
  const pattern = text.replace(COMPUTED_PART, (part) => PSEUDO_PARAMETER_SAMPLES[part] ?? '*');
  if (pattern === '' || pattern === '*') return;
  if (!canMatchReceiptRule(pattern, 'string')) {
    context.report('source-arn-malformed', value.span, { arn: text });
    return;
  }
  // The account is compared only when it is written literally, never a sample standing for `${AWS::AccountId}`.
  const account = arnAccount(text.replace(COMPUTED_PART, '*'));
  if (account !== undefined && isAccountId(account) && accounts.length > 0 && !accounts.includes(account)) {
    context.report('source-account-mismatch', value.span, { account: accounts[0]!, arnAccount: account });
  }
}

/** Whether a SourceArn entry pins the account for every value it allows (values are ORed). */
function arnEntryPinsAccount(entry: ConditionEntry): boolean {
  // A computed part of a template value is some fixed value at deploy time, not a wildcard.
  for (const v of entry.values) if (!isUnfilled(v) && !pinsAccount(v.isToken ? v.text.trim().replace(COMPUTED_PART, 'x') : v.text.trim())) return false;
  return true;
}

/**
 * Whether an account-valued entry (SourceAccount, SourceOwner, Referer, the KMS context key) pins the
 * account: under `StringLike` a wildcard value (`"*"`, `"1111*"`) lets other accounts through. Under
 * `StringEquals` a wildcard is literal: the entry is dead, not open, and still counts.
 */
function pinsAccountValue(entry: ConditionEntry): boolean {
  if (EXACT_STRING_OPERATORS.includes(entry.baseOperator)) return true;
  for (const v of entry.values) if (!v.isToken && hasWildcard(v.text)) return false;
  return true;
}

/** Whether an entry, as the rules read it, keeps other accounts out: what a fix that corrects its operator needs. */
export function entryPinsAccount(entry: ConditionEntry): boolean {
  return entry.keyLower === SOURCE_ARN ? arnEntryPinsAccount(entry) : pinsAccountValue(entry);
}

/** The entries of a key that pin the account: the list itself when all do (the usual case, no new list). */
function pinning(entries: readonly ConditionEntry[]): readonly ConditionEntry[] {
  return entries.every(pinsAccountValue) ? entries : entries.filter(pinsAccountValue);
}

/**
 * Whose receipt rules a grant without SourceArn is open to (`{scope}` of `*-missing-source-arn`): one of the
 * fixed phrases `account X`, `organization X`, `organization path X`, which the translations map by shape.
 */
function scopeArgs(entry: ConditionEntry): { scope: string; account?: string } {
  const value = displayValue(entry.values[0]);
  if (entry.keyLower === SOURCE_ORG_ID) return { scope: `organization ${value}` };
  if (entry.keyLower === SOURCE_ORG_PATHS) return { scope: `organization path ${value}` };
  return { scope: `account ${value}`, account: value };
}

function checkMissingSource(context: StatementContext, kind: GrantKind, entries: SourceEntries): void {
  const { statement } = context;
  const accountPins = pinning(entries.account);
  const ownerPins = pinning(entries.owner);
  const accountEntries = ownerPins.length === 0 ? accountPins : accountPins.concat(ownerPins);
  const contextPins = kind === 'kms' && entries.kmsContext.some(pinsAccountValue);
  const arnEntries = entries.arn;
  const refererPins = entries.referer.some(pinsAccountValue);
  const arnPins = arnEntries.some(arnEntryPinsAccount);

  const organisationEntry = entries.organisation[0];
  if (accountEntries.length === 0 && !contextPins && !refererPins && !arnPins && !organisationEntry) {
    // Nothing pins the account (a SourceArn with a wildcard account does not): any AWS customer can use it.
    const anchor = missingAnchor(context, undefined);
    context.report(MISSING_SOURCE_CONDITIONS[kind], anchor, { resource: resourcePhrase(statement, kind) });
    return;
  }

  // Referer-only and encryption-context forms have their own findings, whose fix adds SourceArn too.
  const accountEntry = accountEntries[0];
  const scopeEntry = accountEntry ?? organisationEntry;
  if (scopeEntry && arnEntries.length === 0) {
    context.report(MISSING_SOURCE_ARN[kind], missingAnchor(context, scopeEntry), {
      resource: resourcePhrase(statement, kind),
      ...scopeArgs(scopeEntry),
    });
  }

  const arnEntry = arnEntries[0];
  if (kind === 'lambda' && arnEntry && accountEntries.length === 0 && arnPins) {
    const arn = arnEntry.values[0];
    const account = arn && !arn.isToken ? arnAccount(arn.text.trim()) : undefined;
    context.report('lambda-missing-source-account', missingAnchor(context, arnEntry), {
      arn: displayValue(arn),
      account: account !== undefined && isAccountId(account) ? account : '…',
    });
  }
}
