import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../src/formats';
import { hoverTargetIn } from '../../src/formats/hoverTarget';

/** Hovers in Markdown code blocks and shell scripts: the target the block's format finds, placed in the file. */
const MARKDOWN = [
  '# Runbook',
  '',
  '> ```json',
  '> {"Statement": [{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "s3:PutObject",',
  '>   "Resource": "arn:aws:s3:::inbox/*", "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333",',
  '>   "aws:SourceArn": "arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/store"}}}]}',
  '> ```',
  '',
].join('\n');

test('a condition key and a receipt-rule ARN inside a Markdown code block under a blockquote', () => {
  const result = lintText(MARKDOWN, { fileName: 'README.md' });
  const keyAt = MARKDOWN.indexOf('aws:SourceAccount') + 3;
  const key = hoverTargetIn(result, keyAt);
  assert.equal(key?.kind, 'key');
  assert.match(MARKDOWN.slice(key.span.offset, key.span.offset + key.span.length), /^"?aws:SourceAccount"?$/);
  const arnAt = MARKDOWN.indexOf('receipt-rule-set/inbound');
  const arn = hoverTargetIn(result, arnAt);
  assert.equal(arn?.kind, 'arn');
  assert.match(MARKDOWN.slice(arn.span.offset, arn.span.offset + arn.span.length), /arn:aws:ses:us-east-1:111122223333:receipt-rule-set\/inbound:receipt-rule\/store/);
  assert.equal(hoverTargetIn(result, MARKDOWN.indexOf('# Runbook')), undefined, 'prose has no hover');
});

test('the --source-arn of aws lambda add-permission in a shell script', () => {
  const text = "aws lambda add-permission --function-name f --statement-id s --action lambda:InvokeFunction --principal ses.amazonaws.com --source-account 111122223333 --source-arn 'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/store'\n";
  const target = hoverTargetIn(lintText(text, { fileName: 'grant.sh' }), text.indexOf('receipt-rule-set'));
  assert.equal(target?.kind, 'arn');
});
