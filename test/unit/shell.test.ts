import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lintText } from '../../src/formats';
import type { ShellFile } from '../../src/formats/shell';
import { lintFileText } from '../../src/cli/lintText';
import type { Finding } from '../../src/policy/findings';
import { CLI_PATH } from '../support/cli';

/** Shell scripts (docs/semantics.md#other-places-grants-are-written): `aws lambda add-permission` and inline policies, with findings on the script's own text. */

function lint(script: string): { findings: readonly Finding[]; file: ShellFile } {
  const result = lintText(script, { fileName: 'deploy.sh' }, { strict: true });
  return { findings: result.findings, file: result.file as ShellFile };
}

/** Each finding as `id: the script text it covers`. */
function placed(script: string): string[] {
  return lint(script).findings.map((f) => `${f.id}: ${script.slice(f.span.offset, f.span.offset + f.span.length)}`);
}

const RULE_ARN = 'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/store';

test('add-permission options become the AddPermission body, each value with its quotes and place', () => {
  const script = [
    '#!/bin/sh',
    'aws lambda add-permission \\',
    '  --function-name "process-mail" \\',
    "  --statement-id='ses' --action lambda:InvokeFunction \\",
    "  --principal 'ses.amazonaws.com' \\",
    `  --source-arn ${RULE_ARN}`,
    '',
  ].join('\n');
  const { file } = lint(script);
  const statement = file.statements[0]!;
  assert.equal(statement.shape, 'add-permission');
  assert.deepEqual(
    statement.node.properties.map((p) => [p.key, script.slice(p.keySpan.offset, p.keySpan.offset + p.keySpan.length), script.slice(p.value.span.offset, p.value.span.offset + p.value.span.length)]),
    [
      ['FunctionName', '--function-name', '"process-mail"'],
      ['StatementId', '--statement-id', "'ses'"],
      ['Action', '--action', 'lambda:InvokeFunction'],
      ['Principal', '--principal', "'ses.amazonaws.com'"],
      ['SourceArn', '--source-arn', RULE_ARN],
    ],
  );
  assert.deepEqual(placed(script), [`lambda-missing-source-account: --source-arn ${RULE_ARN}`]);
  assert.equal(script.slice(statement.node.span.offset).startsWith('aws lambda add-permission'), true);
});

test('variables are template values: no placeholder or account findings on them, the literal parts still checked', () => {
  const script = [
    'aws lambda add-permission --function-name "$FUNCTION" --statement-id ses --action lambda:InvokeFunction \\',
    '  --principal ses.amazonaws.com --source-account "${ACCOUNT_ID}" \\',
    '  --source-arn "arn:aws:sns:$REGION:$ACCOUNT_ID:mail"',
  ].join('\n');
  // Whatever the variables hold, an SNS topic is no receipt rule.
  assert.deepEqual(placed(script), ['source-arn-malformed: "arn:aws:sns:$REGION:$ACCOUNT_ID:mail"']);
  const token = lint(script).file.statements[0]!.conditions.find((c) => c.key === 'aws:SourceArn')!.values[0]!;
  assert.equal(token.isToken, true);
  assert.equal(token.text, 'arn:aws:sns:${REGION}:${ACCOUNT_ID}:mail');
  const anyRule = script.replace('arn:aws:sns:$REGION:$ACCOUNT_ID:mail', 'arn:aws:ses:$REGION:$ACCOUNT_ID:receipt-rule-set/$RULE_SET:receipt-rule/$RULE');
  assert.deepEqual(placed(anyRule), []);
});

test('inline policies: single quotes, double quotes with escapes, here-documents and variables, placed in the script', () => {
  const statement = '{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::inbox/*"}';
  const escaped = statement.replace(/"/g, '\\"');
  const script = [
    `aws s3api put-bucket-policy --bucket inbox --policy '{"Statement": [${statement}]}'`,
    `aws s3api put-bucket-policy --bucket inbox --policy "{\\"Statement\\": [${escaped}]}"`,
    'aws s3api put-bucket-policy --bucket inbox --policy "$(cat <<EOF',
    `{"Statement": [${statement}]}`,
    'EOF',
    ')"',
    "read -r -d '' POLICY <<'JSON' || true",
    `{"Statement": [${statement}]}`,
    'JSON',
    'aws s3api put-bucket-policy --bucket inbox --policy "$POLICY"',
    `KEY_POLICY='{"Statement": [${statement.replace('s3:PutObject', 'kms:GenerateDataKey*').replace('arn:aws:s3:::inbox/*', '*')}]}'`,
    'aws kms put-key-policy --key-id 1234abcd --policy-name default --policy "${KEY_POLICY}"',
    'aws s3api put-bucket-policy --bucket inbox --policy file://policy.json',
    '',
  ].join('\n');
  assert.deepEqual(placed(script), [
    'version-missing: "Statement"',
    's3-missing-source-conditions: "Principal": {"Service": "ses.amazonaws.com"}',
    'version-missing: \\"Statement\\"',
    's3-missing-source-conditions: \\"Principal\\": {\\"Service\\": \\"ses.amazonaws.com\\"}',
    'version-missing: "Statement"',
    's3-missing-source-conditions: "Principal": {"Service": "ses.amazonaws.com"}',
    'version-missing: "Statement"',
    's3-missing-source-conditions: "Principal": {"Service": "ses.amazonaws.com"}',
    'version-missing: "Statement"',
    'kms-missing-source-conditions: "Principal": {"Service": "ses.amazonaws.com"}',
  ]);
  // The here-document's and the variable's policies are found where they are written, not where they are used.
  const lines = lint(script).findings.map((f) => script.slice(0, f.span.offset).split('\n').length);
  assert.deepEqual(lines, [1, 1, 2, 2, 4, 4, 8, 8, 11, 11]);
});

test('in single quotes ${…} reaches AWS as written (unresolved-reference); in double quotes it is the shell\'s', () => {
  const policy = (resource: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "${resource}", "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333", "aws:SourceArn": "${RULE_ARN}"}}}]}`;
  const single = `aws s3api put-bucket-policy --bucket b --policy '${policy('arn:aws:s3:::${BUCKET}/*')}'`;
  assert.deepEqual(placed(single), ['unresolved-reference: "arn:aws:s3:::${BUCKET}/*"']);
  const double = `aws s3api put-bucket-policy --bucket b --policy "${policy('arn:aws:s3:::${BUCKET}/*').replace(/"/g, '\\"')}"`;
  assert.deepEqual(placed(double), []);
  const heredoc = `aws s3api put-bucket-policy --bucket b --policy "$(cat <<EOF\n${policy('arn:aws:s3:::$BUCKET')}\nEOF\n)"`;
  assert.deepEqual(placed(heredoc), ['s3-resource-not-object-arn: "arn:aws:s3:::$BUCKET"']);
});

test('SNS: only --attribute-name Policy carries a policy; --cli-input-json is an AddPermission body', () => {
  const topicPolicy = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "SNS:Publish", "Resource": "arn:aws:sns:us-east-1:111122223333:mail"}]}`;
  const script = [
    `aws sns set-topic-attributes --topic-arn arn:aws:sns:us-east-1:111122223333:mail --attribute-name Policy --attribute-value '${topicPolicy}'`,
    `aws sns set-topic-attributes --topic-arn arn:aws:sns:us-east-1:111122223333:mail --attribute-name DeliveryPolicy --attribute-value '${topicPolicy}'`,
    `aws lambda add-permission --cli-input-json '{"FunctionName": "mail", "StatementId": "ses", "Action": "lambda:*", "Principal": "ses.amazonaws.com", "SourceAccount": "111122223333"}'`,
    '',
  ].join('\n');
  assert.deepEqual(placed(script), [
    'sns-missing-source-conditions: "Principal": {"Service": "ses.amazonaws.com"}',
    'lambda-action-too-broad: "lambda:*"',
    'lambda-missing-source-arn: "SourceAccount": "111122223333"',
  ]);
});

test('an aws command after variable assignments or sudo, or inside $(…), is read too', () => {
  const command = 'lambda add-permission --function-name f --statement-id s --action lambda:InvokeFunction --principal ses.amazonaws.com';
  for (const script of [`AWS_PROFILE=mail AWS_REGION=us-east-1 aws ${command}\n`, `sudo aws ${command}\n`, `RESULT=$(aws ${command})\n`, `if ! aws ${command}; then exit 1; fi\n`]) {
    assert.deepEqual(placed(script), ['lambda-missing-source-conditions: --principal ses.amazonaws.com'], script);
  }
});

test('other aws commands, other principals and scripts without aws give nothing', () => {
  for (const script of [
    'aws s3 cp mail.eml s3://inbox/ --sse aws:kms # ses.amazonaws.com delivers here\n',
    'aws ses create-receipt-rule --rule-set-name inbound --rule file://rule.json\n',
    'aws lambda add-permission --function-name f --statement-id s --action lambda:InvokeFunction --principal s3.amazonaws.com\n',
    `aws s3api put-bucket-policy --bucket logs --policy '{"Statement": [{"Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs/*"}]}'\n`,
    'echo "aws lambda add-permission --principal ses.amazonaws.com"\n',
    'awslocal lambda add-permission --principal ses.amazonaws.com --function-name f --action lambda:InvokeFunction\n',
  ]) {
    assert.deepEqual(placed(script), [], script);
  }
});

test('broken scripts never throw; the CLI reports an unterminated quote in an SES script, and a broken inline policy at its place', () => {
  const unterminated = "aws lambda add-permission --function-name f --statement-id s --action lambda:InvokeFunction --principal ses.amazonaws.com --source-arn 'arn:aws:ses:\n";
  const findings = lintFileText(unterminated, 'deploy.sh').findings;
  assert.deepEqual(findings.map((f) => `${f.id} ${f.message}`).slice(0, 1), ['parse-error The file is not valid shell: unterminated quoted string.']);
  assert.equal(findings[0]!.span.offset, unterminated.indexOf("'arn"));
  const brokenPolicy = `aws s3api put-bucket-policy --bucket b --policy '{"Statement": [{"Effect": "Allow" "Principal": {"Service": "ses.amazonaws.com"}}]}'\n`;
  const parseError = lintFileText(brokenPolicy, 'deploy.sh').findings.find((f) => f.id === 'parse-error')!;
  assert.equal(parseError.message, 'The file is not valid JSON in this shell argument: comma expected.');
  assert.equal(brokenPolicy.slice(parseError.span.offset, parseError.span.offset + parseError.span.length), '"Principal"');
  for (const script of ["aws s3api put-bucket-policy --policy '{", 'aws lambda add-permission --principal ses.amazonaws.com --action "$(cat <<EOF', 'cat <<EOF\n$(aws lambda add-permission --principal ses.amazonaws.com']) {
    assert.doesNotThrow(() => lintFileText(script, 'x.sh'), script);
  }
  // A script that cannot hold an SES grant is nobody's concern here, broken or not.
  assert.deepEqual(lintFileText("echo 'unterminated\n", 'x.sh').findings, []);
});

test('`ses-grants new lambda --cli` prints a command line that lints clean as a shell script', () => {
  const run = spawnSync(process.execPath, [CLI_PATH, 'new', 'lambda', '--cli', '--account', '111122223333', '--region', 'us-east-1', '--rule-set', 'inbound', '--rule', 'store', '--function', 'process-mail'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const { findings, file } = lint(run.stdout);
  assert.deepEqual(findings, []);
  assert.equal(file.statements.length, 1, 'the command is read as one AddPermission');
  const placeholders = spawnSync(process.execPath, [CLI_PATH, 'new', 'lambda', '--cli'], { encoding: 'utf8' });
  assert.deepEqual(lint(placeholders.stdout).findings.map((f) => f.id), ['placeholder-left']);
});
