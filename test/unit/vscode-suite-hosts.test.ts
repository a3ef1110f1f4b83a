import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeOnlySuites, SUITE_HOSTS, webSuites } from '../vscode/suite/hosts';
import { bundleWebSuites } from '../vscode/web/bundle';
import { REPO_ROOT } from '../support/paths';

/** The one list of which extension-host suites run in the web-worker host (test/vscode/suite/hosts.ts). */
const SUITE_DIR = join(REPO_ROOT, 'test', 'vscode', 'suite');

test('every extension-host suite is in the list of hosts, and the list names no other', () => {
  const files = readdirSync(SUITE_DIR)
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => name.slice(0, -'.test.ts'.length))
    .sort();
  assert.deepEqual(Object.keys(SUITE_HOSTS).sort(), files);
});

test('a suite left out of the web-worker host says why it needs Node', () => {
  for (const { name, why } of nodeOnlySuites()) assert.ok(why.trim().length >= 10, `${name}: no reason given`);
  assert.equal(webSuites().length + nodeOnlySuites().length, Object.keys(SUITE_HOSTS).length);
});

test('the web suites bundle for the browser, needing nothing but vscode from the host', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ses-grants-web-suites-'));
  try {
    const outfile = join(dir, 'web-suites.js');
    // A Node module anywhere under a web suite fails this build, naming the module and the importing file.
    await bundleWebSuites(outfile, webSuites(), {});
    const bundle = readFileSync(outfile, 'utf8');
    const required = [...new Set([...bundle.matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1]))];
    assert.deepEqual(required, ['vscode']);
    for (const name of webSuites()) assert.ok(bundle.includes(`suite/${name}.test.ts`), `${name} is in the bundle`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
