import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initTerraformInNode } from '../../src/cli/nodeWasmLoader';
import { lintText } from '../../src/formats';
import { buildTerraformSnippets, terraformSnippetFileText } from '../../src/formats/terraform/snippets';
import { REPO_ROOT } from '../support/paths';
import { expandSnippet } from '../support/snippets';

/** The Terraform snippets (`ses-tf-*`), generated like the JSON and YAML ones and checked for drift. */
const SNIPPET_FILE = join(REPO_ROOT, 'snippets', 'terraform.json');

before(() => initTerraformInNode());

const snippets = Object.values(buildTerraformSnippets());

/** The target each grant refers to, and the receipt rule that delivers to it (with depends_on on the grant). */
const MODULE: Record<string, string> = {
  'ses-tf-s3': 'resource "aws_s3_bucket" "inbox" {\n  bucket = "inbound-mail-example"\n}\n',
  'ses-tf-kms': '',
  'ses-tf-lambda': 'resource "aws_lambda_function" "inbox" {\n  function_name = "process-inbound-mail"\n  role          = "arn:aws:iam::111122223333:role/mail"\n}\n',
  'ses-tf-sns': 'resource "aws_sns_topic" "inbox" {\n  name = "inbound-mail"\n}\n',
};
const REAL: Record<string, string> = {
  mail: 'inbox',
  AWSACCOUNTID: '111122223333',
  REGION: 'us-east-1',
  rule_set_name: 'inbound',
  receipt_rule_name: 'store',
};

function inserted(body: readonly string[], prefix: string, fill?: (name: string) => string): string {
  return `${MODULE[prefix] ?? ''}\n${expandSnippet(body.join('\n'), fill).text}\n`;
}

test('the committed Terraform snippets file is exactly what the templates generate', () => {
  assert.equal(readFileSync(SNIPPET_FILE, 'utf8'), terraformSnippetFileText(), 'run `npm run generate:snippets` and commit snippets/terraform.json');
});

test('the Terraform snippet prefixes are the documented ones, contributed to the terraform language', () => {
  assert.deepEqual(snippets.map((s) => s.prefix).sort(), ['ses-tf-kms', 'ses-tf-lambda', 'ses-tf-s3', 'ses-tf-sns']);
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    activationEvents: string[];
    contributes: { snippets: { language: string; path: string }[] };
  };
  assert.deepEqual(manifest.contributes.snippets.filter((s) => s.path === './snippets/terraform.json').map((s) => s.language), ['terraform']);
  assert.ok(manifest.activationEvents.includes('onLanguage:terraform'));
});

for (const snippet of snippets) {
  test(`${snippet.prefix}: a whole resource, left unfinished it is placeholder-left`, () => {
    const text = inserted(snippet.body, snippet.prefix);
    const result = lintText(text, { fileName: 'main.tf' }, { strict: true });
    assert.deepEqual(result.syntaxErrors, [], text);
    // A new key's policy is its whole policy: the account's own access beside the grant.
    assert.equal(result.file?.statements.length, snippet.prefix === 'ses-tf-kms' ? 2 : 1, `the grant is recognised in\n${text}`);
    if (snippet.prefix === 'ses-tf-kms') assert.match(text, /Sid += "EnableIAMUserPermissions"[\s\S]*Action += "kms:\*"/);
    assert.ok(result.findings.some((f) => f.id === 'placeholder-left'), result.findings.map((f) => f.id).join(', '));
  });

  test(`${snippet.prefix}: filled in, it lints clean and refers to the target`, () => {
    const text = inserted(snippet.body, snippet.prefix, (name) => REAL[name] ?? name);
    const result = lintText(text, { fileName: 'main.tf' }, { strict: true });
    assert.deepEqual(result.syntaxErrors, [], text);
    assert.deepEqual(result.findings.filter((f) => f.severity !== 'info').map((f) => `${f.id}: ${f.message}`), [], text);
    if (snippet.prefix !== 'ses-tf-kms') assert.match(text, /= aws_(s3_bucket|lambda_function|sns_topic)\.inbox\./);
  });
}
