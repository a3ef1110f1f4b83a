import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_PATH } from '../support/cli';
import { FIXTURES } from '../support/paths';

/**
 * `ses-grants lint --stdin`, as editors other than VS Code and hooks run it: the text piped in, the name it
 * is linted as, and with `--fix` the text to put back on stdout. The fixtures are those of `--fix`.
 */
const VALUES = join(FIXTURES, 'cli', 'fix', 'values');
const INPUT = join(VALUES, 'input');

function lintStdin(args: readonly string[], input: string | Buffer, cwd = INPUT) {
  const run = spawnSync(process.execPath, [CLI_PATH, 'lint', '--stdin', ...args], { cwd, input });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr.toString('utf8') };
}

test('the name given picks the format and the configuration file, and appears in the output', () => {
  const yaml = readFileSync(join(INPUT, 'templates', 'mail-stack.yaml'));
  const run = lintStdin(['--stdin-filename', 'templates/mail-stack.yaml'], yaml);
  assert.equal(run.status, 1);
  assert.match(run.stdout.toString('utf8'), /^templates\/mail-stack\.yaml:16:13 error s3-missing-source-conditions /m);
  // The configuration beside the name turns kms-excess-actions off.
  const kms = lintStdin(['--format', 'json', '--stdin-filename', 'key-policy.jsonc'], readFileSync(join(INPUT, 'key-policy.jsonc')));
  assert.deepEqual((JSON.parse(kms.stdout.toString('utf8')) as { id: string; file: string }[]).map((f) => `${f.file} ${f.id}`), [
    'key-policy.jsonc kms-missing-source-conditions',
  ]);
});

test('--fix prints the fixed text on stdout, with the configuration\'s values, and the findings left on stderr', () => {
  const run = lintStdin(['--fix', '--stdin-filename', 'templates/mail-stack.yaml'], readFileSync(join(INPUT, 'templates', 'mail-stack.yaml')));
  assert.equal(run.stdout.toString('utf8'), readFileSync(join(VALUES, 'expected', 'templates', 'mail-stack.yaml'), 'utf8'));
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /^0 errors, 0 warnings, 0 info in 1 file$/m);
  // A shell script is fixed on its command line: the misspelt option is corrected.
  const lambda = lintStdin(['--fix', '--stdin-filename', 'setup-lambda-permission.sh'], readFileSync(join(INPUT, 'setup-lambda-permission.sh')));
  assert.equal(lambda.stdout.toString('utf8'), readFileSync(join(VALUES, 'expected', 'setup-lambda-permission.sh'), 'utf8'));
  assert.equal(lambda.status, 0, lambda.stderr);
  const open = lintStdin(['--fix', '--stdin-filename', 'open-bucket.json'], readFileSync(join(FIXTURES, 'cli', 'fix', 'no-values', 'input', 'open-bucket.json')), FIXTURES);
  assert.equal(open.status, 1, 'the exit code is that of the text after the fixes');
  assert.match(open.stderr, /^open-bucket\.json:7:7 error s3-missing-source-conditions /m);
});

test('--fix with nothing to fix gives the input back byte for byte, whatever its encoding', () => {
  const clean = readFileSync(join(INPUT, 'clean.json'));
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(clean.toString('utf8').replace(/\n/g, '\r\n'), 'utf16le')]);
  for (const input of [clean, utf16]) {
    const run = lintStdin(['--fix', '--stdin-filename', 'clean.json'], input);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.stdout, input);
  }
  const broken = Buffer.concat([clean.subarray(0, 20), Buffer.from([0xff, 0xfe, 0x80]), clean.subarray(20)]);
  assert.deepEqual(lintStdin(['--fix'], broken).stdout, broken, 'bytes that are not UTF-8 come back as they were');
});

test('--fix-dry-run prints the patch; without a name the text is read as JSON and called <stdin>', () => {
  const bucket = readFileSync(join(INPUT, 'bucket.json'));
  const named = lintStdin(['--fix-dry-run', '--stdin-filename', 'bucket.json'], bucket);
  const expected = readFileSync(join(VALUES, 'expected.diff'), 'utf8');
  assert.equal(named.stdout.toString('utf8'), expected.slice(0, expected.indexOf('--- a/key-policy.jsonc')));
  const unnamed = lintStdin(['--fix-dry-run', '--account', '111122223333', '--region', 'eu-west-1', '--rule-set', 'inbound', '--rule', 'archive'], bucket, FIXTURES);
  assert.equal(unnamed.stdout.toString('utf8'), named.stdout.toString('utf8').replace(/ [ab]\/bucket\.json/g, (m) => m.replace('bucket.json', '<stdin>')));
});

test('a name an ignore pattern leaves out: the input comes back unchanged with --fix, nothing is reported', () => {
  const bucket = readFileSync(join(INPUT, 'bucket.json'));
  const run = lintStdin(['--fix', '--ignore-pattern', 'bucket.json', '--stdin-filename', 'bucket.json'], bucket);
  assert.equal(run.status, 0);
  assert.deepEqual(run.stdout, bucket);
  assert.match(run.stderr, /^ses-grants: ignored bucket\.json: an ignore pattern leaves it out$/m);
});

test('--stdin on a terminal says so and exits 2 instead of waiting', () => {
  // `script` gives the CLI a terminal of its own as standard input.
  const tty = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_PATH)} lint --stdin; echo "status=$?"`, '/dev/null'], {
    encoding: 'utf8',
    timeout: 30_000,
    input: '',
  });
  assert.match(tty.stdout, /--stdin reads standard input, which is a terminal here: pipe the text in/);
  assert.match(tty.stdout, /status=2/);
});
