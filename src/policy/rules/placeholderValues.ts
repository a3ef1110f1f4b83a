import type { StatementContext } from '../findings';
import type { PolicyValue } from '../model';
import { isPlaceholderToken, mightHoldPlaceholder } from '../placeholders';
import { valuesOf } from '../extract';
import { isReceivingSesGrant } from './ruleHelpers';

/**
 * Values that were never filled in (docs/rules): guide or template placeholders, and template syntax inside
 * plain policy JSON. Only SES grants are checked; the values are those that name something (ARNs, accounts,
 * names): Resource, condition values, non-service principals, and an AddPermission body's name fields.
 */
export function placeholderValueRules(context: StatementContext): void {
  if (!isReceivingSesGrant(context.grant)) return;
  checkPlaceholders(context);
  // `unresolved-reference` is read in the walk of the grant's tree that finds duplicate keys (statementTree.ts).
}

const ACCOUNT_KEYS = ['aws:sourceaccount', 'aws:sourceowner', 'aws:referer', 'kms:encryptioncontext:aws:ses:source-account'];

/** A placeholder found in a named value, and what should replace it. */
interface FoundPlaceholder {
  readonly value: PolicyValue;
  readonly token: string;
  readonly what: string;
}

const ADD_PERMISSION_NAME_FIELDS: readonly (readonly [string, string])[] = [['FunctionName', 'function name'], ['Qualifier', 'function version or alias']];

/**
 * The placeholder that comes first in the document among the values that name something (the first visited
 * on a tie), with what the field holds when the whole value is one name (`account id`, `function name`):
 * non-service principals, Resource and NotResource, condition values, and an AddPermission body's name fields.
 * Plain loops rather than a visitor: a visitor's closure was made for every grant of the file.
 */
function firstPlaceholder(context: StatementContext): FoundPlaceholder | undefined {
  const { statement } = context;
  let first: FoundPlaceholder | undefined;
  for (const principal of statement.principals) {
    if (principal.type !== 'Service') first = earlierPlaceholder(first, principal.value, 'principal');
  }
  for (const value of statement.resources) first = earlierPlaceholder(first, value, 'resource');
  if (statement.notResourceProperty) for (const value of valuesOf(statement.notResourceProperty.value)) first = earlierPlaceholder(first, value, 'resource');
  for (const entry of statement.conditions) {
    const field = ACCOUNT_KEYS.includes(entry.keyLower) ? 'account id' : 'value';
    for (const value of entry.values) first = earlierPlaceholder(first, value, field);
  }
  if (statement.shape === 'add-permission') {
    for (const [key, field] of ADD_PERMISSION_NAME_FIELDS) {
      for (const prop of statement.node.properties) if (prop.key === key) for (const value of valuesOf(prop.value)) first = earlierPlaceholder(first, value, field);
    }
  }
  return first;
}

/** `first`, or the placeholder of `value` when it has one and comes earlier in the document. */
function earlierPlaceholder(first: FoundPlaceholder | undefined, value: PolicyValue, field: string): FoundPlaceholder | undefined {
  if (first && value.span.offset >= first.value.span.offset) return first;
  const found = placeholderIn(value.text, field);
  return found ? { value, token: found.token, what: found.what } : first;
}

// ---------------------------------------------------------------------------------------------- placeholders

/** What each part of an ARN resource names, by service and the segment before it. */
function resourceNoun(service: string, previous: string | undefined): string {
  if (service === 'ses') {
    if (previous === 'receipt-rule-set') return 'rule set name';
    if (previous === 'receipt-rule') return 'rule name';
    return 'name';
  }
  const nouns: Readonly<Record<string, string>> = {
    s3: 'bucket name', sns: 'topic name', lambda: 'function name', kms: 'key id', iam: 'role name',
  };
  if (service === 's3' && previous !== undefined) return 'key prefix';
  return nouns[service] ?? 'name';
}

/**
 * The placeholder a value holds, and what should replace it. In an ARN each component is judged by its place:
 * the guide's lower-case `region` only counts in the region field, since `inbox/region/` is a plausible key
 * prefix and a rule may be named so (an upper-case `REGION` is a placeholder anywhere).
 */
export function placeholderIn(text: string, field: string): { token: string; what: string } | undefined {
  if (!mightHoldPlaceholder(text)) return undefined;
  const trimmed = text.trim();
  if (!/[:/]/.test(trimmed) && isPlaceholderToken(trimmed)) return { token: trimmed, what: field === 'value' || field === 'resource' ? 'value' : field };
  const parts = trimmed.split(':');
  if (parts[0] === 'arn' && parts.length >= 6) {
    const service = parts[2]!.toLowerCase();
    const fields: readonly [number, string][] = [[1, 'partition'], [3, 'region'], [4, 'account id']];
    for (const [index, what] of fields) {
      const part = parts[index]!;
      if (isPlaceholderToken(part)) return { token: part, what };
    }
    const segments = parts.slice(5).join(':').split(/[:/]/);
    let previous: string | undefined;
    for (const segment of segments) {
      if (segment.length > 0 && segment !== 'region' && isPlaceholderToken(segment)) {
        return { token: segment, what: resourceNoun(service, previous) };
      }
      if (segment.length > 0) previous = segment;
    }
    return undefined;
  }
  for (const segment of trimmed.split(/[:/]/)) {
    if (segment.length > 0 && segment !== 'region' && isPlaceholderToken(segment)) return { token: segment, what: field === 'resource' ? 'value' : field };
  }
  return undefined;
}

function checkPlaceholders(context: StatementContext): void {
  const first = firstPlaceholder(context);
  if (first) context.report('placeholder-left', first.value.span, { value: first.token, what: first.what });
}

// ---------------------------------------------------------------------------------------------- references

/**
 * `${…}` is template syntax (CloudFormation `${AWS::AccountId}`, Terraform `${var.bucket}`) unless IAM itself
 * resolves it: policy variables are `${prefix:key}` with a single colon (`${aws:username}`,
 * `${aws:SourceAccount}`, `${s3:prefix}`, `${saml:sub}`, `${cognito-identity.amazonaws.com:sub}`) and the
 * escapes `${*}`, `${?}`, `${$}` [S9](docs/semantics.md#sources). Those are left alone even in a 2008-10-17 policy, where IAM takes them
 * literally: that is a version question, not an unresolved template.
 */
const TEMPLATE_REFERENCE = /\$\{[^}]*\}?/g;
const IAM_POLICY_VARIABLE = /^\$\{(?:[*?$]|[A-Za-z0-9][A-Za-z0-9.-]*:[A-Za-z0-9][\w.:/-]*?)(?:,\s*'[^']*')?\}$/;
/** Terraform references that lost their quotes or interpolation: `data.aws_caller_identity.current.account_id`. */
const TERRAFORM_REFERENCE = /^(?:data\.[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*|var\.[A-Za-z_][\w-]*|local\.[A-Za-z_][\w-]*)(?:\.[\w-]+|\[[^\]]*\])*$/;

export function unresolvedReferenceIn(text: string): string | undefined {
  if (text.includes('${')) {
    for (const match of text.matchAll(TEMPLATE_REFERENCE)) {
      const reference = match[0];
      if (reference.includes('::') || !IAM_POLICY_VARIABLE.test(reference)) return reference;
    }
  }
  // TERRAFORM_REFERENCE starts with `data.`, `var.` or `local.`: most values fail on their first letter.
  const trimmed = text.trim();
  const first = trimmed.charCodeAt(0);
  if (first !== 0x64 && first !== 0x76 && first !== 0x6c) return undefined;
  return TERRAFORM_REFERENCE.test(trimmed) ? trimmed : undefined;
}
