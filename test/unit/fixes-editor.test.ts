import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../../src/formats';
import { makeFinding } from '../../src/policy/findings';
import { FIXTURES } from '../support/paths';
import { commentsOf, JSON_EDITING, lintJsonText } from '../../src/formats/json/plainJson';
import { applyOffsetEdits, fixContextFor, fixesFor, FIX_BUILDERS } from '../../src/policy/fixes';
import { JsonEditor } from '../../src/formats/json/jsonEditor';
import { extractPolicies } from '../../src/policy/extract';
import { RULES } from '../../src/policy/catalogue';

const spaces = { tabSize: 2, insertSpaces: true, eol: '\n' } as const;

test('every id the catalogue marks fixable has a builder, and no builder answers an unknown id', () => {
  const fixable = RULES.filter((r) => r.fixable).map((r) => r.id).sort();
  assert.deepEqual([...FIX_BUILDERS.keys()].sort(), fixable);
});

test('removing the last array item keeps the text valid (jsonc-parser 3.3.1 leaves a quote behind)', () => {
  const text = '{"Action": ["kms:Encrypt", "kms:ReEncrypt*"]}';
  const editor = JsonEditor.open(text, spaces)!;
  editor.remove(['Action', 1]);
  assert.equal(editor.text, '{"Action": ["kms:Encrypt"]}');
});

test('removal keeps a comment that trails the previous member', () => {
  const text = '{\n  "a": "1", // keep me\n  "b": "2"\n}';
  const editor = JsonEditor.open(text, spaces)!;
  editor.remove(['b']);
  assert.deepEqual(commentsOf(editor.text), ['// keep me']);
  assert.equal(JSON.stringify(Object.keys(JSON.parse(editor.text.replace(/\/\/.*$/gm, '')))), '["a"]');
});

test('an appended member goes before the comment that trails the previous one', () => {
  const text = '{\n  "a": "1" // about a\n}';
  const editor = JsonEditor.open(text, spaces)!;
  editor.insertProperty([], 'b', '2');
  assert.equal(editor.text, '{\n  "a": "1", // about a\n  "b": "2"\n}');
});

test('a path through a duplicated key is refused (jsonc-parser would edit the first, policies use the last)', () => {
  const text = '{"Statement": {"Effect": "Allow"}, "Statement": {"Effect": "Deny"}}';
  const editor = JsonEditor.open(text, spaces)!;
  const second = text.lastIndexOf('{"Effect"');
  assert.equal(editor.pathOf({ offset: second, length: '{"Effect": "Deny"}'.length }), undefined);
});

test('edits are minimal: one edit covering only what changed', () => {
  const text = '{\n  "Version": "2008-10-17",\n  "Statement": []\n}';
  const editor = JsonEditor.open(text, spaces)!;
  editor.set(['Version'], '2012-10-17');
  assert.deepEqual(editor.edits(), [{ offset: 18, length: 2, content: '12' }]);
});

test('a fix on text that is not the JSON the model came from offers nothing', () => {
  const json = '{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"}]}';
  const { file, findings } = lintJsonText(json);
  assert.ok(file);
  const finding = findings.find((f) => f.id === 'version-legacy-2008');
  assert.ok(finding);
  // The same model over YAML-looking text (as a format adapter would give): spans do not match JSON nodes.
  const yaml = 'Version: "2008-10-17"\nStatement:\n  - Effect: Allow\n' + ' '.repeat(json.length);
  assert.deepEqual(fixesFor({ ...fixContextFor(json, file, finding, {}, spaces), text: yaml }), []);
});

test('fixesFor never throws and returns exactly one preferred fix, on odd input too', () => {
  const texts = [
    '',
    '[]',
    '{"Statement": "x"}',
    '{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": 1, "Condition": []}]}',
    '{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "s3:*", "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], "Condition": {"StringEquals": "x"}}]}',
  ];
  for (const text of texts) {
    // Plain JSON's editing, as the JSON adapter gives every file it reads: without it no recipe edits the file.
    const file = { ...extractPolicies(text, lintJsonText(text).file?.root), editing: JSON_EDITING };
    const statement = file.statements[0];
    for (const id of FIX_BUILDERS.keys()) {
      const span = statement?.node.span ?? { offset: 0, length: text.length };
      const finding = makeFinding(id, span, {}, statement?.node.span);
      const proposals = fixesFor({ text, file, finding, statement, values: {}, formatting: spaces });
      if (proposals.length > 0) assert.equal(proposals.filter((p) => p.preferred).length, 1, `${id} on ${text}`);
      for (const p of proposals) assert.ok(lintJsonText(applyOffsetEdits(text, p.edits)).syntaxErrors.length <= lintJsonText(text).syntaxErrors.length);
    }
  }
});

test('findings in a CloudFormation YAML template get YAML edits (no JSON edits)', () => {
  const text = readFileSync(join(FIXTURES, 'templates', 'lambda-permission-open.yaml'), 'utf8');
  const result = lintText(text, { languageId: 'yaml' });
  const file = result.file;
  assert.ok(file && result.findings.length > 0);
  for (const finding of result.findings) {
    const proposals = fixesFor(fixContextFor(text, file, finding, {}, spaces));
    assert.ok(proposals.length > 0, finding.id);
    for (const proposal of proposals) {
      const fixed = applyOffsetEdits(text, proposal.edits);
      assert.equal(lintText(fixed, { languageId: 'yaml' }).syntaxErrors.length, 0, proposal.title);
      assert.doesNotMatch(fixed, /[{}"]AWS:Source/, 'written as YAML, not JSON');
    }
  }
});
