import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex, lineStartsOf } from '../../src/policy/positions';
import { mulberry32 } from '../support/random';

/** The definition lineStartsOf keeps: every character looked at, `\n`, `\r\n` and a lone `\r` each end a line. */
function lineStartsByCharacter(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

test('line starts: each kind of line break, alone, mixed, doubled and at either end', () => {
  const cases: readonly (readonly [string, readonly number[]])[] = [
    ['', [0]],
    ['abc', [0]],
    ['\n', [0, 1]],
    ['\r', [0, 1]],
    ['\r\n', [0, 2]],
    ['\n\r', [0, 1, 2]],
    ['a\r\nb\nc\rd', [0, 3, 5, 7]],
    ['\r\r\n\n', [0, 1, 3, 4]],
    ['a\n\nb\r\n\r\nc\r', [0, 2, 3, 6, 8, 10]],
  ];
  for (const [text, starts] of cases) assert.deepEqual(lineStartsOf(text), starts, JSON.stringify(text));
});

test('line starts: the same as looking at every character, on 3,000 seeded texts of breaks and other characters', () => {
  const random = mulberry32(13);
  const alphabet = ['\n', '\r', '\r\n', 'a', ' ', '\u2028', '{', '"', '\u{1F600}'];
  for (let round = 0; round < 3_000; round++) {
    let text = '';
    const length = Math.floor(random() * 40);
    for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)]!;
    assert.deepEqual(lineStartsOf(text), lineStartsByCharacter(text), JSON.stringify(text));
  }
});

test('LineIndex places offsets on the lines lineStartsOf finds, 1-based', () => {
  const index = new LineIndex('ab\r\ncd\ref\ngh');
  assert.deepEqual([0, 2, 4, 6, 7, 10, 11].map((offset) => index.position(offset)), [
    { line: 1, column: 1 },
    { line: 1, column: 3 },
    { line: 2, column: 1 },
    { line: 2, column: 3 },
    { line: 3, column: 1 },
    { line: 4, column: 1 },
    { line: 4, column: 2 },
  ]);
});
