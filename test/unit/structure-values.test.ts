import { test } from 'node:test';
import assert from 'node:assert/strict';
import { placeholderIn, unresolvedReferenceIn } from '../../src/policy/rules/placeholderValues';
import { s3ResourceScope } from '../../src/policy/rules/s3';
import { editDistance, nearest } from '../../src/policy/rules/ruleHelpers';
import { lintJsonText } from '../../src/formats/json/plainJson';
import type { PolicyValue } from '../../src/policy/model';

test('template references are found, IAM policy variables are left alone', () => {
  assert.equal(unresolvedReferenceIn('arn:aws:s3:::${var.bucket}/*'), '${var.bucket}');
  assert.equal(unresolvedReferenceIn('${AWS::AccountId}'), '${AWS::AccountId}');
  assert.equal(unresolvedReferenceIn('arn:aws:sns:${AWS::Region}:1:t'), '${AWS::Region}');
  assert.equal(unresolvedReferenceIn('${BucketName}'), '${BucketName}');
  assert.equal(unresolvedReferenceIn('${Bucket.Arn}/*'), '${Bucket.Arn}');
  assert.equal(unresolvedReferenceIn('data.aws_caller_identity.current.account_id'), 'data.aws_caller_identity.current.account_id');
  assert.equal(unresolvedReferenceIn('var.account_id'), 'var.account_id');
  assert.equal(unresolvedReferenceIn('arn:aws:s3:::inbox/${aws:username}/*'), undefined);
  assert.equal(unresolvedReferenceIn("arn:aws:s3:::inbox/${aws:PrincipalTag/team, 'none'}/*"), undefined);
  assert.equal(unresolvedReferenceIn('arn:aws:s3:::inbox/${s3:prefix}'), undefined);
  assert.equal(unresolvedReferenceIn('${cognito-identity.amazonaws.com:sub}'), undefined);
  assert.equal(unresolvedReferenceIn('a${*}b${?}c${$}'), undefined);
  assert.equal(unresolvedReferenceIn('arn:aws:s3:::data.example.com/*'), undefined);
  assert.equal(unresolvedReferenceIn('111122223333'), undefined);
});

test('placeholders are found by their place in an ARN', () => {
  assert.deepEqual(placeholderIn('arn:aws:s3:::BUCKET-NAME/*', 'resource'), { token: 'BUCKET-NAME', what: 'bucket name' });
  assert.deepEqual(placeholderIn('arn:aws:sns:region:111122223333:inbound', 'resource'), { token: 'region', what: 'region' });
  assert.deepEqual(placeholderIn('arn:aws:sns:us-east-1:AWSACCOUNTID:t', 'resource'), { token: 'AWSACCOUNTID', what: 'account id' });
  assert.deepEqual(
    placeholderIn('arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/receipt_rule_name', 'value'),
    { token: 'receipt_rule_name', what: 'rule name' },
  );
  assert.deepEqual(placeholderIn('AWSACCOUNTID', 'account id'), { token: 'AWSACCOUNTID', what: 'account id' });
  assert.deepEqual(placeholderIn('arn:aws:s3:::<bucket>/*', 'resource'), { token: '<bucket>', what: 'bucket name' });
  // The guide's example ids are real-looking values, and a lower-case `region` in a key prefix is a name.
  assert.equal(placeholderIn('111122223333', 'account id'), undefined);
  assert.equal(placeholderIn('arn:aws:s3:::inbox/region/*', 'resource'), undefined);
  assert.equal(placeholderIn('arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/store', 'value'), undefined);
});

function value(text: string): PolicyValue {
  const span = { offset: 0, length: text.length };
  return { text, span, node: { type: 'scalar', span, value: text, raw: JSON.stringify(text) }, isToken: false };
}

test('S3 resources are read as objects, bucket, or unknown', () => {
  assert.equal(s3ResourceScope(value('arn:aws:s3:::inbox/*')), 'objects');
  assert.equal(s3ResourceScope(value('arn:aws:s3:::inbox*')), 'objects');
  assert.equal(s3ResourceScope(value('*')), 'objects');
  assert.equal(s3ResourceScope(value('arn:aws:s3:::inbox')), 'bucket');
  assert.equal(s3ResourceScope(value('arn:aws-cn:S3:::inbox')), 'bucket');
  assert.equal(s3ResourceScope(value('${Bucket.Arn}')), 'unknown');
  assert.equal(s3ResourceScope(value('arn:aws:sns:us-east-1:111122223333:t')), 'unknown');
});

test('suggestions come from a bounded edit distance', () => {
  assert.equal(editDistance('Principals', 'Principal'), 1);
  assert.equal(editDistance('Decrpyt', 'Decrypt'), 1);
  assert.equal(nearest('Resources', ['Resource', 'Action'], 2), 'Resource');
  assert.equal(nearest('Foo', ['Resource', 'Action'], 2), undefined);
  assert.equal(nearest('x'.repeat(1000), ['Resource'], 2000), undefined);
});

test('one finding per statement per id, and a second statement gets its own', () => {
  const statement = (sid: string) => ({
    Sid: sid,
    Effect: 'Allow',
    Principal: { Service: 'ses.amazonaws.com' },
    Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
    Resource: 'arn:aws:s3:::inbox/*',
    Condition: {
      StringEquals: {
        'AWS:SourceAccount': '111122223333',
        'AWS:SourceArn': 'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/store',
      },
    },
  });
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [statement('A'), statement('B')] });
  const ids = lintJsonText(text, { strict: true }).findings.map((f) => f.id);
  assert.deepEqual(ids, ['s3-action-too-broad', 's3-action-too-broad']);
});

test('odd shapes never throw and give no content findings', () => {
  const odd = [
    '{"Statement": {"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": 5, "Resource": null}}',
    '{"Statement": [{"Effect": "Allow", "Principal": {"Service": ["ses.amazonaws.com", null, 3]}, "Action": [[]], "Resource": {}}]}',
    '{"Version": {}, "Statement": [{"Effect": "Allow", "Principal": "ses.amazonaws.com", "Action": "kms:", "Condition": []}]}',
    '{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "' + 'a'.repeat(100000) + '"}',
    '{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "s3:PutObject", "Condition": ' + '['.repeat(5000) + ']'.repeat(5000) + '}]}',
  ];
  for (const text of odd) assert.doesNotThrow(() => lintJsonText(text, { strict: true }), text.slice(0, 80));
});
