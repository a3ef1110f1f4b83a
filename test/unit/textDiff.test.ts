import { test } from 'node:test';
import assert from 'node:assert/strict';
import { insertionAtLineStart, minimalReplacement } from '../../src/policy/textDiff';

function apply(text: string, edit: { offset: number; length: number; content: string }): string {
  return text.slice(0, edit.offset) + edit.content + text.slice(edit.offset + edit.length);
}

test('minimalReplacement replaces only the changed region', () => {
  const before = '{\n  "a": 1,\n  "b": 2\n}';
  const after = '{\n  "a": 1,\n  "c": [3],\n  "b": 2\n}';
  const edit = minimalReplacement(before, after)!;
  assert.equal(apply(before, edit), after);
  assert.equal(edit.length, 0, 'a pure insertion deletes nothing');
  assert.equal(edit.content, 'c": [3],\n  "', 'the common prefix and suffix are kept, even a shared quote');
  assert.equal(edit.offset, before.indexOf('"b"') + 1);
});

test('minimalReplacement: equal texts need no edit; deletions and whole rewrites work', () => {
  assert.equal(minimalReplacement('same', 'same'), undefined);
  for (const [before, after] of [
    ['abcdef', 'abef'],
    ['', 'new'],
    ['old', ''],
    ['aaaa', 'aa'],
    ['x\r\ny', 'x\r\n\r\ny'],
    ['a\r\nb', 'a\nb'],
    ['😀a', '😁a'],
  ] as const) {
    const edit = minimalReplacement(before, after)!;
    assert.equal(apply(before, edit), after, JSON.stringify([before, after]));
  }
});

test('minimalReplacement never cuts a CRLF pair or a surrogate pair', () => {
  const edit = minimalReplacement('a\r\nb', 'a\r\r\nb')!;
  const cutsPair = (text: string, at: number) => at > 0 && at < text.length && text[at - 1] === '\r' && text[at] === '\n';
  assert.ok(!cutsPair('a\r\nb', edit.offset) && !cutsPair('a\r\nb', edit.offset + edit.length));
  const emoji = minimalReplacement('😀', '😁')!;
  assert.equal(emoji.offset, 0);
  assert.equal(emoji.content, '😁');
});

test('insertionAtLineStart puts lines added at the end of a YAML block at the start of the next line, not after its indentation', () => {
  const before = 'a:\n  b:\n    c: 1\n  d: 2\n';
  const after = 'a:\n  b:\n    c: 1\n    x: 3\n  d: 2\n';
  const diff = minimalReplacement(before, after)!;
  assert.equal(diff.offset, before.indexOf('d: 2'), 'the common prefix runs into the next line');
  const edit = insertionAtLineStart(before, diff);
  assert.deepEqual(edit, { offset: before.indexOf('  d: 2'), length: 0, content: '    x: 3\n' });
  assert.equal(apply(before, edit), after);
  // A line at the indentation of the next one belongs to the node that starts there (a key prepended to it).
  const sibling = minimalReplacement('a:\n  b: 1\n  c: 2\n', 'a:\n  b: 1\n  x: 3\n  c: 2\n')!;
  assert.deepEqual(insertionAtLineStart('a:\n  b: 1\n  c: 2\n', sibling), sibling);
  // No line start within reach (the insertion cannot slide there), or not an insertion: unchanged.
  const inLine = minimalReplacement('{"a": 1}', '{"a": 1, "b": 1}')!;
  assert.deepEqual(insertionAtLineStart('{"a": 1}', inLine), inLine);
  const replacement = minimalReplacement('a\n  b', 'a\n  c')!;
  assert.deepEqual(insertionAtLineStart('a\n  b', replacement), replacement);
});
