import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_PATH, runCli, type JsonFinding } from '../support/cli';
import { FIXTURES } from '../support/paths';

/**
 * `lint --fix` killed (SIGKILL, nothing to clean up with) while it writes a large folder: every file holds
 * either its old text or its new text, never a part of one. The kill comes on the first file replaced, seen
 * through a watch on the folder, so it lands in the middle of the writes.
 */
const VALUES = join(FIXTURES, 'cli', 'fix', 'values', 'input');
const VARIANTS = ['bucket.json', 'key-policy.jsonc', 'mail-stack.yaml'];
const COPIES = 120;

test('a kill in the middle of --fix on a large folder leaves each file old or new; a second run finishes the job', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ses-grants-fix-killed-'));
  const reference = mkdtempSync(join(tmpdir(), 'ses-grants-fix-reference-'));
  try {
    const oldText = new Map<string, string>();
    for (const variant of VARIANTS) {
      const source = variant === 'mail-stack.yaml' ? join(VALUES, 'templates', variant) : join(VALUES, variant);
      oldText.set(variant, readFileSync(source, 'utf8'));
      cpSync(source, join(reference, variant));
    }
    cpSync(join(VALUES, 'ses-grants.json'), join(root, 'ses-grants.json'));
    cpSync(join(VALUES, 'ses-grants.json'), join(reference, 'ses-grants.json'));
    // What each file must become: the same fixes on one copy of each.
    assert.equal(runCli(['lint', '--fix', '.'], reference).status, 0);
    const newText = new Map(VARIANTS.map((variant) => [variant, readFileSync(join(reference, variant), 'utf8')]));
    for (const variant of VARIANTS) assert.notEqual(newText.get(variant), oldText.get(variant), `${variant} is changed by the fixes`);

    const variantOf = new Map<string, string>();
    for (let i = 0; i < COPIES; i++) {
      for (const variant of VARIANTS) {
        const name = `${String(i).padStart(3, '0')}-${variant}`;
        variantOf.set(name, variant);
        writeFileSync(join(root, name), oldText.get(variant)!);
      }
    }

    const child = spawn(process.execPath, [CLI_PATH, 'lint', '--fix', '.'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.resume();
    const watcher = watch(root, (_event, name) => {
      // The first file renamed into place: kill now, with the other files still to write.
      if (name && variantOf.has(String(name))) child.kill('SIGKILL');
    });
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, how) => resolve(how)));
    watcher.close();
    assert.equal(signal, 'SIGKILL', 'the CLI was killed before it finished');

    let fresh = 0;
    let stale = 0;
    for (const [name, variant] of variantOf) {
      const text = readFileSync(join(root, name), 'utf8');
      if (text === newText.get(variant)) fresh++;
      else if (text === oldText.get(variant)) stale++;
      else assert.fail(`${name} holds neither its old nor its new text:\n${text}`);
    }
    assert.ok(fresh >= 1 && stale >= 1, `the kill came in the middle: ${fresh} files new, ${stale} old`);
    // A temporary file may be left beside its target: it is hidden, and no format is read from it.
    const leftovers = readdirSync(root).filter((name) => !variantOf.has(name) && name !== 'ses-grants.json');
    for (const name of leftovers) assert.match(name, /^\.\d{3}-[\w.-]+\.ses-grants-\d+-[0-9a-f]{8}\.tmp$/);
    assert.ok(leftovers.length <= 1, leftovers.join(', '));

    const linted = JSON.parse(runCli(['lint', '--format', 'json', '.'], root).stdout) as JsonFinding[];
    assert.ok(linted.every((finding) => variantOf.has(finding.file)), 'only the policies are read');
    const second = runCli(['lint', '--fix', '.'], root);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stderr, new RegExp(`^ses-grants: fixed ${stale} files$`, 'm'));
    for (const [name, variant] of variantOf) assert.equal(readFileSync(join(root, name), 'utf8'), newText.get(variant), name);
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(reference, { recursive: true, force: true });
  }
});
