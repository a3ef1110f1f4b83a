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
  return { ...valuesReadingOf(file).values };
}

/**
 * `inferValues` of one file, read a part at a time and kept with the file (weakly: it goes with the file, so with
 * the version it was read from): every quick fix of a version asks for the same values, and the analysis worker
 * reads them ahead, between its messages (src/extension/offThread/readAhead.ts), a 1 MB policy's in parts.
 */
export class ValuesReading {
  private readonly found: Candidates = { account: [[], [], [], []], region: [[], []], ruleSet: [], rule: [], bucket: [], functionName: [], topicArn: [] };
  private next = 0;
  private answer: GrantValues | undefined;
  private answeredAt = -1;

  constructor(private readonly statements: readonly Statement[]) {}

  reads(statements: readonly Statement[]): boolean {
    return this.statements === statements;
  }

  /** Reads up to `count` more statements; true when every statement is read. */
  advance(count: number): boolean {
    const end = Math.min(this.statements.length, this.next + count);
    for (; this.next < end; this.next++) collect(this.statements[this.next]!, this.found);
    return this.next >= this.statements.length;
  }

  get values(): GrantValues {
    // A list still growing (the readers fill it as they go) is read on where it stopped: candidates keep document order.
    this.advance(Infinity);
    if (this.answer && this.answeredAt === this.statements.length) return this.answer;
    const { found } = this;
    const values: { -readonly [K in keyof GrantValues]: GrantValues[K] } = {};
    const account = firstRanked(found.account);
    const region = firstRanked(found.region);
    if (account) values.accountId = account;
    if (region) values.region = region;
    if (found.ruleSet[0]) values.ruleSet = found.ruleSet[0];
    if (found.rule[0]) values.rule = found.rule[0];
    if (found.bucket[0]) values.bucket = found.bucket[0];
    if (found.functionName[0]) values.functionName = found.functionName[0];
    if (found.topicArn[0]) values.topicArn = found.topicArn[0];
    this.answer = Object.freeze(values);
    this.answeredAt = this.statements.length;
    return this.answer;
  }
}

const READINGS = new WeakMap<PolicyFile, ValuesReading>();

export function valuesReadingOf(file: PolicyFile): ValuesReading {
  let reading = READINGS.get(file);
  if (!reading || !reading.reads(file.statements)) {
    reading = new ValuesReading(file.statements);
    READINGS.set(file, reading);
  }
  return reading;
}

/** Ranked buckets: index 0 beats index 1 and so on; within a bucket, document order. */
function firstRanked(ranked: readonly (readonly string[])[]): string | undefined {
  for (const bucket of ranked) if (bucket.length > 0) return bucket[0];
  return undefined;
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
