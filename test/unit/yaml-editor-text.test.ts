import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { lintText } from '../../src/formats';
import { YamlEditor, yamlCommentsOf } from '../../src/formats/yaml/yamlEditor';
import { applyOffsetEdits, fixContextFor, fixesFor } from '../../src/policy/fixes';
import { fixAllPlainJson } from '../../src/formats/json/plainJson';
import type { OffsetEdit } from '../../src/policy/fixes/types';
import { renderPlain } from '../../src/policy/templates';
import { fixtureValues, formattingOf } from '../support/fixFixtures';

/**
 * What the YAML editor leaves alone: every character outside its edit (private-use and astral characters, a
 * byte order mark, CRLF line ends, comments), the statements beside the one it edits; and how it writes what
 * it adds: in the layout, indentation and quoting of the place it goes.
 */

const lint = (text: string) => lintText(text, { fileName: 'template.yaml' });
const formatting = (text: string) => formattingOf(text);

function edited(text: string, change: (editor: YamlEditor) => void): { result: string; edit: OffsetEdit } {
  const editor = YamlEditor.open(text);
  assert.ok(editor, 'the text opens');
  change(editor);
  assert.ok(editor.intact, 'the edit checks out');
  const [edit, ...more] = editor.edits();
  assert.ok(edit && more.length === 0, 'one edit');
  return { result: applyOffsetEdits(text, [edit]), edit };
}

/** The preferred quick fix of the finding with this id (the n-th of them), applied. */
function quickFix(text: string, id: string, nth = 0): { result: string; edits: readonly OffsetEdit[] } {
  const { file, findings } = lint(text);
  const finding = findings.filter((f) => f.id === id)[nth];
  assert.ok(file && finding, `a ${id} finding`);
  const preferred = fixesFor(fixContextFor(text, file, finding, fixtureValues(), formatting(text))).find((p) => p.preferred);
  assert.ok(preferred, 'a preferred fix');
  // Placeholder marks rendered in what the fix writes only: the user's own private-use characters stay.
  const edits = preferred.edits.map((edit) => ({ ...edit, content: renderPlain(edit.content) }));
  return { result: applyOffsetEdits(text, edits), edits };
}

const count = (text: string, part: string) => text.split(part).length - 1;

/** The fixes offered for the first finding with this id. */
function fixesOffered(text: string, id: string) {
  const { file, findings } = lint(text);
  const finding = findings.find((f) => f.id === id);
  assert.ok(file && finding, `a ${id} finding`);
  return fixesFor(fixContextFor(text, file, finding, fixtureValues(), formatting(text)));
}

/** A bucket policy resource `P` whose statements are these lines. */
function policy(statementLines: readonly string[]): string {
  const head = ['Resources:', '  P:', '    Type: AWS::S3::BucketPolicy', '    Properties:', '      PolicyDocument:', '        Statement:'];
  return [...head, ...statementLines, ''].join('\n');
}

const ODD_CHARACTERS = [
  '\uFEFFAWSTemplateFormatVersion: "2010-09-09"',
  'Description: "Mail \uE000\uE001 icons, and a 📬 mailbox"   # \uE000 private use, 🚀 astral',
  'Resources:',
  '  Inbox:',
  '    Type: AWS::S3::Bucket',
  '    Properties:',
  '      Tags: [{ Key: icon, Value: "\uE001" }]',
  '  InboxPolicy:',
  '    Type: AWS::S3::BucketPolicy',
  '    Properties:',
  '      Bucket: !Ref Inbox',
  '      PolicyDocument:',
  '        Version: "2012-10-17"',
  '        Statement:',
  '          - Sid: Store📬 # \uE000',
  '            Effect: Allow',
  '            Principal: { Service: ses.amazonaws.com }',
  '            Action: [s3:PutObject, s3:GetObject]',
  "            Resource: !Sub '${Inbox.Arn}/*'",
  '  Topic:',
  '    Type: AWS::SNS::Topic',
  '    Properties: { DisplayName: "🚀 \uE000" }',
  '',
].join('\r\n');

test('a fix keeps every character outside its edit: byte order mark, CRLF, private-use and astral characters', () => {
  for (const [id, expected] of [
    ['s3-missing-source-conditions', 'Condition:'],
    ['s3-action-too-broad', '[s3:PutObject]'],
  ] as const) {
    const { result, edits } = quickFix(ODD_CHARACTERS, id);
    assert.equal(edits.length, 1);
    const [edit] = edits;
    const before = ODD_CHARACTERS.slice(0, edit!.offset);
    const after = ODD_CHARACTERS.slice(edit!.offset + edit!.length);
    assert.ok(result.startsWith(before) && result.endsWith(after), `${id}: the text around the edit is untouched`);
    // The edit lies inside the statement's lines.
    assert.ok(edit!.offset > ODD_CHARACTERS.indexOf('- Sid') && edit!.offset + edit!.length < ODD_CHARACTERS.indexOf('  Topic:'), id);
    assert.ok(result.startsWith('\uFEFF'), `${id}: the byte order mark stays`);
    for (const part of ['\uE000', '\uE001', '📬', '🚀']) assert.equal(count(result, part), count(ODD_CHARACTERS, part), `${id}: ${part}`);
    assert.equal(count(result, '\n'), count(result, '\r\n'), `${id}: CRLF line ends only`);
    assert.deepEqual(yamlCommentsOf(result), yamlCommentsOf(ODD_CHARACTERS), id);
    assert.ok(result.includes(expected), id);
  }
});

test('fix-all keeps the byte order mark, CRLF and every private-use and astral character', () => {
  const fixed = fixAllPlainJson(ODD_CHARACTERS, fixtureValues(), formatting(ODD_CHARACTERS), lint);
  assert.notEqual(fixed, ODD_CHARACTERS);
  assert.ok(fixed.startsWith('\uFEFF'));
  for (const part of ['\uE000', '\uE001', '📬', '🚀']) assert.equal(count(fixed, part), count(ODD_CHARACTERS, part), part);
  assert.equal(count(fixed, '\n'), count(fixed, '\r\n'));
  assert.deepEqual(yamlCommentsOf(fixed), yamlCommentsOf(ODD_CHARACTERS));
  assert.deepEqual(lint(fixed).findings.map((f) => f.id), []);
  // Only the statement's lines changed: every line of the input is still there, in order.
  const lines = fixed.split('\r\n');
  let at = 0;
  for (const line of ODD_CHARACTERS.split('\r\n')) {
    const found = lines.indexOf(line.replace('[s3:PutObject, s3:GetObject]', '[s3:PutObject]'), at);
    assert.ok(found >= at, `kept: ${line}`);
    at = found + 1;
  }
});

const THREE_STATEMENTS = [
  'Resources:',
  '  MailPolicy:',
  '    Type: AWS::S3::BucketPolicy',
  '    Properties:',
  '      Bucket: mail',
  '      PolicyDocument:',
  "        Version: '2012-10-17'",
  '        Statement:',
  '          # readers of the archive',
  '          - Effect: Allow',
  '            Principal: { AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root" }',
  '            Action: s3:GetObject',
  '            Resource: arn:aws:s3:::mail/archive/*',
  '          # SES stores new mail',
  '          - Effect: Allow',
  '            Principal:',
  '              Service: ses.amazonaws.com # the service',
  '            Action: s3:PutObject',
  '            Resource: arn:aws:s3:::mail/inbox/*   # objects only',
  '',
  '          # and nothing else',
  '          - Effect: Deny',
  '            Principal: "*"',
  '            Action: s3:DeleteObject',
  '            Resource: arn:aws:s3:::mail/*',
  '',
].join('\n');

test('a fix of one statement leaves the statements beside it, blank lines and comments exactly as they were', () => {
  const { result, edits } = quickFix(THREE_STATEMENTS, 's3-missing-source-conditions');
  assert.deepEqual(edits.length, 1);
  const insertedAt = THREE_STATEMENTS.indexOf('   # objects only\n') + '   # objects only'.length;
  assert.equal(edits[0]!.offset, insertedAt, 'inserted after the last line of the statement, after its comment');
  assert.equal(edits[0]!.length, 0, 'nothing replaced');
  assert.equal(
    result,
    THREE_STATEMENTS.slice(0, insertedAt) +
      [
        '',
        '            Condition:',
        '              StringEquals:',
        '                AWS:SourceAccount: !Ref AWS::AccountId',
        "                AWS:SourceArn: !Sub 'arn:aws:ses:${AWS::Region}:${AWS::AccountId}:receipt-rule-set/inbound:receipt-rule/store'",
      ].join('\n') +
      THREE_STATEMENTS.slice(insertedAt),
  );
  // The plain reading knows no CloudFormation short tags: it keeps a tagged scalar as its string, which is all this
  // comparison needs, and its warning for each tag would only bury real warnings in the test output.
  const statements = (text: string) => (parse(text, { logLevel: 'error' }) as { Resources: { MailPolicy: { Properties: { PolicyDocument: { Statement: unknown[] } } } } }).Resources.MailPolicy.Properties.PolicyDocument.Statement;
  const [first, , third] = statements(result);
  assert.deepEqual([first, third], [statements(THREE_STATEMENTS)[0], statements(THREE_STATEMENTS)[2]]);
});

test('new nodes take the nesting step used around them, not the smallest indent in the file', () => {
  const text = [
    ' # one space before this comment',
    'Resources:',
    '    Policy:',
    '        Type: AWS::SNS::TopicPolicy',
    '        Properties:',
    '            Topics: [!Ref Topic]',
    '            PolicyDocument:',
    '                Statement:',
    '                -   Effect: Allow',
    '                    Principal: { Service: ses.amazonaws.com }',
    '                    Action: SNS:Publish',
    '                    Resource: !Ref Topic',
    '',
  ].join('\n');
  const { result } = quickFix(text, 'sns-missing-source-conditions');
  assert.equal(
    result,
    text +
      [
        '                    Condition:',
        '                        StringEquals:',
        '                            AWS:SourceAccount: !Ref AWS::AccountId',
        "                            AWS:SourceArn: !Sub 'arn:aws:ses:${AWS::Region}:${AWS::AccountId}:receipt-rule-set/inbound:receipt-rule/store'",
        '',
      ].join('\n'),
  );
});

const FLOW = policy([
  '          - { Effect: Allow, Principal: { Service: ses.amazonaws.com }, Action: [s3:PutObject], Resource: "*" }',
  '          - {Effect: Deny, Principal: "*", Action: [',
  '              s3:DeleteObject,',
  '              s3:PutBucketPolicy',
  '            ], Resource: "*"}',
]);
const FIRST = ['Resources', 'P', 'Properties', 'PolicyDocument', 'Statement', 0];
const SECOND = ['Resources', 'P', 'Properties', 'PolicyDocument', 'Statement', 1];

test('flow collections: entries go in with the separator and padding the collection already uses', () => {
  const padded = edited(FLOW, (e) => e.insertProperty(FIRST, 'Sid', 'Store', 0)).result;
  assert.equal(padded, FLOW.replace('- { Effect: Allow,', '- { Sid: Store, Effect: Allow,'));
  const unpadded = edited(FLOW, (e) => e.insertProperty(SECOND, 'Condition', { Bool: { 'aws:SecureTransport': 'false' } })).result;
  assert.equal(unpadded, FLOW.replace('], Resource: "*"}', '], Resource: "*", Condition: {Bool: {aws:SecureTransport: "false"}}}'));
  const listed = edited(FLOW, (e) => e.appendItem([...SECOND, 'Action'], 's3:DeleteBucket')).result;
  assert.equal(listed, FLOW.replace('              s3:PutBucketPolicy\n', '              s3:PutBucketPolicy,\n              s3:DeleteBucket\n'));
});

test('flow collections: a removed entry takes one separator with it', () => {
  assert.equal(edited(FLOW, (e) => e.remove([...FIRST, 'Effect'])).result, FLOW.replace('{ Effect: Allow, Principal', '{ Principal'));
  assert.equal(edited(FLOW, (e) => e.remove([...FIRST, 'Resource'])).result, FLOW.replace('Action: [s3:PutObject], Resource: "*" }', 'Action: [s3:PutObject] }'));
  assert.equal(edited(FLOW, (e) => e.remove([...SECOND, 'Action', 0])).result, FLOW.replace('              s3:DeleteObject,\n', ''));
});

const BLOCK = policy([
  '          - Sid: "Store"',
  "            Effect: 'Allow'",
  '            Principal: "*"   # anyone',
  '            Action:',
  '              - s3:PutObject',
  '              - s3:GetObject',
  '            Resource: arn:aws:s3:::inbox/*',
]);
const STATEMENT = ['Resources', 'P', 'Properties', 'PolicyDocument', 'Statement', 0];

test('block mappings: a property goes before another at its column, even after a dash', () => {
  const result = edited(BLOCK, (e) => e.insertProperty(STATEMENT, 'Version', '2012-10-17', 0)).result;
  assert.equal(result, BLOCK.replace('          - Sid: "Store"\n', '          - Version: "2012-10-17"\n            Sid: "Store"\n'));
});

test('block mappings and sequences: a removed item takes exactly its own lines', () => {
  assert.equal(edited(BLOCK, (e) => e.remove([...STATEMENT, 'Sid'])).result, BLOCK.replace('- Sid: "Store"\n            Effect', '- Effect'));
  assert.equal(edited(BLOCK, (e) => e.remove([...STATEMENT, 'Action'])).result, BLOCK.replace('            Action:\n              - s3:PutObject\n              - s3:GetObject\n', ''));
  assert.equal(edited(BLOCK, (e) => e.remove([...STATEMENT, 'Action', 1])).result, BLOCK.replace('              - s3:GetObject\n', ''));
});

test('a replaced scalar keeps its place and its quotes; a key keeps its quotes', () => {
  assert.equal(edited(BLOCK, (e) => e.set([...STATEMENT, 'Sid'], 'Deliver')).result, BLOCK.replace('"Store"', '"Deliver"'));
  assert.equal(edited(BLOCK, (e) => e.set([...STATEMENT, 'Effect'], 'Deny')).result, BLOCK.replace("'Allow'", "'Deny'"));
  assert.equal(edited(BLOCK, (e) => e.set([...STATEMENT, 'Resource'], 'arn:aws:s3:::inbox/mail/*')).result, BLOCK.replace('inbox/*', 'inbox/mail/*'));
  // A plain scalar that would read as a number is quoted.
  assert.equal(edited(BLOCK, (e) => e.set([...STATEMENT, 'Resource'], '111122223333')).result, BLOCK.replace('arn:aws:s3:::inbox/*', '"111122223333"'));
  const quotedKey = BLOCK.replace('            Action:', '            "Action":');
  assert.equal(edited(quotedKey, (e) => e.renameKey([...STATEMENT, 'Action'], 'NotAction')).result, BLOCK.replace('            Action:', '            "NotAction":'));
});

test('a scalar replaced by a mapping goes below its key, the comment staying on the key line; and back', () => {
  const mapping = edited(BLOCK, (e) => e.set([...STATEMENT, 'Principal'], { Service: 'ses.amazonaws.com' })).result;
  assert.equal(mapping, BLOCK.replace('            Principal: "*"   # anyone\n', '            Principal:   # anyone\n              Service: ses.amazonaws.com\n'));
  const scalar = edited(BLOCK, (e) => e.set([...STATEMENT, 'Action'], 's3:PutObject')).result;
  assert.equal(scalar, BLOCK.replace('            Action:\n              - s3:PutObject\n              - s3:GetObject\n', '            Action: s3:PutObject\n'));
});

test('a tagged value comes out of valueAt in the long form and goes back in as the same tag', () => {
  const text = BLOCK.replace('Resource: arn:aws:s3:::inbox/*', 'Resource: !Ref InboxArn');
  const editor = YamlEditor.open(text)!;
  const start = text.indexOf('!Ref');
  const value = editor.valueAt({ offset: start, length: '!Ref InboxArn'.length });
  assert.deepEqual(value, { Ref: 'InboxArn' });
  editor.set([...STATEMENT, 'Resource'], [value, 'arn:aws:s3:::other/*']);
  assert.ok(editor.intact);
  assert.equal(
    applyOffsetEdits(text, editor.edits()),
    text.replace('            Resource: !Ref InboxArn\n', '            Resource:\n              - !Ref InboxArn\n              - arn:aws:s3:::other/*\n'),
  );
});

test('no edit through an alias, nor inside a node an alias refers to', () => {
  const text = [
    'Shared: &open',
    '  Effect: Allow',
    'Statement:',
    '  - *open',
    '  - Effect: Deny',
    '',
  ].join('\n');
  const refused = (change: (editor: YamlEditor) => void) => {
    const editor = YamlEditor.open(text)!;
    change(editor);
    return !editor.intact && editor.edits().length === 0;
  };
  assert.ok(refused((e) => e.set(['Statement', 0], { Effect: 'Deny' })), 'replacing the alias');
  assert.ok(refused((e) => e.insertProperty(['Shared'], 'Sid', 'x')), 'adding to the anchored node');
  assert.ok(refused((e) => e.set(['Shared', 'Effect'], 'Deny')), 'changing inside the anchored node');
  assert.ok(refused((e) => e.remove(['Shared'])), 'removing the anchor');
  assert.ok(!refused((e) => e.set(['Statement', 1, 'Effect'], 'Allow')), 'an edit elsewhere is made');
});

test('nothing is added after a statement that ends in a block scalar kept with `|+`: it would take its blank lines', () => {
  const text = policy([
    '          - Effect: Allow',
    '            Principal: { Service: ses.amazonaws.com }',
    '            Action: s3:PutObject',
    '            Resource: arn:aws:s3:::inbox/*',
    '            Sid: |+',
    '              kept with its blank lines',
    '',
    '',
    '  Topic:',
    '    Type: AWS::SNS::Topic',
  ]);
  assert.deepEqual(fixesOffered(text, 's3-missing-source-conditions'), []);
  // Without the keep indicator, the blank lines are no part of the scalar: the fix is offered.
  assert.equal(fixesOffered(text.replace('Sid: |+', 'Sid: |'), 's3-missing-source-conditions').length, 2);
});
