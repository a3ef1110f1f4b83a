import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../../src/formats';
import { buildYamlSnippets, yamlSnippetFileText } from '../../src/formats/cloudformation/cfnSnippets';
import { parseYaml } from '../../src/formats/yaml/yamlTree';
import { REPO_ROOT } from '../support/paths';
import { expandSnippet } from '../support/snippets';

/** The CloudFormation snippets for YAML (`ses-cfn-*`), generated like the JSON ones and checked for drift. */
const SNIPPET_FILE = join(REPO_ROOT, 'snippets', 'yaml.json');

/** The snippet body expanded as VS Code does (defaults, repeats, escapes). */
function expand(body: string, fill?: (name: string) => string): string {
  return expandSnippet(body, fill).text;
}

/** The snippet typed on an indented line under `Resources:`: VS Code indents its further lines the same. */
function insertedIntoTemplate(body: readonly string[], targets: string, fill?: (name: string) => string): string {
  const indented = body.map((line, i) => (i === 0 ? line : '  ' + line)).join('\n');
  return `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${targets}  ${expand(indented, fill)}\n`;
}

const snippets = Object.values(buildYamlSnippets());

const TARGETS: Record<string, string> = {
  'ses-cfn-s3': '  Inbox:\n    Type: AWS::S3::Bucket\n',
  'ses-cfn-kms': '',
  'ses-cfn-lambda': '  Handler:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: index.handler\n      Runtime: nodejs20.x\n',
  'ses-cfn-sns': '  Topic:\n    Type: AWS::SNS::Topic\n',
};
const REAL: Record<string, string> = {
  MailBucket: 'Inbox',
  MailFunction: 'Handler',
  MailTopic: 'Topic',
  rule_set_name: 'inbound',
  receipt_rule_name: 'store',
};

test('the committed YAML snippets file is exactly what the templates generate', () => {
  assert.equal(readFileSync(SNIPPET_FILE, 'utf8'), yamlSnippetFileText(), 'run `npm run generate:snippets` and commit snippets/yaml.json');
});

test('the YAML snippet prefixes are the documented ones', () => {
  assert.deepEqual(snippets.map((s) => s.prefix).sort(), ['ses-cfn-kms', 'ses-cfn-lambda', 'ses-cfn-s3', 'ses-cfn-sns']);
});

test('package.json contributes the YAML snippets to yaml', () => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    activationEvents: string[];
    contributes: { snippets: { language: string; path: string }[] };
  };
  assert.deepEqual(manifest.contributes.snippets.filter((s) => s.path === './snippets/yaml.json').map((s) => s.language), ['yaml']);
  assert.ok(manifest.activationEvents.includes('onLanguage:yaml'));
});

for (const snippet of snippets) {
  test(`${snippet.prefix}: a whole resource, left unfinished in a template it is placeholder-left`, () => {
    const template = insertedIntoTemplate(snippet.body, TARGETS[snippet.prefix] ?? '');
    assert.deepEqual(parseYaml(template).errors, [], template);
    const result = lintText(template, { languageId: 'yaml' }, { strict: true });
    // A new key's policy is its whole policy: the account's own access beside the grant.
    assert.equal(result.file?.statements.length, snippet.prefix === 'ses-cfn-kms' ? 2 : 1, 'the grant is recognised');
    if (snippet.prefix === 'ses-cfn-kms') assert.match(template, /Sid: EnableIAMUserPermissions[\s\S]*AWS: !Sub 'arn:\$\{AWS::Partition\}:iam::\$\{AWS::AccountId\}:root'/);
    const ids = result.findings.map((f) => f.id);
    assert.ok(ids.includes('placeholder-left'), ids.join(', '));
  });

  test(`${snippet.prefix}: filled in, it lints clean and names the stack's account`, () => {
    const template = insertedIntoTemplate(snippet.body, TARGETS[snippet.prefix] ?? '', (name) => REAL[name] ?? name);
    const result = lintText(template, { languageId: 'yaml' }, { strict: true });
    assert.deepEqual(result.findings.filter((f) => f.severity !== 'info').map((f) => `${f.id}: ${f.message}`), []);
    assert.match(template, /!Ref AWS::AccountId/);
  });
}
