import type { GrantKind } from './model';
import { partitionOf } from './values';

/**
 * The one source of every grant we insert (docs/semantics.md#what-is-inserted): snippets, `ses-grants new`, "Add SES grant" and the
 * quick fixes all build from here. Values the caller does not know become placeholders: marked strings
 * that render as the guide's placeholder names in plain text and as named tab stops in snippets.
 */

export type InsertKind = Exclude<GrantKind, 'sts'>;
export const INSERT_KINDS: readonly InsertKind[] = ['s3', 'kms', 'lambda', 'sns'];

export interface GrantValues {
  readonly accountId?: string | undefined;
  readonly region?: string | undefined;
  readonly ruleSet?: string | undefined;
  readonly rule?: string | undefined;
  /** Any rule of any rule set in the account: `receipt-rule-set/*:receipt-rule/*` under `ArnLike`. */
  readonly anyRule?: boolean | undefined;
  readonly bucket?: string | undefined;
  readonly prefix?: string | undefined;
  /** KMS: also allow `kms:Decrypt` (buckets encrypted with SSE-KMS). */
  readonly includeDecrypt?: boolean | undefined;
  readonly functionName?: string | undefined;
  readonly topicArn?: string | undefined;
}

/** Placeholder names, as the guide prints them; `placeholder-left` recognises every one. */
export const PLACEHOLDERS = {
  accountId: 'AWSACCOUNTID',
  region: 'REGION',
  ruleSet: 'rule_set_name',
  rule: 'receipt_rule_name',
  bucket: 'BUCKET-NAME',
  functionName: 'YOUR-FUNCTION-NAME',
  topicName: 'TOPIC-NAME',
} as const;

/**
 * Placeholder marks are private-use characters, which some documents hold too (icon fonts in status-bar and
 * terminal configs). Marks are therefore only ever rendered in text a fix inserts, never in document text:
 * a fix whose edit would carry document text holding these characters is not offered (fixes/common.ts).
 */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const PLACEHOLDER_MARK = /\uE000([^\uE001]*)\uE001/g;
const MARK_CHARACTER = /[\uE000\uE001]/;

/** A marked placeholder inside a template string. */
export function placeholder(name: string): string {
  return OPEN + name + CLOSE;
}

function valueOr(value: string | undefined, name: string): string {
  return value !== undefined && value !== '' ? value : placeholder(name);
}

export type JsonTemplate = string | JsonTemplate[] | { [key: string]: JsonTemplate };

export function receiptRuleArn(values: GrantValues): string {
  const region = valueOr(values.region, PLACEHOLDERS.region);
  const partition = values.region ? partitionOf(values.region) : 'aws';
  const account = valueOr(values.accountId, PLACEHOLDERS.accountId);
  if (values.anyRule) return `arn:${partition}:ses:${region}:${account}:receipt-rule-set/*:receipt-rule/*`;
  const ruleSet = valueOr(values.ruleSet, PLACEHOLDERS.ruleSet);
  const rule = valueOr(values.rule, PLACEHOLDERS.rule);
  return `arn:${partition}:ses:${region}:${account}:receipt-rule-set/${ruleSet}:receipt-rule/${rule}`;
}

/**
 * The guide's condition: both keys under StringEquals for an exact rule. A wildcard rule needs ArnLike, and
 * Lambda always stores SourceArn under ArnLike [S5](docs/semantics.md#sources).
 */
export function sourceCondition(values: GrantValues, arnUnderArnLike: boolean): { [key: string]: JsonTemplate } {
  const account = valueOr(values.accountId, PLACEHOLDERS.accountId);
  const arn = receiptRuleArn(values);
  if (arnUnderArnLike || values.anyRule) {
    return { StringEquals: { 'AWS:SourceAccount': account }, ArnLike: { 'AWS:SourceArn': arn } };
  }
  return { StringEquals: { 'AWS:SourceAccount': account, 'AWS:SourceArn': arn } };
}

const SES_PRINCIPAL = { Service: 'ses.amazonaws.com' };

function topicArnOf(values: GrantValues): string {
  if (values.topicArn) return values.topicArn;
  const region = valueOr(values.region, PLACEHOLDERS.region);
  const partition = values.region ? partitionOf(values.region) : 'aws';
  return `arn:${partition}:sns:${region}:${placeholder(PLACEHOLDERS.accountId)}:${placeholder(PLACEHOLDERS.topicName)}`;
}

function functionArnOf(values: GrantValues): string {
  const region = valueOr(values.region, PLACEHOLDERS.region);
  const partition = values.region ? partitionOf(values.region) : 'aws';
  const account = valueOr(values.accountId, PLACEHOLDERS.accountId);
  return `arn:${partition}:lambda:${region}:${account}:function:${valueOr(values.functionName, PLACEHOLDERS.functionName)}`;
}

/**
 * AWS's default key policy statement: the account's own IAM principals keep access to the key. A whole key
 * policy written for a new key (a template's AWS::KMS::Key, Terraform's aws_kms_key or aws_kms_key_policy)
 * holds it beside the SES grant: a key policy that does not let the account manage the key would lock
 * everyone out, and KMS refuses to create such a key. `partition` may be a template value
 * (`${AWS::Partition}`); without it the region's partition is used.
 */
export function keyAdministrationStatement(values: GrantValues, partition?: string): { [key: string]: JsonTemplate } {
  const account = valueOr(values.accountId, PLACEHOLDERS.accountId);
  const written = partition ?? (values.region && !values.region.includes('${') ? partitionOf(values.region) : 'aws');
  return { Sid: 'EnableIAMUserPermissions', Effect: 'Allow', Principal: { AWS: `arn:${written}:iam::${account}:root` }, Action: 'kms:*', Resource: '*' };
}

/** The statement of one kind, in the current guide's form. */
export function grantStatement(kind: InsertKind, values: GrantValues): { [key: string]: JsonTemplate } {
  switch (kind) {
    case 's3':
      return {
        Sid: 'AllowSESPuts',
        Effect: 'Allow',
        Principal: SES_PRINCIPAL,
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${valueOr(values.bucket, PLACEHOLDERS.bucket)}/${values.prefix ?? ''}*`,
        Condition: sourceCondition(values, false),
      };
    case 'kms':
      return {
        Sid: 'AllowSESToEncryptMessagesBelongingToThisAccount',
        Effect: 'Allow',
        Principal: SES_PRINCIPAL,
        Action: values.includeDecrypt ? ['kms:GenerateDataKey*', 'kms:Decrypt'] : ['kms:GenerateDataKey*'],
        Resource: '*',
        Condition: sourceCondition(values, false),
      };
    case 'lambda':
      return {
        Sid: 'GiveSESPermissionToInvokeFunction',
        Effect: 'Allow',
        Principal: SES_PRINCIPAL,
        Action: 'lambda:InvokeFunction',
        Resource: functionArnOf(values),
        Condition: sourceCondition(values, true),
      };
    case 'sns':
      return {
        Sid: 'AllowSESPublish',
        Effect: 'Allow',
        Principal: SES_PRINCIPAL,
        Action: 'SNS:Publish',
        Resource: topicArnOf(values),
        Condition: sourceCondition(values, false),
      };
  }
}

/** A whole policy document holding the grant; for Lambda, the AddPermission request body. */
export function grantDocument(kind: InsertKind, values: GrantValues): { [key: string]: JsonTemplate } {
  if (kind === 'lambda') return addPermissionBody(values);
  return { Version: '2012-10-17', Statement: [grantStatement(kind, values)] };
}

export function addPermissionBody(values: GrantValues): { [key: string]: JsonTemplate } {
  return {
    FunctionName: valueOr(values.functionName, PLACEHOLDERS.functionName),
    StatementId: 'GiveSESPermissionToInvokeFunction',
    Action: 'lambda:InvokeFunction',
    Principal: 'ses.amazonaws.com',
    SourceAccount: valueOr(values.accountId, PLACEHOLDERS.accountId),
    SourceArn: receiptRuleArn(values),
  };
}

/** `aws lambda add-permission` with the same values, for users who grant from a shell. */
export function addPermissionCommandLine(values: GrantValues): string {
  return renderPlain(addPermissionCommandParts(values).join(' '));
}

/**
 * The parts of that command line: the command, then each option with its value in single quotes;
 * placeholders still marked (the shell snippet joins them with line continuations).
 */
export function addPermissionCommandParts(values: GrantValues): string[] {
  const body = addPermissionBody(values);
  const quote = (v: JsonTemplate) => `'${String(v)}'`;
  return [
    'aws lambda add-permission',
    `--function-name ${quote(body['FunctionName']!)}`,
    `--statement-id ${quote(body['StatementId']!)}`,
    `--action ${quote(body['Action']!)}`,
    `--principal ${quote(body['Principal']!)}`,
    `--source-account ${quote(body['SourceAccount']!)}`,
    `--source-arn ${quote(body['SourceArn']!)}`,
  ];
}

export interface RenderOptions {
  /** Indentation unit, e.g. two spaces or a tab. */
  readonly indent?: string;
  readonly eol?: string;
}

/** JSON text of a template, indented; placeholders still marked (see renderPlain / renderSnippet). */
export function toJsonText(template: JsonTemplate, options: RenderOptions = {}): string {
  const text = JSON.stringify(template, null, options.indent ?? '  ');
  return options.eol && options.eol !== '\n' ? text.replace(/\n/g, options.eol) : text;
}

/** Placeholders become their names: what the CLI prints and what a fix inserts without snippet support. */
export function renderPlain(markedText: string): string {
  return markedText.replace(PLACEHOLDER_MARK, (_whole, name: string) => name);
}

/**
 * Snippet syntax: text is escaped and each distinct placeholder becomes one numbered tab stop, repeated
 * occurrences sharing the number so that VS Code edits them together.
 */
export function renderSnippet(markedText: string, firstTabStop = 1): string {
  const numbers = new Map<string, number>();
  let output = '';
  let last = 0;
  for (const match of markedText.matchAll(PLACEHOLDER_MARK)) {
    output += escapeSnippetText(markedText.slice(last, match.index));
    const name = match[1]!;
    let number = numbers.get(name);
    if (number === undefined) {
      number = firstTabStop + numbers.size;
      numbers.set(name, number);
      output += `\${${number}:${escapeSnippetText(name)}}`;
    } else {
      output += `\${${number}}`;
    }
    last = match.index + match[0].length;
  }
  return output + escapeSnippetText(markedText.slice(last));
}

function escapeSnippetText(text: string): string {
  return text.replace(/[\\$}]/g, (c) => '\\' + c);
}

export function hasPlaceholders(markedText: string): boolean {
  return markedText.includes(OPEN);
}

/** The placeholder names marked in a text (`AWSACCOUNTID`, `receipt_rule_name`…), each once, in order. */
export function placeholderNames(markedText: string): string[] {
  return [...new Set([...markedText.matchAll(PLACEHOLDER_MARK)].map((match) => match[1]!))];
}

/** Whether text holds a character that placeholder marks are made of (document text must not, where it is rendered). */
export function holdsMarkCharacters(text: string): boolean {
  return MARK_CHARACTER.test(text);
}

/** Sids must be unique within a policy (S3 and SNS refuse the policy otherwise): `AllowSESPuts2`, … */
export function withUniqueSid(statement: { [key: string]: JsonTemplate }, taken: ReadonlySet<string | undefined>): { [key: string]: JsonTemplate } {
  const base = statement['Sid'];
  if (typeof base !== 'string' || !taken.has(base)) return statement;
  let n = 2;
  while (taken.has(`${base}${n}`)) n++;
  return { ...statement, Sid: `${base}${n}` };
}
