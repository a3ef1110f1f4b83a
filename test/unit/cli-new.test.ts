import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type JsonFinding } from '../support/cli';

const RULE = ['--account', '111122223333', '--region', 'us-east-1', '--rule-set', 'inbound', '--rule', 'store'];
const RULE_ARN = 'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/store';

const COMPLETE: Record<string, string[]> = {
  s3: ['s3', ...RULE, '--bucket', 'mail-inbox', '--prefix', 'incoming/'],
  kms: ['kms', ...RULE, '--decrypt'],
  lambda: ['lambda', ...RULE, '--function', 'process-mail'],
  sns: ['sns', ...RULE, '--topic-arn', 'arn:aws:sns:us-east-1:444455556666:inbound-mail'],
};

/** Lints a text through the CLI, as a user would check what `new` printed. */
function lintText(text: string, name = 'policy.json'): JsonFinding[] {
  const dir = mkdtempSync(join(tmpdir(), 'ses-grants-new-'));
  try {
    writeFileSync(join(dir, name), text);
    const run = runCli(['lint', '--format', 'json', name], dir);
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    return JSON.parse(run.stdout) as JsonFinding[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const [kind, args] of Object.entries(COMPLETE)) {
  for (const variant of [[], ['--statement']]) {
    test(`new ${[kind, ...variant].join(' ')} with every value lints without errors or warnings`, () => {
      const run = runCli(['new', ...args, ...variant]);
      assert.equal(run.status, 0, run.stderr);
      assert.doesNotMatch(run.stderr, /placeholder/, 'no placeholder warning when every value is given');
      assert.equal(run.stderr.includes("add this statement to the key's existing policy"), kind === 'kms' && variant.length === 0);
      const parsed = JSON.parse(run.stdout) as Record<string, unknown>;
      assert.ok(run.stdout.includes(variant.length === 0 && kind === 'lambda' ? `"SourceArn": "${RULE_ARN}"` : RULE_ARN));
      if (variant.length === 0 && kind !== 'lambda') assert.equal(parsed['Version'], '2012-10-17');
      if (variant.length > 0) assert.equal(parsed['Effect'], 'Allow');
      const findings = lintText(run.stdout);
      assert.deepEqual(findings.filter((f) => f.severity !== 'info').map((f) => f.id), []);
    });
  }
}

for (const [kind, args] of Object.entries(COMPLETE)) {
  test(`new ${kind} --format terraform with every value prints one resource that lints without errors or warnings`, () => {
    const run = runCli(['new', ...args, '--format', 'terraform']);
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /placeholder/);
    const resource = { s3: 'aws_s3_bucket_policy', kms: 'aws_kms_key', lambda: 'aws_lambda_permission', sns: 'aws_sns_topic_policy' }[kind];
    assert.match(run.stdout, new RegExp(`^resource "${resource}" "[\\w-]+" \\{\\n`));
    assert.ok(run.stdout.includes(RULE_ARN));
    const findings = lintText(run.stdout, 'main.tf');
    assert.deepEqual(findings.filter((f) => f.severity !== 'info').map((f) => f.id), []);
    // The grant is read as one: a resource with the source keys left out would be an error.
    const open = lintText(run.stdout.replace(/\n.*"AWS:SourceArn".*|\n.*source_arn .*/g, ''), 'main.tf');
    assert.ok(open.some((f) => f.severity === 'warning' || f.severity === 'error'), JSON.stringify(open));
  });
}

test('new lambda --format terraform without values leaves the guide placeholders', () => {
  const run = runCli(['new', 'lambda', '--format', 'terraform']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /source_account = "AWSACCOUNTID"/);
  assert.match(run.stderr, /placeholders left for --account/);
  assert.ok(lintText(run.stdout, 'main.tf').some((f) => f.id === 'placeholder-left'));
});

test('new s3 writes the bucket, prefix and both source keys', () => {
  const statement = JSON.parse(runCli(['new', ...COMPLETE['s3']!, '--statement']).stdout) as Record<string, unknown>;
  assert.deepEqual(statement, {
    Sid: 'AllowSESPuts',
    Effect: 'Allow',
    Principal: { Service: 'ses.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: 'arn:aws:s3:::mail-inbox/incoming/*',
    Condition: { StringEquals: { 'AWS:SourceAccount': '111122223333', 'AWS:SourceArn': RULE_ARN } },
  });
});

test('new kms --decrypt adds kms:Decrypt; --any-rule uses ArnLike with wildcards', () => {
  const kms = JSON.parse(runCli(['new', 'kms', '--account', '111122223333', '--region', 'eu-west-1', '--any-rule', '--decrypt', '--statement']).stdout) as {
    Action: string[];
    Condition: Record<string, Record<string, string>>;
  };
  assert.deepEqual(kms.Action, ['kms:GenerateDataKey*', 'kms:Decrypt']);
  assert.deepEqual(kms.Condition, {
    StringEquals: { 'AWS:SourceAccount': '111122223333' },
    ArnLike: { 'AWS:SourceArn': 'arn:aws:ses:eu-west-1:111122223333:receipt-rule-set/*:receipt-rule/*' },
  });
});

test('new lambda --cli prints the add-permission command line', () => {
  const run = runCli(['new', ...COMPLETE['lambda']!, '--cli']);
  assert.equal(run.status, 0);
  assert.equal(
    run.stdout,
    "aws lambda add-permission --function-name 'process-mail' --statement-id 'GiveSESPermissionToInvokeFunction' " +
      "--action 'lambda:InvokeFunction' --principal 'ses.amazonaws.com' --source-account '111122223333' " +
      `--source-arn '${RULE_ARN}'\n`,
  );
});

test('new sns takes the rule region from the topic when --region is left out', () => {
  const run = runCli(['new', 'sns', '--account', '111122223333', '--rule-set', 'a', '--rule', 'b', '--topic-arn', 'arn:aws:sns:eu-west-1:444455556666:mail']);
  assert.equal(run.status, 0, run.stderr);
  assert.ok(run.stdout.includes('arn:aws:ses:eu-west-1:111122223333:receipt-rule-set/a:receipt-rule/b'));
});

test('missing values become the guide placeholders, listed on stderr, and lint as placeholder-left', () => {
  const run = runCli(['new', 's3', '--region', 'us-east-1']);
  assert.equal(run.status, 0);
  assert.match(run.stderr, /placeholders left for --account \(AWSACCOUNTID\), --rule-set \(rule_set_name\), --rule \(receipt_rule_name\), --bucket \(BUCKET-NAME\)/);
  assert.ok(run.stdout.includes('arn:aws:s3:::BUCKET-NAME/*'));
  const findings = lintText(run.stdout);
  assert.ok(findings.some((f) => f.id === 'placeholder-left' && f.severity === 'error'), JSON.stringify(findings));
});

const REFUSED: [string[], RegExp][] = [
  [['new', 's3', '--account', '12345'], /--account: an account id is 12 digits, got "12345"/],
  [['new', 's3', '--region', 'US_EAST_1'], /--region: "US_EAST_1" is not a region name/],
  [['new', 's3', '--bucket', 'My_Bucket'], /--bucket: "My_Bucket" is not a valid bucket name/],
  [['new', 's3', '--prefix', '/inbox/'], /--prefix: a key prefix does not start with "\/"/],
  [['new', 'sns', '--topic-arn', 'arn:aws:sqs:us-east-1:111122223333:q'], /--topic-arn: "arn:aws:sqs:us-east-1:111122223333:q" is not a topic ARN/],
  [['new', 'kms', '--rule', 'bad rule'], /--rule: "bad rule" is not a valid rule name/],
  [['new', 'kms', '--rule-set', '-set'], /--rule-set: "-set" is not a valid rule set name/],
  [['new', 'lambda', '--function', 'a/b'], /--function: "a\/b" is not a function name/],
  [['new', 'sns', '--region', 'us-east-1', '--topic-arn', 'arn:aws:sns:us-west-2:111122223333:t'], /--region us-east-1 differs from the topic's region us-west-2/],
  [['new', 'kms', '--bucket', 'mail-inbox'], /--bucket applies to "new s3" only/],
  [['new', 's3', '--cli'], /--cli applies to "new lambda" only/],
  [['new', 'lambda', '--cli', '--statement'], /--cli and --statement cannot be combined/],
  [['new', 's3', '--any-rule', '--rule', 'store'], /--any-rule cannot be combined with --rule or --rule-set/],
  [['new', 'sqs'], /unknown kind "sqs"/],
  [['new', 's3', '--format', 'yaml'], /--format: unknown format "yaml"/],
  [['new', 's3', '--format', 'terraform', '--statement'], /cannot be combined with --cli or --statement/],
  [['new', 'lambda', '--format', 'terraform', '--cli'], /cannot be combined with --cli or --statement/],
  [['new'], /new needs a kind/],
  [['new', 's3', '--account'], /--account needs a value/],
];

for (const [args, message] of REFUSED) {
  test(`refused: ses-grants ${args.join(' ')}`, () => {
    const run = runCli(args);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, message);
  });
}
