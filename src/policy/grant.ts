import { isAccountId } from './aws/accounts';
import { arnService, arnTextOf } from './arn';
import { globMatches } from './glob';
import type { GrantKind, PolicyValue, Statement } from './model';
import { isPlaceholderToken } from './placeholders';

/**
 * Decides what a statement is in SES receiving terms (docs/semantics.md#recognising-a-grant): an SES grant of one kind, an SES-marked
 * statement (SES conditions behind a wildcard principal), or neither.
 */

export const SES_SERVICE_PRINCIPAL = 'ses.amazonaws.com';

export interface GrantClassification {
  /** The kinds the statement grants SES; empty when it is no SES grant. */
  readonly kinds: readonly GrantKind[];
  readonly isSesGrant: boolean;
  readonly isSesMarked: boolean;
  /** The SourceArn names an SES identity or configuration set: a sending-side grant. */
  readonly isSendingSide: boolean;
  /** The principal values that name SES. */
  readonly sesPrincipals: readonly PolicyValue[];
}

const KIND_ACTIONS: Record<Exclude<GrantKind, 'kms'>, string> = {
  s3: 's3:PutObject',
  lambda: 'lambda:InvokeFunction',
  sns: 'sns:Publish',
  sts: 'sts:AssumeRole',
};

/** Lambda also counts `lambda:*` explicitly; `*` is covered by the glob. */
export function actionCovers(actionPattern: string, action: string): boolean {
  return globMatches(actionPattern, action, true);
}

export function isEffectAllow(statement: Statement): boolean {
  // AddPermission bodies have no Effect: Lambda always stores them as Allow.
  if (statement.shape === 'add-permission') return true;
  return statement.effect !== undefined && !statement.effect.isToken && statement.effect.text === 'Allow';
}

export function sesPrincipalsOf(statement: Statement): readonly PolicyValue[] {
  // A loop, not filter and map: classification runs for every statement, and most name no SES principal
  // (one shared empty list) or exactly one.
  let found: PolicyValue[] | undefined;
  for (const p of statement.principals) {
    if (p.type === 'Service' && isSesPrincipalText(p.value.text)) (found ??= []).push(p.value);
  }
  return found ?? NO_VALUES;
}

/** `text` trimmed and lower-cased is SES's principal; as written, the usual case, nothing is copied. */
export function isSesPrincipalText(text: string): boolean {
  return text === SES_SERVICE_PRINCIPAL || text.trim().toLowerCase() === SES_SERVICE_PRINCIPAL;
}

const NO_VALUES: readonly PolicyValue[] = Object.freeze([]);
const NO_KINDS: readonly GrantKind[] = Object.freeze([]);
/** One shared list per single kind: nearly every grant has one kind, and classification keeps its list. */
const ONE_KIND: Readonly<Record<GrantKind, readonly GrantKind[]>> = {
  s3: Object.freeze(['s3']),
  kms: Object.freeze(['kms']),
  lambda: Object.freeze(['lambda']),
  sns: Object.freeze(['sns']),
  sts: Object.freeze(['sts']),
};

function isKmsAction(action: string): boolean {
  const lower = action.toLowerCase();
  return lower.startsWith('kms:');
}

/** Lower-cased once: classification runs for every statement of every file. */
const KIND_ACTIONS_LOWER = (Object.entries(KIND_ACTIONS) as [GrantKind, string][]).map(([kind, action]) => [kind, action.toLowerCase()] as const);

/**
 * The one kind an action grants, for the spellings the guides use: read without a trimmed and two lower-cased
 * copies of the text and a glob per kind, as classification does for every action of every statement.
 */
const KIND_AS_WRITTEN: ReadonlyMap<string, GrantKind> = new Map<string, GrantKind>([
  ['s3:PutObject', 's3'],
  ['lambda:InvokeFunction', 'lambda'],
  ['sns:Publish', 'sns'],
  ['SNS:Publish', 'sns'],
  ['sts:AssumeRole', 'sts'],
  ['kms:Encrypt', 'kms'],
  ['kms:Decrypt', 'kms'],
  ['kms:GenerateDataKey', 'kms'],
  ['kms:GenerateDataKey*', 'kms'],
]);

/** A mistyped kms prefix (`km:Encrypt`, `kms;Decrypt`) only counts next to real kms actions (docs/semantics.md#recognising-a-grant). */
export function kindsFromActions(actions: readonly PolicyValue[]): readonly GrantKind[] {
  // In the order first granted (a Set's order), without a Set: the first kind alone, a list only for more.
  let first: GrantKind | undefined;
  let all: GrantKind[] | undefined;
  for (const action of actions) {
    const asWritten = KIND_AS_WRITTEN.get(action.text);
    if (asWritten !== undefined) {
      if (first === undefined) first = asWritten;
      else all = withKind(all, first, asWritten);
      continue;
    }
    const text = action.text.trim();
    // Same as actionCovers (case-insensitive glob), with the action lower-cased once instead of per kind.
    const lower = text.toLowerCase();
    const literal = !lower.includes('*') && !lower.includes('?');
    for (const [kind, needed] of KIND_ACTIONS_LOWER) {
      if (!(literal ? lower === needed : globMatches(lower, needed, false))) continue;
      if (first === undefined) first = kind;
      else all = withKind(all, first, kind);
    }
    if (!isKmsAction(text) && text !== '*') continue;
    if (first === undefined) first = 'kms';
    else all = withKind(all, first, 'kms');
  }
  return all ?? (first === undefined ? NO_KINDS : ONE_KIND[first]);
}

/** `kind` added to the kinds after the first, unless already there: the list, or undefined while there is only `first`. */
function withKind(all: GrantKind[] | undefined, first: GrantKind, kind: GrantKind): GrantKind[] | undefined {
  if (all === undefined) return kind === first ? undefined : [first, kind];
  if (!all.includes(kind)) all.push(kind);
  return all;
}

const RESOURCE_SERVICE: Record<string, GrantKind> = { s3: 's3', kms: 'kms', lambda: 'lambda', sns: 'sns', iam: 'sts' };

/** With a wildcard action several kinds match; the resource ARNs' services narrow them when they can. */
function narrowByResource(kinds: readonly GrantKind[], statement: Statement): readonly GrantKind[] {
  if (kinds.length <= 1) return kinds;
  const fromResources = new Set<GrantKind>();
  for (const resource of statement.resources) {
    const service = arnService(resource);
    const kind = service ? RESOURCE_SERVICE[service] : undefined;
    if (kind && kinds.includes(kind)) fromResources.add(kind);
  }
  if (fromResources.size > 0) return kinds.filter((k) => fromResources.has(k));
  // `Resource: "*"` with `Action: "*"` in a key policy is the classic KMS shape; elsewhere keep S3 first.
  return kinds;
}

/**
 * The old guide's Referer holds the receiving account id (or its placeholder, or a template's account). S3's
 * own "restrict to an HTTP referer" example holds site URLs (`http://www.example.com/*`) behind `"*"`: that
 * is a website bucket policy, not SES, and must get no finding (docs/semantics.md#recognising-a-grant, precision).
 */
function isAccountLikeReferer(value: PolicyValue): boolean {
  if (value.isToken) return true;
  const text = value.text.trim();
  if (/[/.]/.test(text)) return false;
  return isAccountId(text) || isPlaceholderToken(text);
}

function hasSesMarkCondition(statement: Statement): boolean {
  return statement.conditions.some((entry) => {
    if (entry.keyLower === 'aws:referer') return entry.values.some(isAccountLikeReferer);
    if (entry.keyLower.startsWith('kms:encryptioncontext:aws:ses:')) return true;
    if (entry.keyLower === 'aws:sourcearn') return entry.values.some((v) => arnService(v) === 'ses');
    return false;
  });
}

function hasWildcardPrincipal(statement: Statement): boolean {
  return statement.principals.some((p) => p.type === 'wildcard' || (p.type === 'AWS' && p.value.text === '*'));
}

/**
 * Where the resource of an SES ARN starts: the index after `arn:<partition>:ses:<region>:<account>:`, whatever
 * template values the region and account are (`${AWS::Region}`, `${AWS::AccountId}` in CDK output), or -1.
 * This is arn.ts's `^arn:{C}:ses:{C}:{C}:` with the `i` flag, read by hand: classification asks it of every
 * SourceArn value of every statement (twice, for Mail Manager and the sending side), and the pattern tries
 * three alternatives at each character. A component of that pattern can end only at its first colon outside a
 * closed `${…}` (no alternative matches a colon; a `$` opening a `${` that never closes ends the match), so a
 * scan that stops there reads the same.
 */
export function sesArnResourceStart(text: string): number {
  if (!startsIgnoringCase(text, 0, 'arn:')) return -1;
  const partitionEnd = componentEnd(text, 4);
  if (partitionEnd < 0 || !startsIgnoringCase(text, partitionEnd + 1, 'ses:')) return -1;
  const regionEnd = componentEnd(text, partitionEnd + 5);
  if (regionEnd < 0) return -1;
  const accountEnd = componentEnd(text, regionEnd + 1);
  return accountEnd < 0 ? -1 : accountEnd + 1;
}

/** The colon that ends the ARN component starting at `start` (see sesArnResourceStart), or -1. */
function componentEnd(text: string, start: number): number {
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3a /* : */) return i;
    if (c === 0x24 /* $ */ && text.charCodeAt(i + 1) === 0x7b /* { */) {
      const close = text.indexOf('}', i + 2);
      if (close < 0) return -1;
      i = close;
    }
  }
  return -1;
}

/** Whether `word` (lower-case ASCII) is written at `at`, its letters in either case (as a regex's `i` flag reads ASCII). */
function startsIgnoringCase(text: string, at: number, word: string): boolean {
  if (at + word.length > text.length) return false;
  for (let k = 0; k < word.length; k++) {
    const c = text.charCodeAt(at + k);
    const w = word.charCodeAt(k);
    if (c !== w && !(w >= 0x61 && w <= 0x7a && c === w - 0x20)) return false;
  }
  return true;
}

/**
 * SES Mail Manager resources (ingress points, rule sets, archives…) are not receipt rules: the Mail Manager
 * guide's own grants to `ses.amazonaws.com` (a `kms:Decrypt` key policy, a role trust policy) name them in
 * `aws:SourceArn`. Receipt-rule checks would call those correct policies malformed and short of
 * `kms:GenerateDataKey*`, so such a statement is not treated as a receiving grant at all.
 */
export function isMailManagerArn(value: PolicyValue): boolean {
  const text = arnTextOf(value);
  const resource = sesArnResourceStart(text);
  return resource >= 0 && startsIgnoringCase(text, resource, 'mailmanager-');
}

/** The SourceArn names an SES identity or configuration set (`identity/…`, `configuration-set/…`, in any case). */
export function isSendingSideArn(value: PolicyValue): boolean {
  const text = arnTextOf(value);
  const resource = sesArnResourceStart(text);
  return resource >= 0 && isSendingSideResource(text, resource);
}

function isSendingSideResource(text: string, resource: number): boolean {
  return startsIgnoringCase(text, resource, 'identity/') || startsIgnoringCase(text, resource, 'configuration-set/');
}

/** What a statement's SourceArn values name, read in one pass (classification asks both of every Allow statement). */
const MAIL_MANAGER_GRANT = 1;
const NAMES_SENDING_SIDE = 2;

/**
 * MAIL_MANAGER_GRANT when every value of some SourceArn entry (one value at least) is a Mail Manager resource
 * (isMailManagerArn), NAMES_SENDING_SIDE when some SourceArn value names an identity or configuration set
 * (isSendingSideArn): each value's ARN read once for both, in loops rather than some/every with an arrow each
 * (this runs for every statement).
 */
function sourceArnSides(statement: Statement): number {
  let sides = 0;
  for (const entry of statement.conditions) {
    if (entry.keyLower !== 'aws:sourcearn') continue;
    let allMailManager = entry.values.length > 0;
    for (const value of entry.values) {
      const text = arnTextOf(value);
      const resource = sesArnResourceStart(text);
      if (resource < 0 || !startsIgnoringCase(text, resource, 'mailmanager-')) allMailManager = false;
      if (resource >= 0 && isSendingSideResource(text, resource)) sides |= NAMES_SENDING_SIDE;
    }
    if (allMailManager) sides |= MAIL_MANAGER_GRANT;
  }
  return sides;
}

export function classify(statement: Statement): GrantClassification {
  const allow = isEffectAllow(statement);
  const sides = allow ? sourceArnSides(statement) : 0;
  const sesPrincipals = allow && (sides & MAIL_MANAGER_GRANT) === 0 ? sesPrincipalsOf(statement) : NO_VALUES;
  const isSesGrant = sesPrincipals.length > 0;
  const kinds = isSesGrant ? narrowByResource(kindsFromActions(statement.actions), statement) : NO_KINDS;
  const isSesMarked =
    allow && !isSesGrant && (hasWildcardPrincipal(statement) || statement.notPrincipalProperty !== undefined) && hasSesMarkCondition(statement);
  const isSendingSide = isSesGrant && (sides & NAMES_SENDING_SIDE) !== 0;
  return { kinds, isSesGrant: isSesGrant && kinds.length > 0, isSesMarked, isSendingSide, sesPrincipals };
}
