import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../src/formats';
import { initTerraform, terraformParserAvailability } from '../../src/formats/terraform/parser';

/** A parser that cannot load (a broken install, a missing file) is reported, never thrown from a lint. */
test('a failed load rejects once, ends the wait of earlier lints, and every Terraform file then reports it', async () => {
  const text = 'resource "aws_s3_bucket_policy" "p" { policy = "ses.amazonaws.com" }';
  const early = lintText(text, { fileName: 'main.tf' });
  const loading = initTerraform(async (file) => {
    throw new Error(`${file.name} is missing`);
  });
  await assert.rejects(loading, /the Terraform parser could not be loaded: web-tree-sitter\.wasm is missing/);
  await early.parserLoading;
  assert.strictEqual(initTerraform(async () => new Uint8Array()), loading, 'a failed load is not retried with every lint');
  assert.deepEqual(terraformParserAvailability(), { kind: 'failed', reason: 'web-tree-sitter.wasm is missing' });
  const result = lintText(text, { fileName: 'main.tf' });
  assert.deepEqual(result.findings, []);
  assert.deepEqual(result.syntaxErrors.map((e) => e.message), ['the Terraform parser could not be loaded (web-tree-sitter.wasm is missing)']);
  assert.equal(result.parserLoading, undefined);
});

/**
 * The failed load reaches a Terraform code block of a Markdown file too: Terraform's syntax errors count in a
 * block even where no policy was read (its adapter's `syntaxErrorsAlwaysCount`), whereas a JSON block's count
 * only where one was.
 */
test('after a failed load, a Terraform code block in Markdown reports it as its syntax problem', async () => {
  await initTerraform(async () => new Uint8Array()).catch(() => undefined);
  const markdown = ['```hcl', 'resource "aws_s3_bucket_policy" "p" { policy = "ses.amazonaws.com" }', '```', ''].join('\n');
  const [block] = lintText(markdown, { fileName: 'README.md' }).documents ?? [];
  assert.equal(block?.result.file, undefined);
  const problems = block?.syntaxProblems.map((p) => `${p.what}: ${p.message}`) ?? [];
  assert.equal(problems.length, 1, problems.join('\n'));
  assert.match(problems[0]!, /^Terraform in this code block: the Terraform parser could not be loaded \(/);
});
