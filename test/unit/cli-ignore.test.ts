import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli, type JsonFinding } from '../support/cli';
import { FIXTURES } from '../support/paths';

/**
 * What `lint` leaves out of a folder: .gitignore files (from the repository's top folder down, a subfolder's
 * `!pattern` bringing back what a parent ignored), the configuration's `ignore`, and `--ignore-pattern`.
 * Every file written here holds an open grant, so a file is linted exactly when it has a finding.
 */
const OPEN = readFileSync(join(FIXTURES, 'cli', 'fix', 'no-values', 'input', 'open-bucket.json'), 'utf8');

function tree(files: Record<string, string | undefined>): string {
  const root = mkdtempSync(join(tmpdir(), 'ses-grants-ignore-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    if (text === undefined) mkdirSync(join(root, path), { recursive: true });
    else writeFileSync(join(root, path), text);
  }
  return root;
}

function linted(args: readonly string[], cwd: string): { files: string[]; stderr: string; status: number | null } {
  const run = runCli(['lint', '--format', 'json', ...args], cwd);
  const files = [...new Set((JSON.parse(run.stdout) as JsonFinding[]).map((f) => f.file))].sort();
  return { files, stderr: run.stderr, status: run.status };
}

test('a folder respects .gitignore from the repository\'s top, the configuration\'s ignore and --ignore-pattern', () => {
  const root = tree({
    '.git/info/exclude': 'excluded.json\n',
    '.gitignore': '# build output\ngenerated/\n*.out.json\n',
    'policies/.gitignore': '!keep.out.json\n',
    'policies/ses-grants.json': JSON.stringify({ ignore: ['legacy/', 'draft-*.json'] }),
    'policies/a.json': OPEN,
    'policies/keep.out.json': OPEN,
    'policies/drop.out.json': OPEN,
    'policies/draft-1.json': OPEN,
    'policies/legacy/old.json': OPEN,
    'policies/sub/b.json': OPEN,
    'policies/sub/scratch.json': OPEN,
    'generated/c.json': OPEN,
    'excluded.json': OPEN,
    'top.json': OPEN,
  });
  try {
    assert.deepEqual(linted(['.'], root).files, ['policies/a.json', 'policies/keep.out.json', 'policies/sub/b.json', 'policies/sub/scratch.json', 'top.json']);
    assert.deepEqual(linted(['--ignore-pattern', 'scratch.json', '--ignore-pattern', 'top.json', '.'], root).files, [
      'policies/a.json',
      'policies/keep.out.json',
      'policies/sub/b.json',
    ]);
    // Walking a subfolder still reads the .gitignore files above it, up to the repository's top.
    assert.deepEqual(linted(['policies'], root).files, ['policies/a.json', 'policies/keep.out.json', 'policies/sub/b.json', 'policies/sub/scratch.json']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a file named on the command line: .gitignore does not apply, the configuration\'s ignore and --ignore-pattern do', () => {
  const root = tree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': 'generated/\n',
    'ses-grants.json': JSON.stringify({ ignore: ['legacy/'] }),
    'generated/c.json': OPEN,
    'legacy/old.json': OPEN,
    'a.json': OPEN,
  });
  try {
    const run = linted(['generated/c.json', 'legacy/old.json', 'a.json'], root);
    assert.deepEqual(run.files, ['a.json', 'generated/c.json']);
    assert.match(run.stderr, /^ses-grants: ignored legacy\/old\.json: an ignore pattern leaves it out$/m);
    const pattern = linted(['--ignore-pattern', '*.json', 'a.json'], root);
    assert.deepEqual(pattern.files, []);
    assert.equal(pattern.status, 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('outside a repository, the .gitignore files inside the folder named apply', () => {
  const root = tree({ '.gitignore': 'skip/\n', 'skip/x.json': OPEN, 'y.json': OPEN });
  try {
    assert.deepEqual(linted(['.'], root).files, ['y.json']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a pattern with a slash matches from its .gitignore\'s folder, however deep the folder walked', () => {
  // The walk finds each folder's ignore files once and completes their paths with each entry's name: anchored
  // patterns two and three folders up must still see the entry's whole path from their own folder.
  const root = tree({
    '.git/info/exclude': '/a/b/c/excluded.json\n',
    '.gitignore': '/a/b/deep.json\n',
    'a/.gitignore': 'b/c/deeper.json\n',
    'a/b/.gitignore': '/c/d/\n',
    'a/b/deep.json': OPEN,
    'a/b/c/deeper.json': OPEN,
    'a/b/c/excluded.json': OPEN,
    'a/b/c/kept.json': OPEN,
    'a/b/c/d/gone.json': OPEN,
    'b/deep.json': OPEN,
    'b/c/deeper.json': OPEN,
  });
  try {
    assert.deepEqual(linted(['.'], root).files, ['a/b/c/kept.json', 'b/c/deeper.json', 'b/deep.json']);
    assert.deepEqual(linted(['a/b'], root).files, ['a/b/c/kept.json']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
