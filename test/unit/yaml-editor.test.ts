import { test } from 'node:test';
import assert from 'node:assert/strict';
import { YamlEditor } from '../../src/formats/yaml/yamlEditor';
import { applyOffsetEdits } from '../../src/policy/fixes/api';

const TEMPLATE = [
  'Resources:',
  '  P:   # the policy',
  '    Type: AWS::S3::BucketPolicy',
  '    Properties:',
  '      PolicyDocument:',
  '        Statement:',
  '        - Effect: Allow   # spaced comment',
  '          Principal: { Service: ses.amazonaws.com }',
  '          Resource: !Sub "${B.Arn}/*"',
  '          Action: [s3:*]',
  '',
].join('\n');
const STATEMENT = ['Resources', 'P', 'Properties', 'PolicyDocument', 'Statement', 0];

function edited(text: string, change: (editor: YamlEditor) => void): string {
  const editor = YamlEditor.open(text);
  assert.ok(editor, 'the text opens');
  change(editor);
  return applyOffsetEdits(text, editor.edits());
}

test('an inserted block keeps every other line, comment and flow style exactly as written', () => {
  const result = edited(TEMPLATE, (e) =>
    e.insertProperty(STATEMENT, 'Condition', { StringEquals: { 'AWS:SourceAccount': '${AWS::AccountId}' } }),
  );
  assert.equal(
    result,
    TEMPLATE + ['          Condition:', '            StringEquals:', '              AWS:SourceAccount: !Ref AWS::AccountId', ''].join('\n'),
  );
});

test('a replaced value becomes the right intrinsic, quoted as the old one, and touches only its line', () => {
  const result = edited(TEMPLATE, (e) => e.set([...STATEMENT, 'Resource'], 'arn:${AWS::Partition}:s3:::${B}/*'));
  assert.equal(result, TEMPLATE.replace('Resource: !Sub "${B.Arn}/*"', 'Resource: !Sub "arn:${AWS::Partition}:s3:::${B}/*"'));
  const action = edited(TEMPLATE, (e) => e.set([...STATEMENT, 'Action'], 's3:PutObject'));
  assert.equal(action, TEMPLATE.replace('Action: [s3:*]', 'Action: s3:PutObject'));
});

test('paths come from the spans the YAML reader gives, tags included', () => {
  const editor = YamlEditor.open(TEMPLATE)!;
  const start = TEMPLATE.indexOf('!Sub');
  const end = TEMPLATE.indexOf('/*"') + 3;
  assert.deepEqual(editor.pathOf({ offset: start, length: end - start }), [...STATEMENT, 'Resource']);
  const key = TEMPLATE.indexOf('Action');
  assert.deepEqual(editor.pathOfKey({ offset: key, length: 'Action'.length }), [...STATEMENT, 'Action']);
});

test('renames, removals and CRLF line ends', () => {
  const crlf = TEMPLATE.replace(/\n/g, '\r\n');
  const renamed = edited(crlf, (e) => e.renameKey([...STATEMENT, 'Action'], 'NotAction'));
  assert.equal(renamed, crlf.replace('Action: [s3:*]', 'NotAction: [s3:*]'));
  const removed = edited(TEMPLATE, (e) => e.remove([...STATEMENT, 'Action']));
  assert.equal(removed, TEMPLATE.replace('          Action: [s3:*]\n', ''));
});

test('a file with YAML errors opens no editor', () => {
  assert.equal(YamlEditor.open('a: [1, 2\nb: }'), undefined);
});
