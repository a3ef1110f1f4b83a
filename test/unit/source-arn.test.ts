import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  arnAccount,
  arnComponents,
  canMatchReceiptRule,
  describeWildcardRules,
  isReceiptRulePattern,
  languageMatches,
  pinsAccount,
} from '../../src/policy/rules/sourceArn';
import { parseReceiptRuleArn } from '../../src/policy/aws/receiptRuleArn';
import { mulberry32 } from '../support/random';

const RULE = 'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/default-rule-set:receipt-rule/store-in-s3';

test('parses an exact receipt-rule ARN into its parts', () => {
  assert.deepEqual(parseReceiptRuleArn(RULE, 'exact'), {
    partition: 'aws',
    region: 'us-east-1',
    account: '111122223333',
    ruleSet: 'default-rule-set',
    rule: 'store-in-s3',
  });
  assert.equal(parseReceiptRuleArn('arn:aws-us-gov:ses:us-gov-west-1:111122223333:receipt-rule-set/a.b_c:receipt-rule/r-1', 'exact')?.partition, 'aws-us-gov');
});

test('refuses exact ARNs that miss a segment or carry a wrong part', () => {
  for (const bad of [
    'arn:aws:ses:us-east-1:111122223333:receipt-rule/store-in-s3',
    'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/default-rule-set',
    'arn:aws:ses:us-east-1:11112222333:receipt-rule-set/s:receipt-rule/r',
    'arn:aws:ses:useast1:111122223333:receipt-rule-set/s:receipt-rule/r',
    'arn:aws:s3:::inbound-mail-example',
    'arn:aws:ses:us-east-1:111122223333:identity/example.com',
    'ARN:AWS:SES:us-east-1:111122223333:receipt-rule-set/s:receipt-rule/r',
    'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/s:receipt-rule/r:extra',
    '',
  ]) {
    assert.equal(parseReceiptRuleArn(bad, 'exact'), undefined, bad);
    assert.equal(isReceiptRulePattern(bad, 'arn'), false, bad);
    assert.equal(isReceiptRulePattern(bad, 'string'), false, bad);
  }
});

test('accepts wildcard patterns that some receipt-rule ARN matches', () => {
  const patterns = [
    'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/*:receipt-rule/*',
    'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/default-rule-set:*',
    'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/*',
    'arn:aws:ses:*:111122223333:receipt-rule-set/inbound:receipt-rule/store-?n-s3',
    'arn:aws:ses:us-east-1:111122223333:*',
    'arn:*:ses:*:*:*',
  ];
  for (const pattern of patterns) {
    assert.equal(isReceiptRulePattern(pattern, 'arn'), true, `ArnLike ${pattern}`);
    assert.equal(isReceiptRulePattern(pattern, 'string'), true, `StringLike ${pattern}`);
  }
});

test('refuses wildcard patterns that no receipt-rule ARN can match', () => {
  const patterns = [
    'arn:aws:ses:us-east-1:111122223333:receipt-rule/*',
    'arn:aws:ses:us-east-1:111122223333:rule-set/*',
    'arn:aws:ses:us-east-1:111122223333:identity/*',
    'arn:aws:sns:*:*:*',
    'arn:aws:ses:us-east-1:1111222233334*:receipt-rule-set/*:receipt-rule/*',
    'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/a b:receipt-rule/*',
  ];
  for (const pattern of patterns) {
    assert.equal(isReceiptRulePattern(pattern, 'arn'), false, `ArnLike ${pattern}`);
    assert.equal(isReceiptRulePattern(pattern, 'string'), false, `StringLike ${pattern}`);
  }
});

test('StringLike lets a wildcard span colons; ArnLike matches component by component', () => {
  const spanning = 'arn:aws:ses:*:receipt-rule-set/inbound:receipt-rule/store';
  assert.equal(canMatchReceiptRule(spanning, 'string'), true);
  assert.equal(canMatchReceiptRule(spanning, 'arn'), false);
  assert.equal(canMatchReceiptRule('*', 'string'), true);
  assert.equal(canMatchReceiptRule('*', 'arn'), false);
});

test('the witness fast path decides as the automaton alone does', () => {
  // Patterns made from ARN-like texts: whole components or runs replaced by `*`, characters by `?`, some
  // components broken, so that both answers occur in both modes.
  const random = mulberry32(20261206);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const components = [
    ['arn', 'arm', '*'],
    ['aws', 'aws-us-gov', 'aws-cn', 'AWS', '*', 'a*'],
    ['ses', 'sns', '*', 's?s'],
    ['us-east-1', 'eu-west-2', 'useast1', '*', 'us-*', ''],
    ['111122223333', '1111222233', '*', '1111*', '11112222333?', ''],
    ['receipt-rule-set/inbound:receipt-rule/store', 'receipt-rule-set/*:receipt-rule/*', 'receipt-rule-set/*', '*', 'receipt-rule/*', 'receipt-rule-set/a b:*', 'receipt-rule-set/in*:receipt-rule/r?'],
  ];
  let agreedTrue = 0;
  for (let i = 0; i < 3000; i++) {
    let pattern = components.map((options) => pick(options)).join(':');
    if (random() < 0.2) pattern = pattern.replace(/:[^:]*:/, ':*:');
    for (const mode of ['arn', 'string'] as const) {
      const expected = languageMatches(pattern, mode);
      assert.equal(canMatchReceiptRule(pattern, mode), expected, `${mode} ${pattern}`);
      if (expected) agreedTrue++;
    }
  }
  assert.ok(agreedTrue > 300 && agreedTrue < 5700, `both answers occur (${agreedTrue} of 6000 true)`);
});

test('splits six ARN components, keeping colons in the resource', () => {
  assert.deepEqual(arnComponents(RULE), ['arn', 'aws', 'ses', 'us-east-1', '111122223333', 'receipt-rule-set/default-rule-set:receipt-rule/store-in-s3']);
  assert.equal(arnComponents('arn:aws:ses'), undefined);
  assert.equal(arnAccount(RULE), '111122223333');
});

test('a SourceArn pins the account only when its account component has no wildcard', () => {
  assert.equal(pinsAccount(RULE), true);
  assert.equal(pinsAccount('arn:aws:ses:*:111122223333:receipt-rule-set/*:receipt-rule/*'), true);
  assert.equal(pinsAccount('arn:aws:ses:us-east-1:*:receipt-rule-set/*:receipt-rule/*'), false);
  assert.equal(pinsAccount('arn:aws:ses:us-east-1:1111222233?3:receipt-rule-set/*:receipt-rule/*'), false);
  assert.equal(pinsAccount('arn:aws:ses:*'), false);
});

test('describes which part of a SourceArn a wildcard opens, in the fixed words the translations know', () => {
  assert.equal(describeWildcardRules('arn:aws:ses:us-east-1:111122223333:receipt-rule-set/*:receipt-rule/*'), 'rule set and rule');
  assert.equal(describeWildcardRules('arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/*'), 'rule');
  assert.equal(describeWildcardRules('arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:*'), 'rule');
  assert.equal(describeWildcardRules('arn:aws:ses:us-east-1:111122223333:receipt-rule-set/*:receipt-rule/store'), 'rule set');
  assert.equal(describeWildcardRules('arn:aws:ses:us-east-1:111122223333:receipt-rule-set/*'), 'rule set and rule');
  assert.equal(describeWildcardRules('arn:aws:ses:us-east-1:111122223333:*'), 'rule set and rule');
  assert.equal(describeWildcardRules(RULE), undefined);
  assert.equal(describeWildcardRules('arn:aws:ses:*:111122223333:receipt-rule-set/inbound:receipt-rule/store'), undefined);
});

test('pattern checks stay fast on long hostile input', () => {
  const hostile = 'arn:aws:ses:' + '*a'.repeat(450) + ':111122223333:receipt-rule-set/*:receipt-rule/*';
  const started = process.hrtime.bigint();
  isReceiptRulePattern(hostile, 'string');
  isReceiptRulePattern(hostile, 'arn');
  isReceiptRulePattern('*'.repeat(5000), 'string');
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  assert.ok(elapsedMs < 2000, `took ${elapsedMs} ms`);
});
