import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_WORKER_PORT } from '../../src/extension/offThread/spawn';
import { REPO_ROOT } from '../support/paths';

/**
 * The web extension: package.json's `browser` entry (the same bundle as `main`) is built (npm test builds first) and shipped, it needs
 * nothing from its host but `vscode`, and the code it is built from uses no Node global (a `node:` import
 * already fails its build, which targets the browser).
 */
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { main: string; browser: string };

test('package.json names one bundle for the Node and the web host, built and let through .vscodeignore', () => {
  assert.equal(manifest.main, './dist/extension.js');
  // One bundle for both hosts: the VSIX carries the code once.
  assert.equal(manifest.browser, manifest.main);
  const vscodeignore = readFileSync(join(REPO_ROOT, '.vscodeignore'), 'utf8').split('\n');
  for (const entry of [manifest.main, manifest.browser]) {
    assert.ok(existsSync(join(REPO_ROOT, entry)), `${entry} is built`);
    assert.ok(vscodeignore.includes(`!${entry.replace(/^\.\//, '')}`), `.vscodeignore lets ${entry} through`);
  }
});

test('the extension bundle requires nothing but vscode', () => {
  const whole = readFileSync(join(REPO_ROOT, manifest.browser), 'utf8');
  // Only text the analysis worker runs inside a Node worker thread (src/extension/offThread/spawn.ts) names another module.
  assert.equal(whole.split(NODE_WORKER_PORT).length, 2, 'the Node worker thread port is in the bundle once, as written');
  const bundle = whole.replace(NODE_WORKER_PORT, '');
  const required = new Set([...bundle.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]));
  assert.deepEqual([...required], ['vscode']);
});

function typeScriptFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? typeScriptFilesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Node's globals, as code uses them (a word such as "process" in a message or a name is no use of one). */
const NODE_GLOBALS = /\b(?:process\s*\.|Buffer\s*[.(]|setImmediate\s*\(|clearImmediate\s*\(|__dirname\b|__filename\b|global\s*\.)/;

test('the code the extension bundle is built from uses no Node global', () => {
  const files = ['src/extension', 'src/policy', 'src/formats', 'src/config'].flatMap((folder) => typeScriptFilesUnder(join(REPO_ROOT, folder)));
  assert.ok(files.length > 20, 'the sources were found');
  for (const file of files) {
    const code = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
    const line = code.split('\n').find((text) => NODE_GLOBALS.test(text));
    assert.equal(line, undefined, `${file} uses a Node global`);
  }
});
