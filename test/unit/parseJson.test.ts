import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTree, type Node as JsoncNode, type ParseError } from 'jsonc-parser';
import { lintJsonText } from '../../src/formats/json/plainJson';
import { parseJson } from '../../src/formats/json/parseJson';
import { NOT_STRICT, readStrictJson } from '../../src/formats/json/strictJson';
import type { TreeNode } from '../../src/policy/tree';
import { allJsonFixtureTexts } from '../support/fixtures';

/**
 * The strict reader must give exactly jsonc-parser's tree for error-free text, and give up on anything
 * jsonc-parser reports, so that its recovery and messages stay jsonc-parser's.
 */

const OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true };

/**
 * Our tree in jsonc-parser's terms: type, offset, length, value, and children, compared node by node; also each
 * property's span (key to value's end) and each scalar's source text, which the strict reader makes on demand.
 */
function sameTree(ours: TreeNode | undefined, theirs: JsoncNode | undefined, where: string, text: string): void {
  if (!ours || !theirs) {
    assert.equal(ours, theirs, where);
    return;
  }
  assert.equal(ours.span.offset, theirs.offset, `${where}: offset`);
  assert.equal(ours.span.length, theirs.length, `${where}: length`);
  if (ours.type === 'object') {
    assert.equal(theirs.type, 'object', where);
    const properties = theirs.children ?? [];
    assert.equal(ours.properties.length, properties.length, `${where}: property count`);
    ours.properties.forEach((prop, i) => {
      const [key, value] = properties[i]!.children!;
      assert.equal(prop.key, key!.value, `${where}: key`);
      assert.deepEqual(prop.keySpan, { offset: key!.offset, length: key!.length }, `${where}: key span`);
      assert.deepEqual(prop.span, { offset: properties[i]!.offset, length: properties[i]!.length }, `${where}: property span`);
      sameTree(prop.value, value, `${where}.${prop.key}`, text);
    });
  } else if (ours.type === 'array') {
    assert.equal(theirs.type, 'array', where);
    assert.equal(ours.items.length, theirs.children?.length ?? 0, `${where}: item count`);
    ours.items.forEach((item, i) => sameTree(item, theirs.children![i], `${where}[${i}]`, text));
  } else if (ours.type === 'scalar') {
    assert.ok(Object.is(ours.value, theirs.value), `${where}: value ${String(ours.value)} vs ${String(theirs.value)}`);
    assert.equal(ours.raw, text.substr(theirs.offset, theirs.length), `${where}: raw`);
  }
}

const fixtureTexts = (): string[] => allJsonFixtureTexts({ includeExpected: true });

const TOO_DEEP = Symbol('deeper than jsonc-parser reads');

function jsoncTree(text: string, errors: ParseError[]): JsoncNode | undefined | typeof TOO_DEEP {
  try {
    return parseTree(text, errors, OPTIONS);
  } catch (error) {
    if (error instanceof RangeError) return TOO_DEEP;
    throw error;
  }
}

const VALID = [
  '',
  '  // only a comment\n',
  '{}',
  '[]',
  '{"a": [1, -0, 0.5, 1e400, -2E-3, true, false, null, "x\\n\\u00e9\\ud800\\"\\\\\\/"],}',
  '[1, 2, ]',
  '/* a */ {"a" /* b */ : /* c */ 1 // d\n} /* e */',
  '{"a": 1, "a": 2}',
  '\r\n\t{"": ""}\r\n',
  // Keys the reader shares between texts (short and long ones), an escaped key, a key too long to share.
  `[{"AWS:SourceAccount": 1, "a\\u0062": 2, "Effect": 3, "${'k'.repeat(70)}": 4}, {"AWS:SourceAccount": 5, "ab": 6, "${'k'.repeat(70)}": 7}]`,
  '{"AWS:SourceAccoun": 1, "AWS:SourceAccount": 2}',
  // Keys of one length with the same hash (31 × 'A' + 'a' = 31 × 'B' + 'B'): the table's slot is not enough.
  '{"Aa": 1, "BB": 2}',
];

const INVALID = [
  '{', '[1', '{"a"}', '{"a":}', '{"a" 1}', '[1 2]', '[,]', '{,}', '{"a":1,,}', '01', '1.', '1e', '-', '+1', '.5', 'NaN',
  'truex', 'tru', '"abc', '"a\nb"', '"\\x"', '"\\u12"', '"a\u0001"', '/* open', '1 2', '{} x', '\uFEFF{}', '{"a":1}/',
];

test('the strict reader gives jsonc-parser tree for every error-free fixture and sample', () => {
  let read = 0;
  for (const text of [...fixtureTexts(), ...VALID]) {
    const errors: ParseError[] = [];
    const theirs = jsoncTree(text, errors);
    const ours = readStrictJson(text);
    if (theirs === TOO_DEEP) {
      // Nested deeper than jsonc-parser's recursion reaches (a fixture 10 000 deep): only the strict reader reads it.
      assert.notEqual(ours, NOT_STRICT, `a deep error-free text must be read: ${JSON.stringify(text.slice(0, 200))}`);
      continue;
    }
    if (errors.length > 0) {
      assert.equal(ours, NOT_STRICT, `a text with errors must go to jsonc-parser: ${JSON.stringify(text.slice(0, 200))}`);
      continue;
    }
    assert.notEqual(ours, NOT_STRICT, `an error-free text must be read: ${JSON.stringify(text.slice(0, 200))}`);
    sameTree(ours as TreeNode | undefined, theirs, JSON.stringify(text.slice(0, 60)), text);
    read++;
  }
  assert.ok(read > 100, `only ${read} texts read`);
});

test('the strict reader gives up wherever jsonc-parser reports an error', () => {
  for (const text of INVALID) {
    const errors: ParseError[] = [];
    parseTree(text, errors, OPTIONS);
    assert.ok(errors.length > 0, `the sample must be invalid: ${JSON.stringify(text)}`);
    assert.equal(readStrictJson(text), NOT_STRICT, JSON.stringify(text));
    assert.ok(parseJson(text).errors.length > 0, `errors reported for ${JSON.stringify(text)}`);
  }
});

test('a valid policy nested 10 000 levels deep is read and linted, not reported unreadable', () => {
  const depth = 10_000;
  const grant = '{"Effect":"Allow","Principal":{"Service":"ses.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::inbox/*","Condition":';
  const text = '{"Version":"2012-10-17","Statement":[' + grant + '{"Null":{"x":' + '['.repeat(depth) + '1' + ']'.repeat(depth) + '}}}]}';
  const parsed = parseJson(text);
  assert.deepEqual(parsed.errors, []);
  assert.equal(parsed.root?.type, 'object');
  const result = lintJsonText(text, { strict: true });
  assert.deepEqual(result.syntaxErrors, []);
  assert.deepEqual(
    result.findings.map((f) => f.id),
    ['s3-missing-source-conditions'],
  );
  // The same text cut short still falls back to jsonc-parser, which cannot go that deep: one error, no throw.
  assert.ok(parseJson(text.slice(0, -10)).errors.length > 0);
});
