import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { estimateYamlShape, YAML_LIMITS, yamlLimitExceeded } from '../../src/formats/yaml/yamlBudget';
import { lintText } from '../../src/formats';
import { planTemplateInsert } from '../../src/formats/cloudformation/templateInsert';
import { projectYamlFiles } from '../support/yamlFiles';

/** `count` open bucket policies in block style, as CloudFormation templates are written. */
function blockTemplate(count: number): string {
  const parts = ['AWSTemplateFormatVersion: "2010-09-09"\nResources:\n'];
  for (let i = 0; i < count; i++) {
    parts.push(
      `  Policy${i}:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Bucket${i}\n      PolicyDocument:\n` +
        `        Statement:\n          - Effect: Allow\n            Principal: { Service: ses.amazonaws.com }\n` +
        `            Action: s3:PutObject\n            Resource: !Sub '\${Bucket${i}.Arn}/*'\n`,
    );
  }
  return parts.join('');
}

test('every YAML file of the project is far within the limits', () => {
  const files = projectYamlFiles();
  assert.ok(files.length > 40, `${files.length} files`);
  for (const file of files) {
    const shape = estimateYamlShape(readFileSync(file, 'utf8'));
    assert.ok(shape.depth <= 20 && shape.nodes <= 5_000, `${file}: ${JSON.stringify(shape)}`);
  }
});

test('a 5 MB block-style template is read, and its nodes are counted about right', () => {
  const count = 15_000;
  const text = blockTemplate(count);
  assert.ok(text.length > 4_000_000, `${text.length} characters`);
  const shape = estimateYamlShape(text);
  assert.equal(yamlLimitExceeded(text), undefined);
  // Ten lines, a compact entry and a flow map per resource: each counts once.
  assert.ok(shape.nodes >= 11 * count && shape.nodes <= 13 * count, JSON.stringify(shape));
  assert.equal(shape.depth, 8, JSON.stringify(shape));
});

test('quoted scalars, comments and block scalars do not count as structure', () => {
  const text = [
    'Description: "[[[[{{{{ not, a, flow, list"',
    "Other: '[[[{{''[[['",
    '# [[[[[[[[[[ a comment',
    'Code: |',
    '  def handler(event, context):',
    '      return [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[',
    '',
    '      - - - - - - - - - - - - - - - - - - - - - - - - - -',
    'Folded: >-',
    '  {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{',
    'Last: [a, [b, {c: d}]]',
    '',
  ].join('\n');
  assert.deepEqual(estimateYamlShape(text), { depth: 4, nodes: 10 });
});

test('deep nesting, flow or block, and huge collections are beyond the limits and never parsed', () => {
  const header = 'AWSTemplateFormatVersion: "2010-09-09"\n# ses.amazonaws.com\n';
  const deepFlow = header + 'X: ' + '['.repeat(200) + ']'.repeat(200) + '\n';
  const deepBlock = header + 'X: ' + '- '.repeat(200) + '1\n';
  const deepIndent = header + Array.from({ length: 200 }, (_, i) => ' '.repeat(i) + 'k:\n').join('');
  const deepTagged = header + 'X: !Join [' + '!Ref ['.repeat(200) + ']'.repeat(201) + '\n';
  const deepAnchored = header + 'X: &a ' + '&b ['.repeat(200) + ']'.repeat(200) + '\n';
  const deepExplicitKey = header + '? ' + '['.repeat(200) + ']'.repeat(200) + '\n: value\n';
  const wideFlow = header + 'X: [' + Array.from({ length: YAML_LIMITS.nodes }, () => '[1]').join(', ') + ']\n';
  const longList = header + 'X:\n' + '  - 1\n'.repeat(YAML_LIMITS.nodes);
  for (const [name, text, reason] of [
    ['nested flow', deepFlow, /nested more than 128 levels deep/],
    ['compact block entries', deepBlock, /nested more than 128 levels deep/],
    ['indentation', deepIndent, /nested more than 128 levels deep/],
    ['flow behind tags', deepTagged, /nested more than 128 levels deep/],
    ['flow behind anchors', deepAnchored, /nested more than 128 levels deep/],
    ['flow as an explicit key', deepExplicitKey, /nested more than 128 levels deep/],
    ['wide flow', wideFlow, /more than 400,000 nodes/],
    ['long block list', longList, /more than 400,000 nodes/],
  ] as const) {
    assert.match(yamlLimitExceeded(text) ?? '', reason, name);
    const result = lintText(text, { fileName: 'stack.yaml' });
    assert.match(result.notRead ?? '', reason, name);
    assert.deepEqual([result.file, result.findings, result.syntaxErrors], [undefined, [], []], name);
  }
  // Just inside the depth limit the text is parsed as usual.
  const atLimit = header + 'X: ' + '['.repeat(120) + ']'.repeat(120) + '\n';
  assert.equal(lintText(atLimit, { fileName: 'stack.yaml' }).notRead, undefined);
});

test('Add SES Grant does not parse a template beyond the limits either: it says why', () => {
  const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  X: ' + '['.repeat(200) + ']'.repeat(200) + '\n';
  const plan = planTemplateInsert(text, { fileName: 'stack.yaml' }, 's3', {}, { tabSize: 2, insertSpaces: true, eol: '\n' });
  assert.equal(plan?.add, undefined);
  assert.equal(plan?.problem, 'the file is too much for the YAML reader: nested more than 128 levels deep');
  const fine = planTemplateInsert(blockTemplate(2), { fileName: 'stack.yaml' }, 's3', {}, { tabSize: 2, insertSpaces: true, eol: '\n' });
  assert.ok(fine?.add, fine?.problem);
});
