import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReceiptRuleArn, type ReceiptRuleArnStrictness } from '../../src/policy/aws/receiptRuleArn';

const RULE = 'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/default-rule-set:receipt-rule/store-in-s3';

/** Which strictness levels read each text as a receipt-rule ARN. */
const CASES: readonly { text: string; accepted: readonly ReceiptRuleArnStrictness[] }[] = [
  { text: RULE, accepted: ['layout', 'account', 'exact'] },
  { text: 'arn:aws-cn:ses:cn-north-1:111122223333:receipt-rule-set/s:receipt-rule/r', accepted: ['layout', 'account', 'exact'] },
  // Wildcards: a pattern, described by the hover; the account is still readable.
  { text: 'arn:aws:ses:*:111122223333:receipt-rule-set/*:receipt-rule/*', accepted: ['layout', 'account'] },
  { text: 'arn:aws:ses:*:*:receipt-rule-set/*:receipt-rule/*', accepted: ['layout'] },
  // Empty components: the layout only.
  { text: 'arn::ses:::receipt-rule-set/:receipt-rule/', accepted: ['layout'] },
  // A malformed region or name: the account is still the one written.
  { text: 'arn:aws:ses:useast1:111122223333:receipt-rule-set/s:receipt-rule/r', accepted: ['layout', 'account'] },
  { text: 'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/s:receipt-rule/r:extra', accepted: ['account'] },
  { text: 'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/a/b:receipt-rule/r', accepted: ['account'] },
  { text: 'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/s:receipt-rule/r/x', accepted: ['account'] },
  { text: 'arn:partition:ses:us-east-1:111122223333:receipt-rule-set/s:receipt-rule/r', accepted: ['layout'] },
  { text: 'arn:aws:ses:us-east-1:11112222333:receipt-rule-set/s:receipt-rule/r', accepted: ['layout'] },
  { text: 'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/s:receipt-rule/' + 'r'.repeat(65), accepted: ['layout', 'account'] },
  // A line break inside the rule: the hover still describes it, a fix reuses nothing from it.
  { text: 'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/s:receipt-rule/r\n[link](x)', accepted: ['layout'] },
  // Not receipt-rule ARNs at all.
  { text: 'arn:aws:ses:us-east-1:111122223333:receipt-rule/store-in-s3', accepted: [] },
  { text: 'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/default-rule-set', accepted: [] },
  { text: 'arn:aws:ses:us-east-1:111122223333:identity/example.com', accepted: [] },
  { text: 'ARN:AWS:SES:us-east-1:111122223333:receipt-rule-set/s:receipt-rule/r', accepted: [] },
  { text: '', accepted: [] },
];

test('each strictness level reads exactly the receipt-rule ARNs its callers accept', () => {
  for (const { text, accepted } of CASES) {
    for (const strictness of ['layout', 'account', 'exact'] as const) {
      assert.equal(parseReceiptRuleArn(text, strictness) !== undefined, accepted.includes(strictness), `${strictness}: ${text}`);
    }
  }
});

// The exact parts of a well-formed ARN: test/unit/source-arn.test.ts.
test('the components are those written, split at the first colon of the resource', () => {
  assert.deepEqual(parseReceiptRuleArn('arn:aws:ses:us-east-1:111122223333:receipt-rule-set/s:receipt-rule/r:extra', 'account'), {
    partition: 'aws',
    region: 'us-east-1',
    account: '111122223333',
    ruleSet: 's',
    rule: 'r:extra',
  });
});
