import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arnPattern, arnTextOf } from '../../src/policy/arn';
import { isExactReceiptRuleArn, parseReceiptRuleArn } from '../../src/policy/aws/receiptRuleArn';
import { hasWildcard } from '../../src/policy/glob';
import { classify, isMailManagerArn, isSendingSideArn } from '../../src/policy/grant';
import { lintJsonText } from '../../src/formats/json/plainJson';
import type { PolicyValue } from '../../src/policy/model';
import { containsPlaceholder } from '../../src/policy/placeholders';
import { literalRegion } from '../../src/policy/rules/sns';
import { KMS_NEEDED_AS_WRITTEN, invalidAction } from '../../src/policy/rules/kms';
import { KMS_ACTIONS_SES_NEEDS } from '../../src/policy/rules/kmsActions';
import { arnComponents, describeWildcardRules, witnessOf } from '../../src/policy/rules/sourceArn';
import { mulberry32 } from '../support/random';

/**
 * The ARN readers the rules ask of every SourceArn and resource value were rewritten to read in place (issue 13:
 * one pattern instead of a match and five tests, indexes instead of split lists). Each must answer as the
 * version it replaced, written out here, on seeded values: receipt-rule ARNs and other ARNs cut, joined and
 * mutated with the characters that matter (colons, `${…}`, wildcards, case, spaces).
 */

const PIECES = [
  'arn', 'ARN', 'aws', 'aws-cn', 'Aws', 'ses', 'SES', 'sns', 'Sns', 's3', 'us-east-1', 'eu-west-2', 'US-EAST-1', 'us-gov-west-1', '111122223333',
  '11112222333', '${AWS::Region}', '${AWS::AccountId}', '${AWS::Partition}', '${x', '$', '}', '*', '?', '**', '', ' ', 'receipt-rule-set/', 'rs',
  'receipt-rule/', 'r.1_x', 'identity/', 'Identity/', 'configuration-set/', 'CONFIGURATION-SET/', 'mailmanager-', 'MailManager-', 'mailmanager',
  'topic-1', 'REGION', '<region>', 'a\u212a', '\u0130', '\n',
];

// Names at and past the 64-character limit, also with digits inside (`64` among them).
const NAMES = ['rs', 'r.1_x', 'inbound-rules', '*', 'a*', '?', 'x'.repeat(64), 'x'.repeat(65), '', 'rule-64', '64' + 'x'.repeat(62), '64' + 'x'.repeat(63), '64' + 'x'.repeat(64)];

/** Valid shapes first, then the same cut and mutated: most samples are near a real ARN. */
function samples(seed: number, count: number): string[] {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const shapes = [
    () => `arn:${pick(['aws', 'aws-cn', 'Aws', '${AWS::Partition}', '*'])}:${pick(['ses', 'SES', 'sns', 's3', '*'])}:${pick(['us-east-1', 'eu-west-2', 'us-gov-west-1', '${AWS::Region}', '*', ''])}:${pick(['111122223333', '${AWS::AccountId}', '*', '1111*', ''])}:${pick(['receipt-rule-set/rs:receipt-rule/r1', 'receipt-rule-set/*:receipt-rule/*', 'receipt-rule-set/rs*', 'identity/example.com', 'configuration-set/c', 'mailmanager-ingress-point/i', 'topic-1', '*', 'receipt-rule/r1'])}`,
    () => Array.from({ length: Math.floor(random() * 10) }, () => pick(PIECES)).join(random() < 0.7 ? ':' : ''),
    () => `arn:${pick(['aws', 'aws-us-gov'])}:ses:${pick(['us-east-1', 'us-gov-west-1', 'ap-southeast-2'])}:${pick(['111122223333', '123456789064', '641122223333'])}:receipt-rule-set/${pick(NAMES)}:receipt-rule/${pick(NAMES)}`,
  ];
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    let value = pick(shapes)();
    const edits = Math.floor(random() * 3);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(random() * (value.length + 1));
      const piece = pick([':', '*', '?', '$', '{', '}', 'x', 'X', ' ', '/', '-', '${AWS::Region}', '']);
      value = random() < 0.5 ? value.slice(0, at) + piece + value.slice(at) : value.slice(0, at) + piece + value.slice(at + 1);
    }
    out.push(value);
  }
  return out;
}

function valueOf(text: string): PolicyValue {
  return { text, span: { offset: 0, length: text.length }, node: { type: 'scalar', value: text, raw: text, span: { offset: 0, length: text.length } }, isToken: false };
}

test('isExactReceiptRuleArn answers as parseReceiptRuleArn at strictness exact', () => {
  let exact = 0;
  for (const value of samples(1713, 20_000)) {
    const expected = parseReceiptRuleArn(value, 'exact') !== undefined;
    assert.equal(isExactReceiptRuleArn(value), expected, JSON.stringify(value));
    if (expected) exact++;
  }
  assert.ok(exact > 300, `only ${exact} exact ARNs`);
});

/** The witness as it was written: the components listed, each replaced or filled, joined again. */
function simpleWitness(value: string): string {
  const components = arnComponents(value);
  return components
    ? components.map((component, i) => (/^\*+$/.test(component) ? ['arn', 'aws', 'ses', 'us-east-1', '123456789012', 'receipt-rule-set/1:receipt-rule/1'][i]! : component.replace(/[*?]/g, '1'))).join(':')
    : value.replace(/[*?]/g, '1');
}

/** describeWildcardRules as it was: the resource read from the component list. */
function simpleDescribe(value: string): string | undefined {
  const resource = arnComponents(value)?.[5];
  if (resource === undefined) return hasWildcard(value) ? 'rule set and rule' : undefined;
  const match = /^receipt-rule-set\/([^:]*)(?::(.*))?$/.exec(resource);
  if (!match) return hasWildcard(resource) ? 'rule set and rule' : undefined;
  const setWild = hasWildcard(match[1]!);
  const ruleWild = match[2] === undefined ? setWild : hasWildcard(match[2]);
  return setWild && ruleWild ? 'rule set and rule' : ruleWild ? 'rule' : setWild ? 'rule set' : undefined;
}

test('the SourceArn witness and the wildcard description read as the component lists did', () => {
  let starred = 0;
  for (const value of samples(2713, 20_000)) {
    assert.equal(witnessOf(value), simpleWitness(value), JSON.stringify(value));
    assert.equal(describeWildcardRules(value), simpleDescribe(value), JSON.stringify(value));
    if (hasWildcard(value) && arnComponents(value)) starred++;
  }
  assert.ok(starred > 3_000, `only ${starred} six-component values with a wildcard`);
});

test('Mail Manager and sending-side ARNs are recognised as by the component patterns', () => {
  const mailManager = arnPattern('^arn:{C}:ses:{C}:{C}:mailmanager-', 'i');
  const sendingSide = arnPattern('^arn:{C}:ses:{C}:{C}:(identity|configuration-set)/', 'i');
  let mail = 0;
  let sending = 0;
  for (const text of samples(3713, 30_000)) {
    const value = valueOf(text);
    const expectedMail = mailManager.test(arnTextOf(value));
    const expectedSending = sendingSide.test(arnTextOf(value));
    assert.equal(isMailManagerArn(value), expectedMail, JSON.stringify(text));
    assert.equal(isSendingSideArn(value), expectedSending, JSON.stringify(text));
    if (expectedMail) mail++;
    if (expectedSending) sending++;
  }
  assert.ok(mail > 150 && sending > 300, `only ${mail} Mail Manager and ${sending} sending-side ARNs`);
});

/** The SNS rule's region reader as it was: the ARN split at every colon. */
function simpleRegion(value: PolicyValue, service: string): string | undefined {
  const trimmed = arnTextOf(value).replaceAll('${AWS::Partition}', 'aws');
  if (containsPlaceholder(trimmed)) return undefined;
  const parts = trimmed.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[2]?.toLowerCase() !== service) return undefined;
  const region = parts[3]!;
  return !hasWildcard(region) && /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/.test(region) ? region : undefined;
}

test('literalRegion reads the region the split ARN gave', () => {
  let regions = 0;
  for (const text of samples(4713, 20_000)) {
    const value = valueOf(text);
    for (const service of ['ses', 'sns']) {
      const expected = simpleRegion(value, service);
      assert.equal(literalRegion(value, service), expected, `${JSON.stringify(text)} ${service}`);
      if (expected !== undefined) regions++;
    }
  }
  assert.ok(regions > 1_500, `only ${regions} regions read`);
});

test('classification reads Mail Manager and sending-side grants from their SourceArn values as the patterns did', () => {
  const mailManager = arnPattern('^arn:{C}:ses:{C}:{C}:mailmanager-', 'i');
  const sendingSide = arnPattern('^arn:{C}:ses:{C}:{C}:(identity|configuration-set)/', 'i');
  const random = mulberry32(5713);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  // Mutated samples, and as many written the way Mail Manager and sending-side grants are.
  const texts = samples(5713, 3_000).filter((text) => !/[\n"\\]/.test(text));
  for (let n = 0; n < 3_000; n++) {
    const resource = pick(['mailmanager-ingress-point/i', 'MailManager-archive/a', 'mailmanager-', 'identity/example.com', 'Identity/x', 'configuration-set/c', 'receipt-rule-set/rs:receipt-rule/r', 'mailmanager']);
    texts.push(`${pick(['arn', 'ARN', 'arn '])}:${pick(['aws', '${AWS::Partition}', ''])}:${pick(['ses', 'SES', 's3'])}:${pick(['us-east-1', '${AWS::Region}', '*'])}:${pick(['111122223333', '${AWS::AccountId}', '${x:y}'])}:${resource}`);
  }
  const statements: object[] = [];
  for (let n = 0; n < 2_000; n++) {
    const entries: Record<string, Record<string, unknown>> = {};
    for (const operator of ['ArnLike', 'StringEquals', 'ArnEquals'].slice(0, Math.floor(random() * 4))) {
      const count = Math.floor(random() * 3);
      const values = Array.from({ length: count }, () => texts[Math.floor(random() * texts.length)]!);
      entries[operator] = { [random() < 0.9 ? 'aws:SourceArn' : 'aws:SourceAccount']: count === 1 && random() < 0.5 ? values[0]! : values };
    }
    statements.push({ Effect: 'Allow', Principal: { Service: 'ses.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*', Condition: entries });
  }
  const file = lintJsonText(JSON.stringify({ Version: '2012-10-17', Statement: statements })).file!;
  assert.equal(file.statements.length, statements.length);
  let mail = 0;
  let sending = 0;
  for (const statement of file.statements) {
    const arnEntries = statement.conditions.filter((entry) => entry.keyLower === 'aws:sourcearn');
    const isMailManagerGrant = arnEntries.some((entry) => entry.values.length > 0 && entry.values.every((v) => mailManager.test(arnTextOf(v))));
    const namesSendingSide = arnEntries.some((entry) => entry.values.some((v) => sendingSide.test(arnTextOf(v))));
    const grant = classify(statement);
    assert.equal(grant.isSesGrant, !isMailManagerGrant, JSON.stringify(arnEntries.map((e) => e.values.map((v) => v.text))));
    assert.equal(grant.isSendingSide, !isMailManagerGrant && namesSendingSide, JSON.stringify(arnEntries.map((e) => e.values.map((v) => v.text))));
    if (isMailManagerGrant) mail++;
    if (!isMailManagerGrant && namesSendingSide) sending++;
  }
  assert.ok(mail > 40 && sending > 150, `only ${mail} Mail Manager grants and ${sending} sending-side grants`);
});

test('the KMS actions read as written without a copy are valid and what SES needs', () => {
  assert.equal(KMS_NEEDED_AS_WRITTEN.size, KMS_ACTIONS_SES_NEEDS.length);
  for (const text of KMS_NEEDED_AS_WRITTEN) {
    assert.equal(invalidAction(valueOf(text)), undefined, text);
    assert.ok(KMS_ACTIONS_SES_NEEDS.includes(text.toLowerCase()), text);
  }
});
