import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintJsonText } from '../../src/formats/json/plainJson';
import { inferValues, mergeValues } from '../../src/policy/fixes';

function infer(text: string) {
  const { file } = lintJsonText(text);
  assert.ok(file, 'the text holds a policy');
  return inferValues(file);
}

const statement = (condition: string, resource = 'arn:aws:s3:::inbox-bucket/*') => `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Service": "ses.amazonaws.com"},
    "Action": "s3:PutObject",
    "Resource": "${resource}",
    "Condition": ${condition}
  }]
}`;

test('infers account, region, rule set and rule from a receipt-rule ARN, bucket from the resource', () => {
  const values = infer(statement('{"ArnLike": {"aws:SourceArn": "arn:aws:ses:eu-west-1:444455556666:receipt-rule-set/main:receipt-rule/archive"}}'));
  assert.deepEqual(values, { accountId: '444455556666', region: 'eu-west-1', ruleSet: 'main', rule: 'archive', bucket: 'inbox-bucket' });
});

test('a literal SourceAccount beats the account of the ARN', () => {
  const values = infer(
    statement('{"StringEquals": {"aws:SourceAccount": "111122223333", "aws:SourceArn": "arn:aws:ses:us-east-1:444455556666:receipt-rule-set/a:receipt-rule/b"}}'),
  );
  assert.equal(values.accountId, '111122223333');
});

test('the legacy Referer gives the account', () => {
  assert.equal(infer(statement('{"StringEquals": {"aws:Referer": "777788889999"}}')).accountId, '777788889999');
});

test('placeholders, wildcards and template values are not inferred', () => {
  const values = infer(
    statement(
      '{"StringEquals": {"aws:SourceAccount": "AWSACCOUNTID"}, "ArnLike": {"aws:SourceArn": "arn:aws:ses:REGION:${AWS::AccountId}:receipt-rule-set/*:receipt-rule/*"}}',
      'arn:aws:s3:::BUCKET-NAME/*',
    ),
  );
  assert.deepEqual(values, {});
});

test('an IfExists SourceAccount does not name the account', () => {
  assert.equal(infer(statement('{"StringEqualsIfExists": {"aws:SourceAccount": "111122223333"}}')).accountId, undefined);
});

test('function name from a Lambda ARN or an AddPermission body, topic ARN from an SNS resource', () => {
  const lambda = infer(`{"FunctionName": "process-mail", "Action": "lambda:InvokeFunction", "Principal": "ses.amazonaws.com"}`);
  assert.equal(lambda.functionName, 'process-mail');
  const arn = infer(`{"FunctionName": "arn:aws:lambda:ap-northeast-1:111122223333:function:mailer", "Action": "lambda:InvokeFunction", "Principal": "ses.amazonaws.com"}`);
  assert.deepEqual(arn, { accountId: '111122223333', region: 'ap-northeast-1', functionName: 'mailer' });
  const sns = infer(statement('{}', 'arn:aws:sns:us-west-2:444455556666:inbound').replace('s3:PutObject', 'SNS:Publish'));
  assert.equal(sns.topicArn, 'arn:aws:sns:us-west-2:444455556666:inbound');
  assert.equal(sns.region, 'us-west-2');
});

test('settings win over what the document says; the document fills the gaps', () => {
  assert.deepEqual(mergeValues({ accountId: '111122223333', region: undefined }, { accountId: '444455556666', region: 'eu-west-1' }), {
    accountId: '111122223333',
    region: 'eu-west-1',
  });
});
