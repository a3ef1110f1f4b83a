import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type JsonFinding } from '../support/cli';
import { FIXTURES } from '../support/paths';
import { inCopy } from '../support/tempCopy';

/**
 * The configuration file (ses-grants.json / .ses-grants.json) and the options that override it, through the
 * built CLI. Each folder of test/fixtures/cli/config holds a configuration that cannot be used, a policy the
 * linter would report, and the exact stderr expected beside them.
 */
const BROKEN = join(FIXTURES, 'cli', 'config');
const NESTED = join(FIXTURES, 'cli', 'config-nested');
const VALUES = join(FIXTURES, 'cli', 'fix', 'values', 'input');

for (const name of readdirSync(BROKEN).sort()) {
  test(`a configuration that cannot be used (${name}): exit 2, the problem named with its place, nothing linted or written`, () => {
    const folder = join(BROKEN, name);
    const expected = readFileSync(join(folder, 'expected-stderr.txt'), 'utf8');
    const run = runCli(['lint', '.'], folder);
    assert.equal(run.status, 2, run.stderr);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, expected);
    inCopy(folder, (root) => {
      const before = readFileSync(join(root, 'policy.json'), 'utf8');
      const fixed = runCli(['lint', '--fix', '--account', '111122223333', '--region', 'us-east-1', '--any-rule', 'policy.json'], root);
      assert.equal(fixed.status, 2);
      assert.equal(fixed.stderr, expected);
      assert.equal(readFileSync(join(root, 'policy.json'), 'utf8'), before, '--fix wrote nothing');
    });
  });
}

test('the nearest configuration file applies, without merging those further up', () => {
  const run = runCli(['lint', '--format', 'json', '.'], NESTED);
  assert.equal(run.status, 1);
  assert.deepEqual(JSON.parse(run.stdout) as JsonFinding[], JSON.parse(readFileSync(join(NESTED, 'expected.json'), 'utf8')));
  const dryRun = runCli(['lint', '--fix-dry-run', '--region', 'eu-west-1', '.'], NESTED);
  assert.equal(dryRun.stdout, readFileSync(join(NESTED, 'expected.diff'), 'utf8'));
});

test('options override the configuration file: values one by one, --any-rule over its rule, --rule <id>=<level> over its rules', () => {
  const account = runCli(['lint', '--fix-dry-run', '--account', '444455556666', '--rule-set', 'other', 'bucket.json'], VALUES);
  assert.match(account.stdout, /"AWS:SourceAccount": "444455556666"/);
  assert.match(account.stdout, /arn:aws:ses:eu-west-1:444455556666:receipt-rule-set\/other:receipt-rule\/archive"/);
  const anyRule = runCli(['lint', '--fix-dry-run', '--any-rule', 'bucket.json'], VALUES);
  assert.match(anyRule.stdout, /"ArnLike": \{\n\+\s+"AWS:SourceArn": "arn:aws:ses:eu-west-1:111122223333:receipt-rule-set\/\*:receipt-rule\/\*"/);
  // The configuration turns kms-excess-actions off; the option brings it back as an error.
  const off = runCli(['lint', '--format', 'json', 'key-policy.jsonc'], VALUES);
  assert.ok(!(JSON.parse(off.stdout) as JsonFinding[]).some((f) => f.id === 'kms-excess-actions'), off.stdout);
  const on = runCli(['lint', '--format', 'json', '--rule', 'kms-excess-actions=error', '--rule', 'kms-missing-source-conditions=off', 'key-policy.jsonc'], VALUES);
  const ids = (JSON.parse(on.stdout) as JsonFinding[]).map((f) => `${f.severity} ${f.id}`);
  assert.deepEqual(ids, ['error kms-excess-actions']);
  assert.equal(on.status, 1);
});

test('a finding turned off is not fixed either', () => {
  const run = runCli(['lint', '--fix-dry-run', '--rule', 's3-resource-not-object-arn=off', 'bucket.json'], VALUES);
  assert.match(run.stdout, /"AWS:SourceAccount": "111122223333"/, 'the source conditions are added');
  assert.match(run.stdout, /^\+ {6}"Resource": "arn:aws:s3:::mail-inbox",$/m, 'the bucket ARN is left as it is');
});

test('--max-warnings: exit 1 above the limit, as eslint; errors still decide first', () => {
  const folder = join(FIXTURES, 'cli', 'warnings');
  const count = (JSON.parse(runCli(['lint', '--format', 'json', '.'], folder).stdout) as JsonFinding[]).filter((f) => f.severity === 'warning').length;
  assert.ok(count >= 1, 'the folder has warnings');
  const over = runCli(['lint', '--max-warnings', String(count - 1), '.'], folder);
  assert.equal(over.status, 1);
  assert.ok(over.stderr.endsWith(`ses-grants: ${count} warning${count === 1 ? '' : 's'}, more than --max-warnings ${count - 1}\n`), over.stderr);
  assert.equal(runCli(['lint', '--max-warnings', String(count), '.'], folder).status, 0);
  assert.equal(runCli(['lint', '.'], folder).status, 0);
});

const USAGE_ERRORS: readonly [readonly string[], RegExp][] = [
  [['--any-rule', '--rule', 'store'], /--any-rule cannot be combined with --rule <name> or --rule-set/],
  [['--any-rule', '--rule-set', 'inbound'], /--any-rule cannot be combined with --rule <name> or --rule-set/],
  [['--rule', 'store', '--rule', 'archive'], /--rule names one receipt rule, got "store" and "archive"/],
  [['--rule', 's3-missing-source-arm=off'], /--rule s3-missing-source-arm=off: unknown finding id "s3-missing-source-arm" \(did you mean "s3-missing-source-arn"\?\)/],
  [['--rule', 's3-missing-source-arn=warn'], /--rule s3-missing-source-arn=warn: the level must be off, info, warning or error, got "warn"/],
  [['--rule', 'parse-error=off'], /"parse-error" cannot be configured/],
  [['--rule', 's3-missing-source-arn'], /give the finding's level \(--rule s3-missing-source-arn=off\) or the name of a receipt rule/],
  [['--account', '1234'], /--account: an account id is 12 digits, got "1234"/],
  [['--max-warnings', 'ten'], /--max-warnings takes a whole number \(0 or more\), got "ten"/],
  [['--fix', '--fix-dry-run'], /--fix and --fix-dry-run cannot be combined/],
  [['--fix-dry-run', '--format', 'sarif'], /--fix-dry-run prints a diff: it cannot be combined with --format sarif/],
  [['--stdin', 'policy.json'], /--stdin reads standard input: it cannot be combined with paths \(policy.json\)/],
  [['--stdin-filename', 'policy.json'], /--stdin-filename names the text read with --stdin: give --stdin too/],
  [['--stdin', '--fix', '--format', 'json'], /--stdin --fix prints the fixed text on stdout: it cannot be combined with --format json/],
  [['--ignore-pattern', ' '], /--ignore-pattern needs a pattern/],
];

for (const [args, message] of USAGE_ERRORS) {
  test(`usage error: lint ${args.join(' ')}`, () => {
    const run = runCli(['lint', ...args], VALUES);
    assert.equal(run.status, 2, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, message);
  });
}
