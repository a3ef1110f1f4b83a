import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CLI_PATH } from '../support/cli';
import { FIXTURES } from '../support/paths';

/**
 * Many files are linted in worker threads (src/cli/lintPool.ts): the output, the exit code and the files
 * `--fix` writes must be exactly those of one thread. The folder is many copies of CLI fixtures that mix JSON,
 * JSONC, YAML templates, Terraform (a module across files), shell, a broken file, a file of another format and
 * a ses-grants.json per copy; SES_GRANTS_THREADS picks one thread or a pool of two.
 */
const SOURCES = [join(FIXTURES, 'cli', 'mixed'), join(FIXTURES, 'cli', 'terraform'), join(FIXTURES, 'cli', 'fix', 'values', 'input')];
const COPIES = 12;

function manyFiles(): string {
  const root = mkdtempSync(join(tmpdir(), 'ses-grants-pool-'));
  for (let copy = 0; copy < COPIES; copy++) {
    SOURCES.forEach((source, i) => cpSync(source, join(root, `copy-${String(copy).padStart(2, '0')}`, `part-${i}`), { recursive: true }));
  }
  return root;
}

function lint(cwd: string, threads: string, args: readonly string[]) {
  const result = spawnSync(process.execPath, [CLI_PATH, 'lint', ...args], { cwd, encoding: 'utf8', env: { ...process.env, SES_GRANTS_THREADS: threads } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function contentsOf(root: string): Map<string, Buffer> {
  const files = readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return new Map(files.map((entry) => [relative(root, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name))]));
}

test('the folder is big enough for the pool and holds every kind of file', () => {
  const root = manyFiles();
  try {
    const names = [...contentsOf(root).keys()];
    assert.ok(names.length >= 128, `${names.length} files`);
    for (const ending of ['.json', '.jsonc', '.yaml', '.tf', '.sh', '.txt', 'ses-grants.json', 'broken.json']) {
      assert.ok(names.some((name) => name.endsWith(ending)), ending);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

for (const args of [['--format', 'text'], ['--format', 'json'], ['--format', 'sarif'], ['--quiet'], ['--max-warnings', '0'], ['--fix-dry-run', '--account', '111122223333']]) {
  test(`lint ${args.join(' ')}: a pool of workers prints what one thread prints`, () => {
    const root = manyFiles();
    try {
      const alone = lint(root, '1', args);
      const pooled = lint(root, '2', args);
      assert.ok(alone.stdout.length > 0 || alone.stderr.length > 0);
      assert.equal(pooled.status, alone.status);
      assert.equal(pooled.stdout, alone.stdout);
      assert.equal(pooled.stderr, alone.stderr);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
}

test('lint --fix: a pool of workers writes the files one thread writes', () => {
  const alone = manyFiles();
  const pooled = manyFiles();
  try {
    const before = contentsOf(alone);
    const args = ['--fix', '--account', '111122223333', '--region', 'eu-west-1', '--rule-set', 'inbound', '--rule', 'store'];
    const aloneRun = lint(alone, '1', args);
    const pooledRun = lint(pooled, '2', args);
    assert.equal(pooledRun.status, aloneRun.status);
    assert.equal(pooledRun.stdout, aloneRun.stdout);
    assert.equal(pooledRun.stderr, aloneRun.stderr);
    assert.match(aloneRun.stderr, /fixed \d+ files/);
    const afterAlone = contentsOf(alone);
    const afterPooled = contentsOf(pooled);
    assert.deepEqual([...afterPooled.keys()].sort(), [...afterAlone.keys()].sort());
    let changed = 0;
    for (const [name, bytes] of afterAlone) {
      assert.ok(afterPooled.get(name)!.equals(bytes), name);
      if (!before.get(name)!.equals(bytes)) changed++;
    }
    assert.ok(changed >= COPIES, `${changed} files changed`);
  } finally {
    rmSync(alone, { recursive: true, force: true });
    rmSync(pooled, { recursive: true, force: true });
  }
});
