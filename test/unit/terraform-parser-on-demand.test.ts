import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeWasmLoader } from '../../src/cli/nodeWasmLoader';
import { lintText } from '../../src/formats';
import { loadTerraformOnDemand, terraformParserAvailability } from '../../src/formats/terraform/parser';

/**
 * The editor registers the parser's loader at activation and the parser loads on first use: a workspace of
 * JSON policies never reads the WebAssembly; the first Terraform file starts the load, is reported as pending,
 * and linted again once it settles gets its findings. (Its own process: the parser is loaded once per process.)
 */
test('the parser loads when the first Terraform file is linted, not when the loader is registered', async () => {
  const read: string[] = [];
  const loader = nodeWasmLoader();
  const settled = loadTerraformOnDemand(async (file) => {
    read.push(file.name);
    return loader(file);
  });
  const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ses.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::inbox/*"}]}';
  assert.deepEqual(lintText(policy, { fileName: 'policy.json' }).findings.map((f) => f.id), ['s3-missing-source-conditions']);
  assert.deepEqual(read, [], 'linting JSON reads no WebAssembly');

  const terraform = 'resource "aws_lambda_permission" "ses" {\n  action        = "lambda:InvokeFunction"\n  function_name = "sort-mail"\n  principal     = "ses.amazonaws.com"\n}\n';
  const early = lintText(terraform, { fileName: 'main.tf' });
  assert.deepEqual(early.findings, []);
  assert.ok(early.parserLoading, 'the first Terraform lint waits for the parser');
  assert.deepEqual(read.sort(), ['tree-sitter-terraform.wasm', 'web-tree-sitter.wasm'], 'and starts its load');
  await early.parserLoading;
  await settled;
  assert.equal(terraformParserAvailability().kind, 'ready');
  assert.deepEqual(lintText(terraform, { fileName: 'main.tf' }).findings.map((f) => f.id), ['lambda-missing-source-conditions']);
  assert.equal(read.length, 2, 'the files are read once');
});
