import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';

/**
 * `npm run lint` (scripts/lint-imports.mjs) passes on the sources and fails on a planted violation: run on a
 * copy of src/ with one file added, it must name the file and exit 1.
 */
function lintCopy(plant: Readonly<Record<string, string>>): { status: number | null; output: string } {
  const root = mkdtempSync(join(tmpdir(), 'ses-grants-lint-'));
  try {
    cpSync(join(REPO_ROOT, 'src'), join(root, 'src'), { recursive: true });
    for (const [path, text] of Object.entries(plant)) writeFileSync(join(root, path), text);
    const result = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'lint-imports.mjs'), root], { encoding: 'utf8' });
    return { status: result.status, output: result.stdout + result.stderr };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('the sources pass the import lint', () => {
  const { status, output } = lintCopy({});
  assert.equal(status, 0, output);
});

test('the core importing a format parser fails the lint', () => {
  const { status, output } = lintCopy({
    'src/policy/planted.ts': "import { parseDocument } from 'yaml';\nexport const planted = parseDocument;\n",
    'src/policy/fixes/plantedJson.ts': "import { createScanner } from 'jsonc-parser';\nexport const planted = createScanner;\n",
    'src/policy/plantedTree.ts': "import type { Parser } from 'web-tree-sitter';\nexport type Planted = Parser;\n",
  });
  assert.equal(status, 1);
  assert.match(output, /src\/policy\/planted\.ts: src\/policy must not import 'yaml'/);
  assert.match(output, /src\/policy\/fixes\/plantedJson\.ts: src\/policy must not import 'jsonc-parser'/);
  assert.match(output, /src\/policy\/plantedTree\.ts: src\/policy must not import 'web-tree-sitter'/);
});

test('the core importing vscode or another layer fails the lint', () => {
  const { status, output } = lintCopy({
    'src/policy/plantedVscode.ts': "import * as vscode from 'vscode';\nexport const planted = vscode;\n",
    'src/policy/plantedLayer.ts': "import { lintText } from '../formats';\nexport const planted = lintText;\n",
  });
  assert.equal(status, 1);
  assert.match(output, /plantedVscode\.ts: src\/policy must not import 'vscode'/);
  assert.match(output, /plantedLayer\.ts: src\/policy must not import src\/formats/);
});

test('the command line or the extension reaching the analysis around the facade fails the lint', () => {
  const { status, output } = lintCopy({
    'src/cli/plantedAnalysis.ts': "import { lintText } from '../formats';\nexport const planted = lintText;\n",
    'src/extension/plantedFixes.ts': "import type { FormatFixRequest } from '../formats/fixes';\nexport type Planted = FormatFixRequest;\n",
    'src/policy/plantedFacade.ts': "import { analyze } from '../service';\nexport const planted = analyze;\n",
  });
  assert.equal(status, 1);
  assert.match(output, /src\/cli\/plantedAnalysis\.ts: src\/cli must reach the analysis through src\/service\.ts, not '\.\.\/formats'/);
  assert.match(output, /src\/extension\/plantedFixes\.ts: src\/extension must reach the analysis through src\/service\.ts, not '\.\.\/formats\/fixes'/);
  assert.match(output, /plantedFacade\.ts: src\/policy must not import src\/service\.ts/);
});

test('an import cycle fails the lint; a type-only import does not make one', () => {
  const cycle = lintCopy({
    'src/policy/plantedA.ts': "import { b } from './plantedB';\nexport const a = () => b;\n",
    'src/policy/plantedB.ts': "import { a } from './plantedA';\nexport const b = () => a;\n",
  });
  assert.equal(cycle.status, 1);
  assert.match(cycle.output, /import cycle: src\/policy\/plantedA\.ts <-> src\/policy\/plantedB\.ts/);
  const typeOnly = lintCopy({
    'src/policy/plantedA.ts': "import type { B } from './plantedB';\nexport type A = { b?: B };\n",
    'src/policy/plantedB.ts': "import type { A } from './plantedA';\nexport type B = { a?: A };\n",
  });
  assert.equal(typeOnly.status, 0, typeOnly.output);
});
