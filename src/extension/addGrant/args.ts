import * as vscode from 'vscode';
import { INSERT_KINDS, type GrantValues, type InsertKind } from '../../policy/templates';
import type { GrantRequest } from './request';
import type { ModuleReferences } from './terraform';
import {
  topicArnValidator,
  validateAccountId,
  validateBucket,
  validateFunctionName,
  validatePrefix,
  validateRegion,
  validateRule,
  validateRuleSet,
  type Validator,
} from './validate';

/**
 * The command's argument object (keybindings, tests, other extensions):
 * `{kind, accountId, region, ruleSet, rule, anyRule, bucket, prefix, topicArn, functionName, includeDecrypt}`
 * plus `ifExists` ('update' by default: no prompt) and `copyCommandLine` (Lambda; false by default).
 * Without prompts, a grant for another kind of resource than the open policy's goes to a new document.
 * Values left out come from the settings and the open document; the result is either a complete request
 * or the reasons it is refused, and a refused request changes nothing.
 */
export type ParsedArguments = { readonly request: GrantRequest } | { readonly problems: readonly string[] };

const STRING_KEYS = ['accountId', 'region', 'ruleSet', 'rule', 'bucket', 'prefix', 'topicArn', 'functionName'] as const;
const BOOLEAN_KEYS = ['anyRule', 'includeDecrypt'] as const;
const KNOWN_KEYS = new Set<string>(['kind', 'ifExists', 'copyCommandLine', ...STRING_KEYS, ...BOOLEAN_KEYS]);

export function parseArguments(argument: unknown, defaults: GrantValues, fromModule: ModuleReferences = {}): ParsedArguments {
  if (typeof argument !== 'object' || argument === null || Array.isArray(argument)) {
    return { problems: [vscode.l10n.t('The argument must be an object such as {0}.', '{"kind": "s3", "bucket": "inbox-mail"}')] };
  }
  const input = argument as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(input)) {
    if (!KNOWN_KEYS.has(key)) problems.push(vscode.l10n.t('Unknown argument "{0}".', key));
  }
  const kind = input['kind'];
  if (typeof kind !== 'string' || !(INSERT_KINDS as readonly string[]).includes(kind)) {
    problems.push(vscode.l10n.t('"kind" must be one of {0}.', INSERT_KINDS.join(', ')));
  }
  const given: Record<string, string | boolean | undefined> = {};
  for (const key of STRING_KEYS) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value === 'string') given[key] = value.trim();
    else problems.push(vscode.l10n.t('"{0}" must be a string.', key));
  }
  for (const key of BOOLEAN_KEYS) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value === 'boolean') given[key] = value;
    else problems.push(vscode.l10n.t('"{0}" must be true or false.', key));
  }
  const ifExists = input['ifExists'] ?? 'update';
  if (ifExists !== 'update' && ifExists !== 'add' && ifExists !== 'ask') problems.push(vscode.l10n.t('"ifExists" must be "update", "add" or "ask".'));
  const copyCommandLine = input['copyCommandLine'] ?? false;
  if (typeof copyCommandLine !== 'boolean') problems.push(vscode.l10n.t('"{0}" must be true or false.', 'copyCommandLine'));
  if (problems.length > 0) return { problems };

  const values: GrantValues = {
    accountId: (given['accountId'] as string | undefined) ?? defaults.accountId,
    region: (given['region'] as string | undefined) ?? defaults.region,
    ruleSet: (given['ruleSet'] as string | undefined) ?? defaults.ruleSet,
    rule: (given['rule'] as string | undefined) ?? defaults.rule,
    anyRule: (given['anyRule'] as boolean | undefined) ?? false,
    bucket: (given['bucket'] as string | undefined) ?? defaults.bucket,
    prefix: (given['prefix'] as string | undefined) || undefined,
    topicArn: (given['topicArn'] as string | undefined) ?? defaults.topicArn,
    functionName: (given['functionName'] as string | undefined) ?? defaults.functionName,
    includeDecrypt: (given['includeDecrypt'] as boolean | undefined) ?? false,
  };
  const missing = checkValues(kind as InsertKind, values, fromModule);
  if (missing.length > 0) return { problems: missing };
  return { request: { kind: kind as InsertKind, values, ifExists: ifExists as GrantRequest['ifExists'], copyCommandLine: copyCommandLine as boolean } };
}

/**
 * The values a kind needs, each present and valid (the prompts ask for exactly these). The account and region a
 * Terraform module names itself (`data.aws_caller_identity`, `data.aws_region`) are written as references: not
 * needed, as the prompts do not ask for them (an SNS topic's ARN still needs the region to be checked against).
 */
function checkValues(kind: InsertKind, values: GrantValues, fromModule: ModuleReferences): string[] {
  const problems: string[] = [];
  const need = (key: string, value: string | undefined, validate: Validator) => {
    if (value === undefined || value === '') {
      problems.push(vscode.l10n.t('"{0}" is needed: give it as an argument or set it in the sesGrants settings.', key));
      return;
    }
    const problem = validate(value);
    if (problem) problems.push(`${key}: ${problem}`);
  };
  if (!(fromModule.accountId && !values.accountId)) need('accountId', values.accountId, validateAccountId);
  if (!(fromModule.region && !values.region && kind !== 'sns')) need('region', values.region, validateRegion);
  if (!values.anyRule) {
    need('ruleSet', values.ruleSet, validateRuleSet);
    need('rule', values.rule, validateRule);
  }
  if (kind === 's3') {
    need('bucket', values.bucket, validateBucket);
    if (values.prefix !== undefined) need('prefix', values.prefix, validatePrefix);
  }
  if (kind === 'lambda') need('functionName', values.functionName, validateFunctionName);
  if (kind === 'sns' && values.region) need('topicArn', values.topicArn, topicArnValidator(values.region));
  return problems;
}
