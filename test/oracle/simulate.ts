import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { GrantKind } from '../../src/policy/model';

/**
 * Asks an independent IAM evaluator (`@cloud-copilot/iam-simulate`, AGPL: tests only, never imported from
 * src/) whether a resource policy lets Amazon SES reach the resource when SES acts for the receiving account,
 * and when it acts for some other account (the confused deputy). The request is the one SES sends for a
 * receipt rule: `aws:SourceAccount`, `aws:SourceArn` of a receipt rule in that account, plus the legacy keys
 * of each kind (S3 `aws:Referer`, SNS `aws:SourceOwner`, KMS encryption context).
 */

export type Verdict = 'Allowed' | 'Denied';

export interface OracleOutcome {
  /** SES acting for the receiving account (the one the grant names, else the resource owner). */
  readonly own: Verdict;
  /** SES acting for an unrelated account. */
  readonly foreign: Verdict;
  readonly ownAccount: string;
  readonly foreignAccount: string;
  /** What was evaluated, for failure messages. */
  readonly request: { readonly action: string; readonly resource: string; readonly sourceArn: string };
}

/** The evaluator refused the input (e.g. an unknown policy element): nothing can be concluded. */
export class OracleInputError extends Error {}

const DEFAULT_ACCOUNT = '111122223333';
const FOREIGN_ACCOUNTS = ['999988887777', '444455556666', '555566667777', '888877776666'];
const DEFAULT_REGION = 'us-east-1';
const DEFAULT_RULE_SET = 'inbound';
const DEFAULT_RULE = 'store';
const MESSAGE_ID = 'o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1';
const ACCOUNT_SHAPE = /^\d{12}$/;
const REGION_SHAPE = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

const ACTION_OF: Record<GrantKind, string> = {
  s3: 's3:PutObject',
  kms: 'kms:GenerateDataKey',
  lambda: 'lambda:InvokeFunction',
  sns: 'sns:Publish',
  sts: 'sts:AssumeRole',
};

/**
 * Workaround (TESTING.md): the evaluator silently drops `kms:EncryptionContext:<key>` context variables, so
 * every legacy KMS grant would look dead. We rename those keys, in the policy and in the request alike, to a
 * String-typed key it does carry. The operators a grant uses on them (StringEquals, StringLike, Null) behave
 * the same on the renamed key, so the verdict keeps the semantics of the original grant.
 */
const KMS_CONTEXT_PREFIX = 'kms:encryptioncontext:';
const RENAMED_CONTEXT_PREFIX = 'aws:RequestTag/kmsctx:';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: Json | undefined): Json[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function strings(value: Json | undefined): string[] {
  return list(value).flatMap((v) => (typeof v === 'string' ? [v] : typeof v === 'number' ? [String(v)] : []));
}

/** A Lambda AddPermission request body: a string Principal and an Action, no Statement / Effect. */
export function isAddPermissionBody(policy: unknown): policy is JsonObject {
  return isObject(policy) && typeof policy['Principal'] === 'string' && 'Action' in policy && !('Statement' in policy) && !('Effect' in policy);
}

/**
 * The statement Lambda stores for an AddPermission body (TESTING.md): `SourceAccount` becomes
 * `StringEquals AWS:SourceAccount`, `SourceArn` becomes `ArnLike AWS:SourceArn`, `Resource` the function ARN.
 */
export function storedLambdaPolicy(body: JsonObject, functionArn: string): JsonObject {
  const condition: JsonObject = {};
  if (body['SourceAccount'] !== undefined) condition['StringEquals'] = { 'AWS:SourceAccount': body['SourceAccount'] };
  if (body['SourceArn'] !== undefined) condition['ArnLike'] = { 'AWS:SourceArn': body['SourceArn'] };
  const principal = body['Principal'] as string;
  const statement: JsonObject = {
    Sid: typeof body['StatementId'] === 'string' ? body['StatementId'] : 'permission',
    Effect: 'Allow',
    // Lambda stores an account id or ARN as an AWS principal and anything else as a service principal.
    Principal: principal.includes('.') ? { Service: principal } : principal === '*' ? '*' : { AWS: principal },
    Action: body['Action'] ?? null,
    Resource: functionArn,
  };
  if (Object.keys(condition).length > 0) statement['Condition'] = condition;
  return { Version: '2012-10-17', Statement: [statement] };
}

/** A bare statement becomes a one-statement policy; a document stays as it is. */
function asPolicyDocument(policy: JsonObject): JsonObject {
  if ('Statement' in policy) return policy;
  return { Version: '2012-10-17', Statement: [policy] };
}

function statementsOf(policy: JsonObject): JsonObject[] {
  return list(policy['Statement']).filter(isObject);
}

function conditionEntries(policy: JsonObject): { operator: string; key: string; values: string[] }[] {
  const entries: { operator: string; key: string; values: string[] }[] = [];
  for (const statement of statementsOf(policy)) {
    const condition = statement['Condition'];
    if (!isObject(condition)) continue;
    for (const [operator, block] of Object.entries(condition)) {
      if (!isObject(block)) continue;
      for (const [key, value] of Object.entries(block)) entries.push({ operator, key, values: strings(value) });
    }
  }
  return entries;
}

/** Renames `kms:EncryptionContext:*` keys in every Condition block (see KMS_CONTEXT_PREFIX). */
function renameKmsContextKeys(policy: JsonObject): JsonObject {
  const copy = JSON.parse(JSON.stringify(policy)) as JsonObject;
  for (const statement of statementsOf(copy)) {
    const condition = statement['Condition'];
    if (!isObject(condition)) continue;
    for (const [operator, block] of Object.entries(condition)) {
      if (!isObject(block)) continue;
      const renamed: JsonObject = {};
      for (const [key, value] of Object.entries(block)) {
        const lower = key.toLowerCase();
        renamed[lower.startsWith(KMS_CONTEXT_PREFIX) ? RENAMED_CONTEXT_PREFIX + key.slice(KMS_CONTEXT_PREFIX.length) : key] = value;
      }
      condition[operator] = renamed;
    }
  }
  return copy;
}

interface RuleArn {
  partition: string;
  region: string;
  account: string;
  ruleSet: string;
  rule: string;
}

/** Loose on purpose: `receipt-rule-set/rules:*` still names the rule set, and the rule defaults. */
const RULE_ARN = /^arn:([^:]*):ses:([^:]*):([^:]*):receipt-rule-set\/([^:]*)(?::receipt-rule\/(.*))?/i;

/** Turns a policy value that may hold wildcards into one concrete value it matches. */
function concrete(pattern: string, filler: string): string {
  return pattern.replace(/\*/g, filler).replace(/\?/g, 'x');
}

function firstRuleArn(policy: JsonObject): RuleArn | undefined {
  for (const entry of conditionEntries(policy)) {
    if (entry.key.toLowerCase() !== 'aws:sourcearn') continue;
    for (const value of entry.values) {
      const match = RULE_ARN.exec(value);
      if (!match) continue;
      return {
        partition: concrete(match[1]!, 'aws'),
        region: concrete(match[2]!, DEFAULT_REGION),
        account: match[3]!,
        ruleSet: concrete(match[4]!, DEFAULT_RULE_SET),
        rule: concrete(match[5] ?? DEFAULT_RULE, DEFAULT_RULE),
      };
    }
  }
  return undefined;
}

/** The receiving account a grant names: the SourceArn's account, SourceAccount, Referer, SourceOwner, context key. */
function namedAccount(policy: JsonObject): string | undefined {
  const byKey = (wanted: (key: string) => boolean) => {
    for (const entry of conditionEntries(policy)) {
      if (!wanted(entry.key.toLowerCase())) continue;
      const account = entry.values.find((v) => ACCOUNT_SHAPE.test(v));
      if (account) return account;
    }
    return undefined;
  };
  const fromArn = () => {
    for (const entry of conditionEntries(policy)) {
      if (entry.key.toLowerCase() !== 'aws:sourcearn') continue;
      for (const value of entry.values) {
        const account = /^arn:[^:]*:ses:[^:]*:(\d{12}):/i.exec(value)?.[1];
        if (account) return account;
      }
    }
    return undefined;
  };
  // The SourceArn's account first: with several SourceAccount values, it is the one both keys allow.
  return (
    fromArn() ??
    byKey((k) => k === 'aws:sourceaccount') ??
    byKey((k) => k === 'aws:referer' || k === 'aws:sourceowner' || k === KMS_CONTEXT_PREFIX + 'aws:ses:source-account')
  );
}

/** Resource patterns of the statements that name SES; the first concrete-enough one becomes the request's. */
function sesResources(policy: JsonObject, service: string): string[] {
  const found: string[] = [];
  for (const statement of statementsOf(policy)) {
    const principal = JSON.stringify(statement['Principal'] ?? null).toLowerCase();
    if (!principal.includes('ses.amazonaws.com')) continue;
    for (const resource of strings(statement['Resource'])) {
      if (new RegExp(`^arn:[^:]*:${service}:`, 'i').test(resource)) found.push(resource);
    }
  }
  return found;
}

function accountOfArn(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return account !== undefined && ACCOUNT_SHAPE.test(account) ? account : undefined;
}

interface Target {
  resource: string;
  owner: string | undefined;
}

function targetOf(kind: GrantKind, policy: JsonObject, region: string, own: string): Target {
  switch (kind) {
    case 's3': {
      const pattern = sesResources(policy, 's3')[0];
      if (!pattern) return { resource: 'arn:aws:s3:::ses-inbox/mail/msg-1', owner: undefined };
      // An object in the bucket: the object part of the pattern made concrete, else a key of our own.
      const [bucketPart, ...keyParts] = pattern.replace(/^arn:[^:]*:s3:::/i, '').split('/');
      const key = keyParts.length > 0 ? concrete(keyParts.join('/'), 'msg-1') : 'msg-1';
      return { resource: `arn:aws:s3:::${concrete(bucketPart!, 'ses-inbox')}/${key || 'msg-1'}`, owner: undefined };
    }
    case 'kms': {
      const pattern = sesResources(policy, 'kms')[0];
      const resource = pattern ? concrete(pattern, '1234abcd-12ab-34cd-56ef-1234567890ab') : `arn:aws:kms:${region}:${own}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
      return { resource, owner: accountOfArn(resource) };
    }
    case 'lambda': {
      const pattern = sesResources(policy, 'lambda')[0];
      const resource = pattern ? concrete(pattern, 'ses-handler') : `arn:aws:lambda:${region}:${own}:function:ses-handler`;
      return { resource, owner: accountOfArn(resource) };
    }
    case 'sns': {
      const pattern = sesResources(policy, 'sns')[0];
      const resource = pattern ? concrete(pattern, 'ses-notices') : `arn:aws:sns:${region}:${own}:ses-notices`;
      return { resource, owner: accountOfArn(resource) };
    }
    case 'sts':
      return { resource: `arn:aws:iam::${own}:role/ses-delivery`, owner: own };
  }
}

/** The function ARN Lambda stores for an AddPermission body's `FunctionName` (a name, partial or full ARN). */
function functionArnOf(body: JsonObject, region: string, own: string): string {
  const name = typeof body['FunctionName'] === 'string' ? body['FunctionName'] : 'ses-handler';
  if (/^arn:/i.test(name)) return concrete(name, 'ses-handler');
  const partial = /^(\d{12}):function:(.+)$/.exec(name);
  if (partial) return `arn:aws:lambda:${region}:${partial[1]}:function:${partial[2]}`;
  return `arn:aws:lambda:${region}:${own}:function:${concrete(name, 'ses-handler')}`;
}

interface Prepared {
  policy: JsonObject;
  action: string;
  target: Target;
  ruleArn: RuleArn;
  own: string;
  foreign: string;
}

function prepare(input: unknown, kind: GrantKind): Prepared {
  if (!isObject(input)) throw new OracleInputError('the policy is not a JSON object');
  const addPermission = isAddPermissionBody(input);
  // Accounts and the rule are read from the policy in its stored form, so an AddPermission body is converted first
  // with provisional values, then again once the account and region are known.
  const provisional = addPermission ? storedLambdaPolicy(input, 'arn:aws:lambda:us-east-1:111122223333:function:f') : asPolicyDocument(input);
  const namedRule = firstRuleArn(provisional);
  const own = namedAccount(provisional) ?? accountOfArn(sesResources(provisional, kind === 'sts' ? 'iam' : kind)[0] ?? '') ?? DEFAULT_ACCOUNT;
  // SES needs its rule in the region of the topic / function / key: without a named rule, follow the resource's.
  const resourceRegion = sesResources(provisional, kind)[0]?.split(':')[3];
  const region = [namedRule?.region, resourceRegion].find((r) => r !== undefined && REGION_SHAPE.test(r)) ?? DEFAULT_REGION;
  const ruleArn: RuleArn = namedRule ? { ...namedRule, region } : { partition: 'aws', region, account: own, ruleSet: DEFAULT_RULE_SET, rule: DEFAULT_RULE };
  let policy = addPermission ? storedLambdaPolicy(input, functionArnOf(input, region, own)) : provisional;
  if (kind === 'kms') policy = renameKmsContextKeys(policy);
  const target = targetOf(kind, policy, region, own);
  // The foreign account must be one the policy never names, or the check would test nothing.
  const policyText = JSON.stringify(policy);
  const foreign = FOREIGN_ACCOUNTS.find((a) => a !== own && a !== target.owner && !policyText.includes(a));
  if (!foreign) throw new OracleInputError('the policy names every account the oracle could use as a foreign one');
  return { policy, action: ACTION_OF[kind], target, ruleArn, own, foreign };
}

function contextFor(kind: GrantKind, account: string, sourceArn: string, rule: string): Record<string, string> {
  const context: Record<string, string> = { 'aws:SourceAccount': account, 'aws:SourceArn': sourceArn };
  // The legacy keys SES sends for the older grant forms (docs/rules).
  if (kind === 's3') context['aws:Referer'] = account;
  if (kind === 'sns') context['aws:SourceOwner'] = account;
  if (kind === 'kms') {
    context[RENAMED_CONTEXT_PREFIX + 'aws:ses:source-account'] = account;
    context[RENAMED_CONTEXT_PREFIX + 'aws:ses:rule-name'] = rule;
    context[RENAMED_CONTEXT_PREFIX + 'aws:ses:message-id'] = MESSAGE_ID;
  }
  return context;
}

/** Request keys added to what SES sends for an account, e.g. the organisation keys of an account in one. */
export type ExtraContext = Readonly<Record<string, string | string[]>>;

async function evaluate(prepared: Prepared, kind: GrantKind, account: string, extra: ExtraContext = {}): Promise<{ verdict: Verdict; sourceArn: string }> {
  const { partition, region, ruleSet, rule } = prepared.ruleArn;
  const sourceArn = `arn:${partition}:ses:${region}:${account}:receipt-rule-set/${ruleSet}:receipt-rule/${rule}`;
  const contextVariables = { ...contextFor(kind, account, sourceArn, rule), ...extra };
  const result = await runSimulation(
    {
      request: {
        principal: 'ses.amazonaws.com',
        action: prepared.action,
        // The receiving account owns the resource unless its ARN names another (an SNS topic elsewhere).
        resource: { resource: prepared.target.resource, accountId: prepared.target.owner ?? prepared.own },
        contextVariables,
      },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: prepared.policy,
    },
    {},
  );
  if (result.resultType === 'error') throw new OracleInputError(`the evaluator refused the input: ${JSON.stringify(result.errors)}`);
  if (result.resultType === 'single') {
    // A dropped key would make the verdict meaningless (the reason for the KMS renaming above).
    const ignored = result.result.ignoredContextKeys ?? [];
    if (ignored.length > 0) throw new Error(`the evaluator ignored context keys ${ignored.join(', ')} for ${prepared.action}`);
  }
  return { verdict: result.overallResult === 'Allowed' ? 'Allowed' : 'Denied', sourceArn };
}

/**
 * Evaluates SES's request for `kind` against a policy, acting for the receiving account and for a foreign one;
 * `extra` adds request keys to either request (the organisation each account belongs to).
 */
export async function simulateSes(
  policy: unknown,
  kind: GrantKind,
  extra: { readonly own?: ExtraContext; readonly foreign?: ExtraContext } = {},
): Promise<OracleOutcome> {
  const prepared = prepare(policy, kind);
  const own = await evaluate(prepared, kind, prepared.own, extra.own);
  const foreign = await evaluate(prepared, kind, prepared.foreign, extra.foreign);
  return {
    own: own.verdict,
    foreign: foreign.verdict,
    ownAccount: prepared.own,
    foreignAccount: prepared.foreign,
    request: { action: prepared.action, resource: prepared.target.resource, sourceArn: own.sourceArn },
  };
}
