import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arnHoverMarkdown, hoverMarkdown, hoverTargetAt, keyHoverMarkdown } from '../../src/policy/hoverText';
import { parseReceiptRuleArn } from '../../src/policy/aws/receiptRuleArn';
import { extractPolicies } from '../../src/policy/extract';
import { parseJson } from '../../src/formats/json/parseJson';
import type { PolicyFile } from '../../src/policy/model';

const link = (id: string) => `https://example.test/${id}.md`;

function fileOf(text: string): PolicyFile {
  return extractPolicies(text, parseJson(text).root);
}

const POLICY = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'ses.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::inbox/*',
        Condition: {
          StringEquals: { 'AWS:SourceAccount': '111122223333', 'aws:Referer': '111122223333' },
          ArnLike: { 'AWS:SourceArn': 'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/*' },
        },
      },
    ],
  },
  null,
  2,
);

function offsetOf(text: string, needle: string, within = 1): number {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  return at + within;
}

test('hoverTargetAt finds condition keys and receipt-rule ARNs inside an SES grant', () => {
  const file = fileOf(POLICY);
  const key = hoverTargetAt(file, offsetOf(POLICY, '"AWS:SourceAccount"', 3));
  assert.deepEqual(key && key.kind === 'key' ? key.key : undefined, 'AWS:SourceAccount');
  const referer = hoverTargetAt(file, offsetOf(POLICY, '"aws:Referer"', 5));
  assert.equal(referer?.kind === 'key' ? referer.key : undefined, 'aws:Referer');
  const arn = hoverTargetAt(file, offsetOf(POLICY, 'receipt-rule-set/inbound', 4));
  assert.equal(arn?.kind, 'arn');
  assert.equal(arn?.kind === 'arn' ? arn.operator : undefined, 'ArnLike');
  assert.equal(hoverTargetAt(file, offsetOf(POLICY, '"Effect"')), undefined, 'other keys get no hover');
  assert.equal(hoverTargetAt(file, offsetOf(POLICY, 'arn:aws:s3', 2)), undefined, 'the resource is not a receipt rule');
});

test('no hover outside SES grants', () => {
  const text = POLICY.replace('ses.amazonaws.com', 'cloudtrail.amazonaws.com');
  const file = fileOf(text);
  assert.equal(hoverTargetAt(file, offsetOf(text, '"AWS:SourceAccount"', 3)), undefined);
});

test('key hovers: English and Japanese, with the related rule page', () => {
  const en = keyHoverMarkdown('aws:Referer', 'en', link)!;
  assert.match(en, /caller-supplied header/);
  assert.match(en, /\(https:\/\/example\.test\/legacy-referer-only\.md\)/);
  const ja = keyHoverMarkdown('aws:Referer', 'ja', link)!;
  assert.match(ja, /ヘッダー/);
  assert.notEqual(ja, en);
  assert.match(keyHoverMarkdown('AWS:SOURCEACCOUNT', 'en', link)!, /confused-deputy/, 'keys are case-insensitive');
  assert.match(keyHoverMarkdown('kms:EncryptionContext:aws:ses:rule', 'en', link)!, /never matches/);
  assert.equal(keyHoverMarkdown('aws:PrincipalOrgID', 'en', link), undefined);
});

test('ARN hovers break the receipt-rule ARN into its parts and explain wildcards', () => {
  const arn = 'arn:aws:ses:eu-west-1:111122223333:receipt-rule-set/inbound:receipt-rule/*';
  assert.deepEqual(parseReceiptRuleArn(arn, 'layout'), { partition: 'aws', region: 'eu-west-1', account: '111122223333', ruleSet: 'inbound', rule: '*' });
  const en = arnHoverMarkdown(arn, 'ArnLike', 'en', link)!;
  assert.match(en, /region: `eu-west-1`/);
  assert.match(en, /account: `111122223333`/);
  assert.match(en, /rule set: `inbound`/);
  assert.match(en, /rule: any rule/);
  assert.match(en, /source-arn-wildcard\.md/);
  const exact = arnHoverMarkdown(arn, 'StringEquals', 'en', link)!;
  assert.match(exact, /compares `\*` and `\?` literally/);
  const ja = arnHoverMarkdown(arn, 'ArnLike', 'ja', link)!;
  assert.match(ja, /リージョン: `eu-west-1`/);
  assert.match(ja, /任意のルール/);
  const pinned = arnHoverMarkdown(arn.replace(/\*$/, 'store'), 'StringEquals', 'en', link)!;
  assert.match(pinned, /Only this one receipt rule/);
  assert.match(arnHoverMarkdown('arn:aws:ses:us-east-1:111122223333:identity/example.com', 'ArnLike', 'en', link)!, /sending side/);
  assert.match(arnHoverMarkdown('arn:aws:ses:us-east-1:111122223333:receipt-rule/store', 'ArnLike', 'en', link)!, /Not a receipt-rule ARN/);
  assert.equal(arnHoverMarkdown('arn:aws:s3:::inbox', 'ArnLike', 'en', link), undefined);
});

test('hoverMarkdown dispatches on the target kind', () => {
  const file = fileOf(POLICY);
  const target = hoverTargetAt(file, offsetOf(POLICY, 'receipt-rule-set/inbound', 4))!;
  assert.match(hoverMarkdown(target, 'en', link)!, /Receipt-rule ARN/);
});

test('AddPermission bodies: the SourceArn property and its ARN get hovers too', () => {
  const text = JSON.stringify(
    {
      FunctionName: 'process-inbound-mail',
      Action: 'lambda:InvokeFunction',
      Principal: 'ses.amazonaws.com',
      SourceArn: 'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/store',
    },
    null,
    2,
  );
  const file = fileOf(text);
  const key = hoverTargetAt(file, offsetOf(text, '"SourceArn"', 2));
  assert.equal(key?.kind, 'key');
  const arn = hoverTargetAt(file, offsetOf(text, 'receipt-rule/store', 3));
  assert.equal(arn?.kind === 'arn' ? arn.arn : undefined, 'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/store');
  assert.match(hoverMarkdown(arn!, 'en', link)!, /Only this one receipt rule/);
});
