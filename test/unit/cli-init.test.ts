import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_PATH, runCli } from '../support/cli';
import { FIXTURES } from '../support/paths';

/** `ses-grants init`: writes ses-grants.json, asking only on a terminal with no options, never overwriting. */
function inEmptyFolder(body: (root: string) => void): void {
  const root = mkdtempSync(join(tmpdir(), 'ses-grants-init-'));
  try {
    body(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('with options it asks nothing and writes them; lint reads the file it wrote', () => {
  inEmptyFolder((root) => {
    const run = runCli(['init', '--account', '111122223333', '--region', 'eu-west-1', '--rule-set', 'inbound', '--rule', 'archive'], root);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'Wrote ses-grants.json: account 111122223333, eu-west-1, rule set inbound, rule archive.\n');
    assert.equal(run.stderr, '');
    assert.deepEqual(JSON.parse(readFileSync(join(root, 'ses-grants.json'), 'utf8')), {
      accountId: '111122223333',
      region: 'eu-west-1',
      ruleSet: 'inbound',
      rule: 'archive',
      rules: {},
      ignore: [],
    });
    assert.deepEqual(readdirSync(root), ['ses-grants.json'], 'no temporary file left');
    cpSync(join(FIXTURES, 'cli', 'fix', 'values', 'input', 'bucket.json'), join(root, 'bucket.json'));
    const fixed = runCli(['lint', '--fix', 'bucket.json'], root);
    assert.equal(fixed.status, 0, fixed.stderr);
    assert.equal(readFileSync(join(root, 'bucket.json'), 'utf8'), readFileSync(join(FIXTURES, 'cli', 'fix', 'values', 'expected', 'bucket.json'), 'utf8'));
  });
});

test('without a terminal and without options it asks nothing and writes an empty configuration', () => {
  inEmptyFolder((root) => {
    const run = runCli(['init', '--any-rule'], root);
    assert.equal(run.status, 0);
    assert.deepEqual(JSON.parse(readFileSync(join(root, 'ses-grants.json'), 'utf8')), { anyRule: true, rules: {}, ignore: [] });
    rmSync(join(root, 'ses-grants.json'));
    const bare = spawnSync(process.execPath, [CLI_PATH, 'init'], { cwd: root, encoding: 'utf8', input: '111122223333\n' });
    assert.equal(bare.status, 0);
    assert.deepEqual(JSON.parse(readFileSync(join(root, 'ses-grants.json'), 'utf8')), { rules: {}, ignore: [] });
  });
});

test('on a terminal without options it asks for each value, again after a bad one', () => {
  inEmptyFolder((root) => {
    const command = `cd ${JSON.stringify(root)} && ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_PATH)} init`;
    const run = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', input: '1234\n111122223333\nus-east-1\n\n', timeout: 30_000 });
    assert.match(run.stdout, /an account id is 12 digits, got "1234"/);
    assert.deepEqual(JSON.parse(readFileSync(join(root, 'ses-grants.json'), 'utf8')), { accountId: '111122223333', region: 'us-east-1', anyRule: true, rules: {}, ignore: [] });
  });
});

test('it never overwrites a configuration, and refuses bad values without writing anything', () => {
  inEmptyFolder((root) => {
    for (const name of ['ses-grants.json', '.ses-grants.json']) {
      writeFileSync(join(root, name), '{ "region": "us-east-1" }\n');
      const run = runCli(['init', '--account', '111122223333'], root);
      assert.equal(run.status, 2);
      assert.match(run.stderr, new RegExp(`${name.replace('.', '\\.')} already exists here: init never overwrites it`));
      assert.equal(readFileSync(join(root, name), 'utf8'), '{ "region": "us-east-1" }\n');
      rmSync(join(root, name));
    }
    for (const [args, message] of [
      [['--account', '1234'], /--account: an account id is 12 digits/],
      [['--any-rule', '--rule', 'store'], /--any-rule cannot be combined with --rule or --rule-set/],
      [['policies'], /init takes no paths/],
    ] as const) {
      const run = runCli(['init', ...args], root);
      assert.equal(run.status, 2);
      assert.match(run.stderr, message);
      assert.ok(!existsSync(join(root, 'ses-grants.json')));
    }
  });
});
