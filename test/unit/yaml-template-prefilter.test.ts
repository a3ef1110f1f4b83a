import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { mightHoldTemplate, readsAsTemplate } from '../../src/formats/cloudformation/cloudformation';
import { lintText } from '../../src/formats';
import { parseYaml } from '../../src/formats/yaml/yamlTree';
import { FIXTURES } from '../support/paths';

/**
 * YAML that cannot hold a template is not parsed: the check on its characters must never turn away a text
 * the parse would read as a template, and a text it turns away costs no YAML reading at all.
 */

function yamlFilesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...yamlFilesUnder(path));
    else if (/\.(ya?ml|template)$/.test(name)) found.push(path);
  }
  return found;
}

test('every YAML fixture that reads as a template passes the check', () => {
  let templates = 0;
  for (const path of yamlFilesUnder(FIXTURES)) {
    const text = readFileSync(path, 'utf8');
    if (!readsAsTemplate(parseYaml(text).root)) continue;
    templates++;
    assert.ok(mightHoldTemplate(text), `${path} is a template the check would skip`);
  }
  assert.ok(templates > 20, `only ${templates} templates among the fixtures`);
});

test('a template written with escapes only, or as a single resource, is still read', () => {
  const escaped = 'Resources:\n  Q:\n    Type: "\\x41WS::SQS::Queue"\n';
  assert.ok(readsAsTemplate(parseYaml(escaped).root));
  assert.ok(mightHoldTemplate(escaped));
  const fragment = 'Type: AWS::S3::BucketPolicy\nProperties:\n  Bucket: inbox\n';
  assert.ok(readsAsTemplate(parseYaml(fragment).root));
  assert.ok(mightHoldTemplate(fragment));
});

test('YAML without template marks is not read at all, even beyond the reader\'s limits', () => {
  // Nesting far beyond the reader's depth limit: were it estimated or parsed, the result would say `notRead`.
  const deep = 'principal: ses.amazonaws.com\nvalue: ' + '['.repeat(500) + ']'.repeat(500) + '\n';
  assert.ok(!mightHoldTemplate(deep));
  const skipped = lintText(deep, { fileName: 'workflow.yaml' });
  assert.deepEqual(skipped, { file: undefined, findings: [], syntaxErrors: [] });
  // The same shape in a text that could be a template does reach the reader's limits.
  const template = 'AWSTemplateFormatVersion: "2010-09-09"\n' + deep;
  assert.ok(mightHoldTemplate(template));
  assert.ok(lintText(template, { fileName: 'stack.yaml' }).notRead, 'a template-like text is still read (and here refused)');
});
