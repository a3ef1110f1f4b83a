import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initTerraform, terraformParserAvailability, withTerraformTree } from '../../src/formats/terraform/parser';
import { nodeWasmLoader, WASM_FILES } from '../../src/formats/terraform/wasmFiles';
import { REPO_ROOT } from '../support/paths';

/**
 * The Terraform parser is WebAssembly, loaded once per process: these tests run in their own process (one per
 * test file), so the first one sees it before anyone loaded it.
 */

test('before loading, nothing is parsed and asking starts the load; it settles ready', async () => {
  assert.equal(withTerraformTree('a = 1', () => 'parsed'), undefined, 'no parse before the parser is loaded');
  const availability = terraformParserAvailability();
  assert.equal(availability.kind, 'loading');
  if (availability.kind !== 'loading') return;
  await availability.settled;
  assert.equal(terraformParserAvailability().kind, 'ready');
  let loaded = false;
  await initTerraform(async () => {
    loaded = true;
    throw new Error('loaded twice');
  });
  assert.equal(loaded, false, 'one load per process: a later call reuses the parser');
});

test('a loaded parser reads Terraform with offsets in UTF-16 code units, as the editor counts them', async () => {
  await initTerraform();
  const text = 'locals {\n  name = "café 😀"\n  n = 1\n}\n';
  const seen = withTerraformTree(text, (tree) => {
    const root = tree.rootNode;
    const attribute = root.descendantsOfType('attribute')[1]!;
    return { type: root.type, attribute: text.slice(attribute.startIndex, attribute.endIndex), hasError: root.hasError };
  });
  assert.deepEqual(seen, { type: 'config_file', attribute: 'n = 1', hasError: false });
});

test('the WebAssembly files come from beside the bundle, or from the packages in development', async () => {
  for (const file of WASM_FILES) {
    assert.ok(existsSync(join(REPO_ROOT, 'dist', file.name)), `the build copies ${file.name} beside dist/cli.js`);
    const fromDist = await nodeWasmLoader(join(REPO_ROOT, 'dist'))(file);
    const fromPackage = await nodeWasmLoader(join(REPO_ROOT, 'no-such-folder'))(file);
    assert.deepEqual(Buffer.from(fromDist), readFileSync(join(REPO_ROOT, 'dist', file.name)));
    assert.deepEqual(Buffer.from(fromPackage), Buffer.from(fromDist), `${file.name}: the copy is the package's file`);
  }
});
