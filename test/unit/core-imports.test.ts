import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';

/** The policy core and the format adapters run in the CLI and under plain node: they never import vscode. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

for (const folder of ['src/policy', 'src/formats', 'src/config', 'src/cli']) {
  test(`${folder} does not import vscode`, () => {
    const files = filesUnder(join(REPO_ROOT, folder)).filter((f) => f.endsWith('.ts'));
    assert.ok(folder !== 'src/policy' || files.length > 5, 'the policy core was found');
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      assert.doesNotMatch(text, /from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\)/, file);
    }
  });
}

/**
 * The policy core and the format adapters go into the browser bundle too, so they import no Node module: the
 * Terraform parser's Node file loader is the CLI's (src/cli/nodeWasmLoader.ts).
 */
test('src/policy and src/formats import no Node module', () => {
  const files = ['src/policy', 'src/formats'].flatMap((folder) => filesUnder(join(REPO_ROOT, folder))).filter((f) => f.endsWith('.ts'));
  const usingNode = files.filter((file) => /from\s+['"](node:[\w/]+|fs|path|os|module|child_process)['"]|require\(\s*['"]node:/.test(readFileSync(file, 'utf8')));
  assert.ok(files.length > 20, 'the sources were found');
  assert.deepEqual(usingNode.map((file) => file.slice(REPO_ROOT.length + 1)), []);
});

/**
 * The core knows no file format: YAML, Terraform and the rest are adapters under src/formats that build the
 * model and give their editors (FormatEditing). So src/policy imports no format's parser and no other layer.
 */
test('src/policy imports no format parser and nothing from src/formats, src/extension, src/cli, src/config', () => {
  const files = filesUnder(join(REPO_ROOT, 'src/policy')).filter((f) => f.endsWith('.ts'));
  const outside = files.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)]
      .map((match) => match[1]!)
      .filter((specifier) => /^(yaml|web-tree-sitter|@tree-sitter-grammars\/.*)$/.test(specifier) || /^(\.\.\/)+(formats|extension|cli|config)(\/|$)/.test(specifier))
      .map((specifier) => `${file.slice(REPO_ROOT.length + 1)} imports ${specifier}`),
  );
  assert.ok(files.length > 20, 'the sources were found');
  assert.deepEqual(outside, []);
});
