import { isAccountId } from './aws/accounts';
import { arnPattern, arnService, arnTextOf } from './arn';
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

/** A mistyped kms prefix (`km:Encrypt`, `kms;Decrypt`) only counts next to real kms actions (docs/semantics.md#recognising-a-grant). */
export function kindsFromActions(actions: readonly PolicyValue[]): readonly GrantKind[] {
  // In the order first granted (a Set's order), without a Set: the first kind alone, a list only for more.
  let first: GrantKind | undefined;
  let all: GrantKind[] | undefined;
  for (const action of actions) {
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

/** Whatever template values the region and account are (`${AWS::Region}`, `${AWS::AccountId}` in CDK output). */
const SENDING_SIDE_ARN = arnPattern('^arn:{C}:ses:{C}:{C}:(identity|configuration-set)/', 'i');

/**
 * SES Mail Manager resources (ingress points, rule sets, archives…) are not receipt rules: the Mail Manager
 * guide's own grants to `ses.amazonaws.com` (a `kms:Decrypt` key policy, a role trust policy) name them in
 * `aws:SourceArn`. Receipt-rule checks would call those correct policies malformed and short of
 * `kms:GenerateDataKey*`, so such a statement is not treated as a receiving grant at all.
 */
const MAIL_MANAGER_ARN = arnPattern('^arn:{C}:ses:{C}:{C}:mailmanager-', 'i');

function isMailManagerGrant(statement: Statement): boolean {
  return statement.conditions.some(
    (entry) => entry.keyLower === 'aws:sourcearn' && entry.values.length > 0 && entry.values.every((v) => MAIL_MANAGER_ARN.test(arnTextOf(v))),
  );
}

export function isSendingSideArn(value: PolicyValue): boolean {
  return SENDING_SIDE_ARN.test(arnTextOf(value));
}

export function classify(statement: Statement): GrantClassification {
  const allow = isEffectAllow(statement);
  const sesPrincipals = allow && !isMailManagerGrant(statement) ? sesPrincipalsOf(statement) : NO_VALUES;
  const isSesGrant = sesPrincipals.length > 0;
  const kinds = isSesGrant ? narrowByResource(kindsFromActions(statement.actions), statement) : NO_KINDS;
  const isSesMarked =
    allow && !isSesGrant && (hasWildcardPrincipal(statement) || statement.notPrincipalProperty !== undefined) && hasSesMarkCondition(statement);
  const isSendingSide =
    isSesGrant &&
    statement.conditions.some((entry) => entry.keyLower === 'aws:sourcearn' && entry.values.some(isSendingSideArn));
  return { kinds, isSesGrant: isSesGrant && kinds.length > 0, isSesMarked, isSendingSide, sesPrincipals };
}
