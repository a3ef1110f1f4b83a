import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../../src/formats';
import { initTerraformInNode, nodeWasmLoader } from '../../src/cli/nodeWasmLoader';
import { initTerraform, terraformParserAvailability, withTerraformTree } from '../../src/formats/terraform/parser';
import { WASM_FILES } from '../../src/formats/terraform/wasmFiles';
import { REPO_ROOT } from '../support/paths';

/**
 * The Terraform parser is WebAssembly, loaded once per process by its host: these tests run in their own
 * process (one per test file), so the first one sees it before anyone loaded it.
 */

const OPEN_GRANT = `resource "aws_lambda_permission" "ses" {
  action        = "lambda:InvokeFunction"
  function_name = "process-inbound-mail"
  principal     = "ses.amazonaws.com"
}
`;

test('before loading, a Terraform lint is pending; once the host loads the parser, it lints again with findings', async () => {
  assert.equal(withTerraformTree('a = 1', () => 'parsed'), undefined, 'no parse before the parser is loaded');
  const pending = lintText(OPEN_GRANT, { fileName: 'main.tf' });
  assert.deepEqual([pending.findings, pending.syntaxErrors, pending.file], [[], [], undefined]);
  assert.ok(pending.parserLoading instanceof Promise, 'the result says what to wait for');
  // A Markdown Terraform block waits too, and the file's suppressions wait with it: the finding they hide is not read yet.
  const markdown = ['<!-- ses-grants-disable lambda-missing-source-conditions -->', '```hcl', OPEN_GRANT + '```', '<!-- ses-grants-enable -->', ''].join('\n');
  const pendingMarkdown = lintText(markdown, { fileName: 'README.md' });
  assert.ok(pendingMarkdown.parserLoading instanceof Promise, 'a Terraform block makes its Markdown file wait');
  assert.deepEqual(pendingMarkdown.findings, [], 'no unused-suppression while the block is unread');
  assert.equal(terraformParserAvailability().kind, 'pending', 'a lint does not start the load: the host does, with its loader');
  const loading = initTerraformInNode();
  await pending.parserLoading;
  await loading;
  assert.equal(terraformParserAvailability().kind, 'ready');
  const ready = lintText(OPEN_GRANT, { fileName: 'main.tf' });
  assert.deepEqual(ready.findings.map((f) => f.id), ['lambda-missing-source-conditions']);
  assert.equal(ready.parserLoading, undefined);
  assert.deepEqual(lintText(markdown, { fileName: 'README.md' }).findings, [], 'the suppression hides the block\'s finding');
  assert.deepEqual(lintText(markdown, { fileName: 'README.md' }, { ignoreSuppressions: true }).findings.map((f) => f.id), ['lambda-missing-source-conditions']);
  let loaded = false;
  await initTerraform(async () => {
    loaded = true;
    throw new Error('loaded twice');
  });
  assert.equal(loaded, false, 'one load per process: a later call reuses the parser');
});

test('a loaded parser reads Terraform with offsets in UTF-16 code units, as the editor counts them', async () => {
  await initTerraformInNode();
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
