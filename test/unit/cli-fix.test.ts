import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { writeFile, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CLI_PATH, runCli } from '../support/cli';
import { FIXTURES } from '../support/paths';
import { inCopy } from '../support/tempCopy';

/**
 * `ses-grants lint --fix` and `--fix-dry-run` through the built CLI, on copies of test/fixtures/cli/fix/*:
 * `input/` is linted, `expected/` holds each file the fixes change as it must end up (every other file must
 * stay as it is), and the expected stdout, stderr and exit status lie beside them.
 */
const FIX = join(FIXTURES, 'cli', 'fix');

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

function expectedText(name: string, file: string): string {
  const fixed = join(FIX, name, 'expected', file);
  return readFileSync(existsSync(fixed) ? fixed : join(FIX, name, 'input', file), 'utf8');
}

for (const name of ['values', 'no-values']) {
  test(`--fix on ${name}: each file as expected (the rest untouched), the exact output, modes kept`, () => {
    inCopy(join(FIX, name, 'input'), (root) => {
      for (const file of filesUnder(root)) chmodSync(join(root, file), 0o640);
      const run = runCli(['lint', '--fix', '.'], root);
      assert.equal(run.stdout, readFileSync(join(FIX, name, 'expected-stdout.txt'), 'utf8'));
      assert.equal(run.stderr, readFileSync(join(FIX, name, 'expected-stderr.txt'), 'utf8'));
      assert.equal(String(run.status), readFileSync(join(FIX, name, 'expected-status.txt'), 'utf8').trim());
      assert.deepEqual(filesUnder(root), filesUnder(join(FIX, name, 'input')), 'no file added or left behind');
      for (const file of filesUnder(root)) {
        assert.equal(readFileSync(join(root, file), 'utf8'), expectedText(name, file), file);
        assert.equal(statSync(join(root, file)).mode & 0o777, 0o640, `${file} keeps its mode`);
      }
      // Fixed once, nothing is left to fix.
      const again = runCli(['lint', '--fix', '.'], root);
      assert.equal(again.stdout, run.stdout);
      assert.doesNotMatch(again.stderr, /ses-grants: fixed/);
    });
  });
}

test('--fix-dry-run prints a patch that turns the files into what --fix writes, and changes nothing', () => {
  inCopy(join(FIX, 'values', 'input'), (root) => {
    const run = runCli(['lint', '--fix-dry-run', '.'], root);
    assert.equal(run.stdout, readFileSync(join(FIX, 'values', 'expected.diff'), 'utf8'));
    assert.equal(run.stderr, readFileSync(join(FIX, 'values', 'expected-dry-run-stderr.txt'), 'utf8'));
    assert.equal(String(run.status), readFileSync(join(FIX, 'values', 'expected-status.txt'), 'utf8').trim(), 'the exit code is that of the fixed files');
    for (const file of filesUnder(root)) assert.equal(readFileSync(join(root, file), 'utf8'), readFileSync(join(FIX, 'values', 'input', file), 'utf8'), file);
    const applied = spawnSync('git', ['apply', '-'], { cwd: root, input: run.stdout, encoding: 'utf8' });
    assert.equal(applied.status, 0, applied.stderr);
    for (const file of filesUnder(root)) assert.equal(readFileSync(join(root, file), 'utf8'), expectedText('values', file), file);
  });
});

test('line endings and encodings are kept: a CRLF file stays CRLF, UTF-16 with its mark stays UTF-16', () => {
  inCopy(join(FIX, 'values', 'input'), (root) => {
    const crlf = (text: string) => text.replace(/\n/g, '\r\n');
    const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const bom = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    const source = readFileSync(join(root, 'bucket.json'), 'utf8');
    const expected = expectedText('values', 'bucket.json');
    writeFileSync(join(root, 'crlf.json'), crlf(source));
    writeFileSync(join(root, 'utf16.json'), utf16(source));
    writeFileSync(join(root, 'bom.json'), bom(crlf(source)));
    const run = runCli(['lint', '--fix', 'crlf.json', 'utf16.json', 'bom.json'], root);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(readFileSync(join(root, 'crlf.json'), 'utf8'), crlf(expected));
    assert.deepEqual(readFileSync(join(root, 'utf16.json')), utf16(expected));
    assert.deepEqual(readFileSync(join(root, 'bom.json')), bom(crlf(expected)));
  });
});

test('a read-only file is not fixed: exit 2, named with the reason, its old findings reported, the others fixed', () => {
  inCopy(join(FIX, 'values', 'input'), (root) => {
    chmodSync(join(root, 'bucket.json'), 0o444);
    const before = readFileSync(join(root, 'bucket.json'), 'utf8');
    const run = runCli(['lint', '--fix', '.'], root);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^ses-grants: cannot fix bucket\.json: the file is read-only$/m);
    assert.equal(readFileSync(join(root, 'bucket.json'), 'utf8'), before);
    assert.equal(statSync(join(root, 'bucket.json')).mode & 0o777, 0o444);
    assert.match(run.stdout, /^bucket\.json:9:19 error s3-resource-not-object-arn /m, 'the findings of the text still in the file');
    assert.equal(readFileSync(join(root, 'key-policy.jsonc'), 'utf8'), expectedText('values', 'key-policy.jsonc'));
    assert.deepEqual(readdirSync(root).filter((name) => name.endsWith('.tmp')), [], 'no temporary file left');
  });
});

test('a symbolic link named on the command line: the file it points to is fixed, the link stays a link', () => {
  inCopy(join(FIX, 'values', 'input'), (root) => {
    mkdirSync(join(root, 'elsewhere'));
    renameSync(join(root, 'bucket.json'), join(root, 'elsewhere', 'real.json'));
    symlinkSync(join('elsewhere', 'real.json'), join(root, 'bucket.json'));
    const run = runCli(['lint', '--fix', 'bucket.json'], root);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(lstatSync(join(root, 'bucket.json')).isSymbolicLink());
    assert.equal(readFileSync(join(root, 'elsewhere', 'real.json'), 'utf8'), expectedText('values', 'bucket.json'));
  });
});

test('bytes that are not valid UTF-8 are never rewritten: exit 2, the file unchanged', () => {
  inCopy(join(FIX, 'values', 'input'), (root) => {
    const bytes = Buffer.from(readFileSync(join(root, 'bucket.json'), 'utf8').replace('AllowSESPuts', 'AllowSESPuts\u00ff'), 'latin1');
    writeFileSync(join(root, 'bucket.json'), bytes);
    const run = runCli(['lint', '--fix', 'bucket.json'], root);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^ses-grants: cannot fix bucket\.json: its bytes are not valid UTF-8, and writing it back would change them$/m);
    assert.deepEqual(readFileSync(join(root, 'bucket.json')), bytes);
  });
});

/**
 * A file saved by someone else while the run goes on is left as they saved it. The CLI reads every file
 * before it writes any, so the test keeps replacing the first file with new versions from the moment the CLI
 * starts until it ends: whatever version the CLI read, a newer one is there when it comes to write, seconds
 * later (a hundred other files lie between).
 */
test('a file that changes during the run is not overwritten: exit 2, named, the other files fixed', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ses-grants-fix-changing-'));
  try {
    const input = readFileSync(join(FIX, 'values', 'input', 'bucket.json'), 'utf8');
    cpSync(join(FIX, 'values', 'input', 'ses-grants.json'), join(root, 'ses-grants.json'));
    writeFileSync(join(root, 'a-changing.json'), input);
    for (let i = 0; i < 150; i++) writeFileSync(join(root, `policy-${String(i).padStart(3, '0')}.json`), input);
    const child = spawn(process.execPath, [CLI_PATH, 'lint', '--fix', '.'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.resume();
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let running = true;
    void exited.then(() => (running = false));
    let version = 0;
    let last = input;
    while (running) {
      version++;
      const text = input.replace('AllowSESPuts', `AllowSESPuts${version}`);
      await writeFile(join(root, '.next'), text);
      await rename(join(root, '.next'), join(root, 'a-changing.json'));
      last = text;
    }
    const status = await exited;
    assert.ok(version > 10, `the file was replaced ${version} times while the CLI ran`);
    assert.equal(status, 2, stderr);
    assert.match(stderr, /^ses-grants: cannot fix a-changing\.json: the file changed while ses-grants was fixing it; run again$/m);
    assert.equal(readFileSync(join(root, 'a-changing.json'), 'utf8'), last, 'the last version saved is still there');
    assert.equal(readFileSync(join(root, 'policy-149.json'), 'utf8'), expectedText('values', 'bucket.json'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
