import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../../src/formats';
import { parseYaml } from '../../src/formats/yaml/yamlTree';
import type { TreeNode } from '../../src/policy/tree';
import { FIXTURES } from '../support/paths';

/** YAML aliases read as the node their anchor names, with every span at the alias. */

const LAYOUT = join(FIXTURES, 'fixes-yaml-layout');
const textAt = (text: string, span: { offset: number; length: number }) => text.slice(span.offset, span.offset + span.length);

function nodeCount(node: TreeNode | undefined): number {
  if (!node) return 0;
  if (node.type === 'object') return 1 + node.properties.reduce((sum, p) => sum + nodeCount(p.value), 0);
  if (node.type === 'array') return 1 + node.items.reduce((sum, item) => sum + nodeCount(item), 0);
  return 1;
}

test('a Condition written as an alias counts as the restriction it names, located at the alias', () => {
  const text = readFileSync(join(LAYOUT, 'alias-condition.yaml'), 'utf8');
  const { file, findings } = lintText(text, { fileName: 'serverless.yml' }, { strict: true });
  assert.ok(file);
  assert.deepEqual(findings, []);
  const [statement] = file.statements;
  assert.ok(statement);
  assert.deepEqual(statement.conditions.map((entry) => `${entry.operator} ${entry.key}`).sort(), [
    'Bool aws:SecureTransport',
    'StringEquals aws:SourceAccount',
    'StringEquals aws:SourceArn',
  ]);
  for (const entry of statement.conditions) {
    assert.equal(textAt(text, entry.keySpan), '*sesOnly');
    assert.equal(textAt(text, entry.operatorSpan), '*sesOnly');
  }
});

test('a finding inside an aliased restriction is reported at the alias', () => {
  const text = readFileSync(join(LAYOUT, 'alias-condition-partial.yaml'), 'utf8');
  const { findings } = lintText(text, { fileName: 'serverless.yml' }, { strict: true });
  assert.deepEqual(findings.map((f) => [f.id, textAt(text, f.span)]), [['s3-missing-source-arn', '*sesOnly']]);
});

test('nested aliases cannot blow a small text up into a huge tree', () => {
  // Ten levels of ten aliases each would stand for 10^10 nodes.
  let text = 'a0: &a0 [x, y, z, w, v, u, t, s, r, q]\n';
  for (let level = 1; level < 10; level++) text += `a${level}: &a${level} [${Array(10).fill(`*a${level - 1}`).join(', ')}]\n`;
  const { root, errors } = parseYaml(text);
  assert.deepEqual(errors, []);
  const nodes = nodeCount(root);
  assert.ok(nodes > 100, `the first aliases are read (${nodes} nodes)`);
  assert.ok(nodes <= 2 * text.length, `${nodes} nodes from ${text.length} characters`);
});

test('an alias inside the node it names reads as nothing', () => {
  const { root } = parseYaml('a: &a [1, *a]\n');
  assert.ok(root?.type === 'object');
  const value = root.properties[0]!.value;
  assert.ok(value.type === 'array');
  assert.deepEqual(value.items.map((item) => (item.type === 'scalar' ? item.value : item.type)), [1, null]);
});
