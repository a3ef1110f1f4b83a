import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeControlCharacters, escapeControlCharactersInJson } from '../../src/policy/controlCharacters';
import { sarifPlainText } from '../../src/cli/format/sarif';

const HOSTILE = 'a\nb\rc\td\u0000e\u001b[31mf\u007fg\u0085h\u009bi\u2028j\u2029k\u202el\u2066m\u200fn\u061co';

test('control characters, line separators and bidi controls become visible escapes; other text is kept', () => {
  assert.equal(
    escapeControlCharacters(HOSTILE),
    'a\\nb\\rc\\td\\u0000e\\u001B[31mf\\u007Fg\\u0085h\\u009Bi\\u2028j\\u2029k\\u202El\\u2066m\\u200Fn\\u061Co',
  );
  const ordinary = 'arn:aws:s3:::受信-📬/* `x` [y](z) \\ é';
  assert.equal(escapeControlCharacters(ordinary), ordinary);
});

test('inside JSON text the same characters become JSON escapes: a reader gets back the exact strings', () => {
  const value = { message: HOSTILE, nested: [HOSTILE] };
  const json = escapeControlCharactersInJson(JSON.stringify(value, null, 2));
  assert.deepEqual(JSON.parse(json), value);
  assert.doesNotMatch(json, /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/);
  assert.equal(json.split('\n').length, JSON.stringify(value, null, 2).split('\n').length, 'the indentation stays as it was');
});

test('SARIF plain text: brackets and backslashes escaped, so no embedded link comes from a file', () => {
  assert.equal(sarifPlainText('bucket `[Click](https://x.example)` \\ end\n'), 'bucket `\\[Click\\](https://x.example)` \\\\ end\\\\n');
});
