import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OffsetMap, OffsetMapBuilder } from '../../src/formats/offsetMap';
import { mulberry32 } from '../support/random';

/**
 * A JSON string's contents decoded the way an embedding reader does it, with the map it builds: the test's
 * own small decoder, so the map is checked against an independent reading of the same text.
 */
function decodeJsonString(outer: string, start: number, end: number): { inner: string; map: OffsetMap } {
  const builder = new OffsetMapBuilder(start);
  let inner = '';
  let i = start;
  while (i < end) {
    if (outer[i] === '\\') {
      const length = outer[i + 1] === 'u' ? 6 : 2;
      inner += JSON.parse(`"${outer.slice(i, i + length)}"`);
      builder.escape(1, length);
      i += length;
    } else {
      inner += outer[i];
      builder.copy(1);
      i++;
    }
  }
  return { inner, map: builder.build() };
}

test('a decoded JSON string maps every inner span to the outer text it came from', () => {
  const outer = '{"Policy": "{\\"Effect\\": \\"Allow\\", \\"Sid\\": \\"caf\\u00e9\\"}"}';
  const open = outer.indexOf('"{') + 1;
  const close = outer.lastIndexOf('"');
  const { inner, map } = decodeJsonString(outer, open, close);
  assert.equal(inner, '{"Effect": "Allow", "Sid": "café"}');
  // Every inner token maps to its escaped spelling in the outer text.
  for (const [innerToken, outerToken] of [
    ['"Allow"', '\\"Allow\\"'],
    ['"Effect"', '\\"Effect\\"'],
    ['"café"', '\\"caf\\u00e9\\"'],
    ['Allow', 'Allow'],
  ] as const) {
    const span = map.spanToOuter({ offset: inner.indexOf(innerToken), length: innerToken.length });
    assert.equal(outer.slice(span.offset, span.offset + span.length), outerToken, innerToken);
  }
  assert.deepEqual(map.spanToOuter({ offset: 0, length: inner.length }), { offset: open, length: close - open });
});

test('spans starting or ending inside an escape widen to the whole escape sequence', () => {
  const outer = 'x\\u00e9y';
  const map = new OffsetMapBuilder(0).copy(1).escape(1, 6).copy(1).build();
  assert.deepEqual(map.spanToOuter({ offset: 1, length: 1 }), { offset: 1, length: 6 });
  // Two inner units from one escape (a surrogate pair written as two \u escapes is two pieces; one escape of
  // two units is a decoded astral character): a span covering half of it covers the whole sequence.
  const astral = new OffsetMapBuilder(0).escape(2, 12).build();
  assert.deepEqual(astral.spanToOuter({ offset: 1, length: 1 }), { offset: 0, length: 12 });
  assert.equal(outer.length, map.outerEnd);
});

test('outer offsets map back to inner ones except inside an escape sequence', () => {
  const map = new OffsetMapBuilder(10).copy(3).escape(1, 2).copy(2).build();
  assert.equal(map.outerToInner(10), 0);
  assert.equal(map.outerToInner(12), 2);
  assert.equal(map.outerToInner(13), 3, 'the start of an escape');
  assert.equal(map.outerToInner(14), undefined, 'the middle of an escape');
  assert.equal(map.outerToInner(15), 4, 'the end of an escape');
  assert.equal(map.outerToInner(17), 6, 'the end of the run');
  assert.equal(map.outerToInner(9), undefined, 'before the run');
  assert.equal(map.outerToInner(18), undefined, 'after the run');
  assert.deepEqual(map.spanToInner({ offset: 13, length: 4 }), { offset: 3, length: 3 });
  assert.equal(map.spanToInner({ offset: 14, length: 1 }), undefined);
});

test('skipped outer text (an indent, a prompt) has no inner text; added inner text has no outer text', () => {
  // Outer "  ab\n  cd" read with its indent stripped: inner "ab\ncd".
  const map = new OffsetMapBuilder(0).skip(2).copy(3).skip(2).copy(2).build();
  assert.equal(map.innerLength, 5);
  assert.deepEqual(map.spanToOuter({ offset: 0, length: 2 }), { offset: 2, length: 2 });
  assert.deepEqual(map.spanToOuter({ offset: 3, length: 2 }), { offset: 7, length: 2 });
  assert.deepEqual(map.spanToOuter({ offset: 1, length: 3 }), { offset: 3, length: 5 }, 'a span across the skipped indent');
  assert.equal(map.outerToInner(1), 0, 'inside a skipped run: its inner position');
  assert.equal(map.outerToInner(6), 3);
  const joined = new OffsetMapBuilder(5).copy(2).add(1).copy(2).build();
  assert.equal(joined.innerLength, 5);
  assert.deepEqual(joined.spanToOuter({ offset: 3, length: 2 }), { offset: 7, length: 2 });
  assert.deepEqual(joined.spanToOuter({ offset: 2, length: 1 }), { offset: 7, length: 0 }, 'added text is empty outside');
});

test('the identity map and empty maps', () => {
  const identity = OffsetMap.identity(40, 100);
  assert.deepEqual(identity.spanToOuter({ offset: 5, length: 10 }), { offset: 45, length: 10 });
  assert.deepEqual(identity.spanToInner({ offset: 45, length: 10 }), { offset: 5, length: 10 });
  assert.equal(identity.pieces.length, 1, 'copied runs are merged into one piece');
  const empty = new OffsetMapBuilder(7).build();
  assert.deepEqual(empty.spanToOuter({ offset: 0, length: 0 }), { offset: 7, length: 0 });
  assert.equal(empty.outerToInner(7), 0);
});

test('a long map is searched, not walked: 200 000 escapes', () => {
  const builder = new OffsetMapBuilder(0);
  for (let i = 0; i < 200_000; i++) builder.copy(1).escape(1, 2);
  const map = builder.build();
  assert.equal(map.innerLength, 400_000);
  assert.deepEqual(map.spanToOuter({ offset: 399_998, length: 2 }), { offset: 599_997, length: 3 });
  assert.equal(map.outerToInner(599_997), 399_998);
});

test('lookups agree with a character-by-character reference on random maps', () => {
  const random = mulberry32(5);
  for (let round = 0; round < 200; round++) {
    const builder = new OffsetMapBuilder(3);
    // Reference: for each inner unit, the outer run it came from; for each outer offset, its inner offset or undefined.
    const unitOuter: [number, number][] = [];
    const innerAt = new Map<number, number | undefined>();
    let inner = 0;
    let outer = 3;
    innerAt.set(outer, 0);
    for (let step = 0; step < 12; step++) {
      const kind = Math.floor(random() * 3);
      const length = 1 + Math.floor(random() * 3);
      if (kind === 0) {
        builder.copy(length);
        for (let i = 0; i < length; i++) unitOuter.push([outer + i, outer + i + 1]);
        for (let i = 1; i <= length; i++) innerAt.set(outer + i, inner + i);
        inner += length;
        outer += length;
      } else if (kind === 1) {
        builder.escape(1, length + 1);
        unitOuter.push([outer, outer + length + 1]);
        for (let i = 1; i <= length; i++) innerAt.set(outer + i, undefined);
        innerAt.set(outer + length + 1, inner + 1);
        inner += 1;
        outer += length + 1;
      } else {
        builder.skip(length);
        for (let i = 1; i <= length; i++) innerAt.set(outer + i, inner);
        outer += length;
      }
    }
    const map = builder.build();
    assert.equal(map.innerLength, unitOuter.length);
    for (let start = 0; start < unitOuter.length; start++) {
      for (let end = start + 1; end <= unitOuter.length; end++) {
        const expected = { offset: unitOuter[start]![0], length: unitOuter[end - 1]![1] - unitOuter[start]![0] };
        assert.deepEqual(map.spanToOuter({ offset: start, length: end - start }), expected, `round ${round}: ${start}..${end}`);
      }
    }
    for (const [at, expected] of innerAt) assert.equal(map.outerToInner(at), expected, `round ${round}: outer ${at}`);
  }
});
