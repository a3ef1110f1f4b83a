import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { batchSizeFor, POOL_FROM_CORES, POOL_FROM_FILES, workerCountFor } from '../../src/cli/lintPool';
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

test('without SES_GRANTS_THREADS the pool is chosen by itself from POOL_FROM_FILES files on POOL_FROM_CORES cores; the variable still forces it', () => {
  const unset = {};
  assert.equal(workerCountFor(1, unset, 8), 0);
  assert.equal(workerCountFor(POOL_FROM_FILES - 1, unset, 8), 0, 'below the measured point: one thread');
  assert.equal(workerCountFor(POOL_FROM_FILES, unset, POOL_FROM_CORES), 1, 'from it: one worker beside this thread');
  assert.equal(workerCountFor(POOL_FROM_FILES * 10, unset, POOL_FROM_CORES - 1), 0, 'fewer cores: never (one thread and its compiler fill two)');
  assert.equal(workerCountFor(POOL_FROM_FILES * 10, unset, 2), 0);
  assert.equal(workerCountFor(POOL_FROM_FILES * 10, unset, 6), 2, 'one thread per two cores');
  assert.equal(workerCountFor(POOL_FROM_FILES * 10, unset, 64), 3, 'at most four threads by itself');
  assert.equal(workerCountFor(POOL_FROM_FILES * 10, { SES_GRANTS_THREADS: '1' }, 8), 0, '1 keeps the run in one thread');
  assert.equal(workerCountFor(2, { SES_GRANTS_THREADS: '3' }, 2), 1, 'forced: as many threads as asked, no more than files');
  assert.equal(workerCountFor(100, { SES_GRANTS_THREADS: '6' }, 2), 5, 'forced: more threads than cores if asked');
  assert.equal(workerCountFor(POOL_FROM_FILES, { SES_GRANTS_THREADS: 'many' }, 8), 3, 'a value that is no number: the automatic choice');
});

test('batches cover every job once, large while many are left and small at the end', () => {
  for (const [jobs, threads] of [[1, 2], [37, 2], [1_000, 2], [1_000, 4], [20_000, 3]] as const) {
    const sizes: number[] = [];
    for (let next = 0; next < jobs; ) {
      const size = Math.min(batchSizeFor(jobs - next, threads), jobs - next);
      assert.ok(size >= 1 && size <= 32, `${size}`);
      if (sizes.length > 0) assert.ok(size <= sizes[sizes.length - 1]!, `batches never grow: ${sizes.slice(-3).join(', ')}, ${size}`);
      sizes.push(size);
      next += size;
    }
    assert.equal(sizes.reduce((a, b) => a + b, 0), jobs);
    if (jobs >= 1_000) {
      assert.equal(sizes[0], 32, 'a long run starts with full batches');
      assert.ok(sizes[sizes.length - 1]! <= 4, 'and ends with small ones');
    }
  }
});

test('hundreds of small policies in folders of different sizes: a pool of three prints what one thread prints, in order', () => {
  const root = mkdtempSync(join(tmpdir(), 'ses-grants-pool-many-'));
  try {
    const grant = readFileSync(join(FIXTURES, 'cli', 'fix', 'no-values', 'input', 'open-bucket.json'), 'utf8');
    // Enough files for dozens of batches of every size, so that results come back out of order; one folder
    // has its own configuration.
    for (let i = 0; i < 600; i++) {
      const folder = join(root, `folder-${i % 7}`, i % 3 === 0 ? 'deeper' : '');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, `policy-${String(i).padStart(4, '0')}.json`), i % 4 === 0 ? grant.replace('"s3:PutObject"', '"s3:*"') : grant);
    }
    writeFileSync(join(root, 'folder-3', 'ses-grants.json'), JSON.stringify({ rules: { 's3-missing-source-conditions': 'off' } }));
    for (const args of [['--format', 'json'], ['--format', 'text']]) {
      const alone = lint(root, '1', args);
      const pooled = lint(root, '3', args);
      assert.ok(alone.stdout.split('\n').length > 600, args.join(' '));
      assert.equal(pooled.status, alone.status);
      assert.equal(pooled.stdout, alone.stdout);
      assert.equal(pooled.stderr, alone.stderr);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
