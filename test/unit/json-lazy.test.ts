import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createScanner, SyntaxKind } from 'jsonc-parser';
import { isStrictJson, lazyRoot, staysStrict } from '../../src/formats/json/jsonLazy';
import { commentsOf } from '../../src/formats/json/jsonText';
import { NOT_STRICT, readStrictJson } from '../../src/formats/json/strictJson';
import type { TreeNode } from '../../src/policy/tree';
import { allJsonFixtureTexts } from '../support/fixtures';
import { mulberry32 } from '../support/random';

/**
 * The JSON editor's lazy reading (jsonLazy.ts) and its comment finder must agree with the readers they stand
 * in for: `isStrictJson` with `readStrictJson`, the lazy tree with the strict reader's tree, `staysStrict`
 * with a check of the whole text, `commentsOf` with jsonc-parser's scanner. Checked on every JSON fixture and
 * on seeded mutations of them (the seed is printed; FUZZ_SEED=<n> replays a run).
 */

const SEED = process.env['FUZZ_SEED'] !== undefined ? Number(process.env['FUZZ_SEED']) >>> 0 : (Date.now() ^ (process.pid << 8)) >>> 0;
const random = mulberry32(SEED);
const int = (n: number) => Math.floor(random() * n);

const corpus = allJsonFixtureTexts({ includeExpected: true });
const PIECES = ['{', '}', '[', ']', '"', ',', ':', '//', '/*', '*/', '\\', '\n', '\r', ' ', '1', '-', 'e', 'true', '"a"', '"\\u00e9"'];

function mutate(text: string): string {
  let result = text;
  for (let i = 1 + int(3); i > 0; i--) {
    const at = int(result.length + 1);
    if (int(2) === 0) result = result.slice(0, at) + PIECES[int(PIECES.length)]! + result.slice(at);
    else result = result.slice(0, at) + result.slice(at + 1 + int(8));
  }
  return result;
}

function samples(): string[] {
  const texts = [...corpus];
  for (let i = 0; i < 800; i++) texts.push(mutate(corpus[int(corpus.length)]!));
  return texts;
}

/** Both trees node by node (every lazy member read): spans, keys, values. A stack, not recursion: fixtures nest 10 000 deep. */
function sameTree(lazyTree: TreeNode | undefined, strictTree: TreeNode | undefined, text: string): void {
  const where = JSON.stringify(text.slice(0, 80));
  const pending: [TreeNode | undefined, TreeNode | undefined][] = [[lazyTree, strictTree]];
  while (pending.length > 0) {
    const [lazy, strict] = pending.pop()!;
    if (!lazy || !strict) {
      assert.equal(lazy, strict, where);
      continue;
    }
    // Plain comparisons first: assert's deep equality on every node of a 10 000-deep tree takes seconds.
    if (lazy.type !== strict.type || !sameSpan(lazy.span, strict.span)) assert.deepEqual([lazy.type, lazy.span], [strict.type, strict.span], where);
    if (lazy.type === 'object' && strict.type === 'object') {
      assert.equal(lazy.properties.length, strict.properties.length, `${where}: property count`);
      lazy.properties.forEach((p, i) => {
        const q = strict.properties[i]!;
        if (p.key !== q.key || !sameSpan(p.keySpan, q.keySpan) || !sameSpan(p.span, q.span)) assert.deepEqual([p.key, p.keySpan, p.span], [q.key, q.keySpan, q.span], where);
        pending.push([p.value, q.value]);
      });
    } else if (lazy.type === 'array' && strict.type === 'array') {
      assert.equal(lazy.items.length, strict.items.length, `${where}: item count`);
      lazy.items.forEach((item, i) => pending.push([item, strict.items[i]]));
    } else if (lazy.type === 'scalar' && strict.type === 'scalar') {
      assert.ok(Object.is(lazy.value, strict.value), `${where}: value`);
      assert.equal(lazy.raw, strict.raw, where);
    }
  }
}

function sameSpan(a: { offset: number; length: number }, b: { offset: number; length: number }): boolean {
  return a.offset === b.offset && a.length === b.length;
}

test(`strictness and the lazy tree agree with the strict reader (seed ${SEED})`, () => {
  let strict = 0;
  for (const text of samples()) {
    const expected = readStrictJson(text);
    const where = JSON.stringify(text.slice(0, 80));
    assert.equal(isStrictJson(text), expected !== NOT_STRICT, where);
    const lazy = lazyRoot(text);
    if (expected === NOT_STRICT) {
      assert.equal(lazy, false, where);
      continue;
    }
    strict++;
    assert.notEqual(lazy, false, where);
    sameTree(lazy === false ? undefined : lazy, expected, text);
  }
  assert.ok(strict > 300, `only ${strict} strict texts`);
});

test(`a change checked within its container gives the answer of a whole-text check (seed ${SEED})`, () => {
  let checked = 0;
  for (const text of corpus) {
    const root = lazyRoot(text);
    if (!root) continue;
    for (let i = 0; i < 10; i++) {
      const from = int(text.length + 1);
      const to = Math.min(text.length, from + int(12));
      const after = text.slice(0, from) + PIECES[int(PIECES.length)]! + (int(2) === 0 ? text.slice(from, to) : '') + text.slice(to);
      assert.equal(staysStrict(root, text.length, from, to, after), isStrictJson(after), JSON.stringify(after.slice(Math.max(0, from - 40), from + 40)));
      checked++;
    }
  }
  assert.ok(checked > 1_000);
});

test('a value nested 100 000 deep is read without recursion', () => {
  const depth = 100_000;
  const text = '{"a": ' + '['.repeat(depth) + '1' + ']'.repeat(depth) + ', "b": 2}';
  assert.equal(isStrictJson(text), true);
  const root = lazyRoot(text);
  assert.ok(root && root.type === 'object');
  assert.deepEqual(
    root.properties.map((p) => [p.key, p.value.span.length]),
    [
      ['a', 2 * depth + 1],
      ['b', 1],
    ],
  );
  assert.equal(isStrictJson(text.slice(0, -2)), false);
});

function scannerComments(text: string): string[] {
  const found: string[] = [];
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) {
      found.push(text.slice(scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength()));
    }
  }
  return found;
}

test(`comments are found exactly where jsonc-parser's scanner finds them (seed ${SEED})`, () => {
  let withComments = 0;
  for (const text of samples()) {
    const expected = scannerComments(text);
    assert.deepEqual(commentsOf(text), expected, JSON.stringify(text.slice(0, 80)));
    if (expected.length > 0) withComments++;
  }
  assert.ok(withComments > 50, `only ${withComments} texts with comments`);
});
