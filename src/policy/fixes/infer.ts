import { parseReceiptRuleArn } from '../aws/receiptRuleArn';
import { valuesOf } from '../extract';
import type { PolicyFile, PolicyValue, Statement } from '../model';
import type { GrantValues } from '../templates';
import { checkBucketName, checkFunctionName, checkRegion, checkRuleName, parseTopicArn } from '../values';
import { KMS_CONTEXT_ACCOUNT, REFERER, SOURCE_ACCOUNT, SOURCE_ARN, isLiteral, literalAccount } from './common';

/**
 * Values a fix may reuse because the file already states them: only literal, well-formed values that are
 * no placeholder. Sources rank by how directly they name the receiving account: SourceAccount, then the
 * receipt-rule ARN, then the legacy keys, then the target's own ARN.
 */

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:([^:]+):(\d{12}):function:([^:]+)(?::[^:]+)?$/;
const S3_ARN = /^arn:aws[a-z-]*:s3:::([^/]+)(?:\/.*)?$/;

interface Candidates {
  account: string[][];
  region: string[][];
  ruleSet: string[];
  rule: string[];
  bucket: string[];
  functionName: string[];
  topicArn: string[];
}

export function inferValues(file: PolicyFile): GrantValues {
  // Ranked buckets: index 0 beats index 1 and so on; within a bucket, document order.
  const found: Candidates = { account: [[], [], [], []], region: [[], []], ruleSet: [], rule: [], bucket: [], functionName: [], topicArn: [] };
  for (const statement of file.statements) collect(statement, found);
  const first = (ranked: string[][]) => ranked.flat()[0];
  const values: { -readonly [K in keyof GrantValues]: GrantValues[K] } = {};
  const account = first(found.account);
  const region = first(found.region);
  if (account) values.accountId = account;
  if (region) values.region = region;
  if (found.ruleSet[0]) values.ruleSet = found.ruleSet[0];
  if (found.rule[0]) values.rule = found.rule[0];
  if (found.bucket[0]) values.bucket = found.bucket[0];
  if (found.functionName[0]) values.functionName = found.functionName[0];
  if (found.topicArn[0]) values.topicArn = found.topicArn[0];
  return values;
}

function literalTexts(values: readonly PolicyValue[]): string[] {
  return values.filter(isLiteral).map((v) => v.text.trim());
}

function collect(statement: Statement, found: Candidates): void {
  for (const entry of statement.conditions) {
    if (entry.ifExists) continue;
    if (entry.keyLower === SOURCE_ACCOUNT || entry.keyLower === KMS_CONTEXT_ACCOUNT) {
      for (const value of entry.values) {
        const account = literalAccount(value);
        if (account) found.account[0]!.push(account);
      }
    }
    if (entry.keyLower === REFERER) {
      for (const value of entry.values) {
        const account = literalAccount(value);
        if (account) found.account[2]!.push(account);
      }
    }
    if (entry.keyLower === SOURCE_ARN) {
      for (const text of literalTexts(entry.values)) {
        const parsed = parseReceiptRuleArn(text, 'account');
        if (!parsed) continue;
        const { region, account, ruleSet, rule } = parsed;
        found.account[1]!.push(account);
        if (checkRegion(region) === undefined) found.region[0]!.push(region);
        if (checkRuleName(ruleSet) === undefined) found.ruleSet.push(ruleSet);
        if (checkRuleName(rule) === undefined) found.rule.push(rule);
      }
    }
  }
  const targets = [...literalTexts(statement.resources)];
  if (statement.shape === 'add-permission') {
    for (const prop of statement.node.properties) {
      if (prop.key !== 'FunctionName') continue;
      for (const text of literalTexts(valuesOf(prop.value))) {
        if (checkFunctionName(text) === undefined) found.functionName.push(text);
        else targets.push(text);
      }
    }
  }
  for (const text of targets) {
    const lambda = LAMBDA_ARN.exec(text);
    if (lambda) {
      const [, region, account, name] = lambda as unknown as [string, string, string, string];
      // SES invokes functions and publishes to topics in the rule's own region.
      if (checkRegion(region) === undefined) found.region[1]!.push(region);
      found.account[3]!.push(account);
      if (checkFunctionName(name) === undefined) found.functionName.push(name);
      continue;
    }
    const topic = parseTopicArn(text);
    if (topic) {
      if (checkRegion(topic.region) === undefined) found.region[1]!.push(topic.region);
      // A topic may belong to another account than the rules: the weakest hint of all.
      found.account[3]!.push(topic.account);
      found.topicArn.push(text);
      continue;
    }
    const bucket = S3_ARN.exec(text)?.[1];
    if (bucket && checkBucketName(bucket) === undefined) found.bucket.push(bucket);
  }
}
