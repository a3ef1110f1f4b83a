import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bandStarts, changedBands, inBands, overfull, SHARD_TARGET } from '../../src/extension/diagnosticShards';

/**
 * The bands a large document's diagnostics are set in (src/extension/diagnosticShards.ts): an edit that changes
 * one finding sets one band, an edit that moves lines sets the bands below it, and no band carries much more
 * than SHARD_TARGET diagnostics. Plain objects stand for vscode.Diagnostic; the extension-host suite
 * (analysis.test.ts there) sets the real ones.
 */

interface Item {
  readonly line: number;
  readonly severity: number;
}

const lineOf = (item: Item) => item.line;
/** `count` diagnostics on lines 0, 3, 6, …: about what a template's resources give. */
const items = (count: number, severity = 1): Item[] => Array.from({ length: count }, (_, i) => ({ line: 3 * i, severity }));

test('a list of up to SHARD_TARGET diagnostics is one band: set as with one collection', () => {
  for (const count of [0, 1, SHARD_TARGET]) {
    const list = items(count);
    const starts = bandStarts(list.map(lineOf));
    assert.deepEqual(starts, []);
    assert.deepEqual(inBands(list, lineOf, starts), [list]);
  }
});

test('bands split a long list every SHARD_TARGET diagnostics, in order, and keep the diagnostics of one line together', () => {
  const list = items(1024);
  const starts = bandStarts(list.map(lineOf));
  const bands = inBands(list, lineOf, starts);
  // Full bands of SHARD_TARGET, the rest in the last.
  assert.deepEqual(
    bands.map((band) => band.length),
    Array.from({ length: Math.ceil(1024 / SHARD_TARGET) }, (_, i) => Math.min(SHARD_TARGET, 1024 - i * SHARD_TARGET)),
  );
  assert.deepEqual(bands.flat(), list);
  assert.equal(overfull(bands), false);
  // 600 diagnostics on one line and a few around it: that line's are never split.
  const crowded = [...items(10), ...Array.from({ length: 600 }, () => ({ line: 40, severity: 1 })), { line: 50, severity: 1 }];
  assert.deepEqual(bandStarts(crowded.map(lineOf)), [40], 'one band starts at the crowded line, no empty band after it');
  const crowdedBands = inBands(crowded, lineOf, bandStarts(crowded.map(lineOf)));
  assert.deepEqual(crowdedBands.flat(), crowded);
  assert.ok(crowdedBands.some((band) => band.filter((item) => item.line === 40).length === 600));
});

test('one finding changed: only its band differs; lines moved: the bands below the edit differ', () => {
  const list = items(1024);
  const starts = bandStarts(list.map(lineOf));
  const before = inBands(list, lineOf, starts);
  const bandOf = (index: number) => Math.floor(index / SHARD_TARGET);
  const from = (first: number) => Array.from({ length: before.length - first }, (_, i) => first + i);
  // The 600th diagnostic replaced by another object on its line (a finding flipped there).
  const flipped = list.map((item, i) => (i === 600 ? { ...item } : item));
  assert.deepEqual(changedBands(before, inBands(flipped, lineOf, starts)), [bandOf(600)]);
  // One removed: its band only (the others hold the very same objects).
  assert.deepEqual(changedBands(before, inBands(list.filter((_, i) => i !== 10), lineOf, starts)), [0]);
  // A line inserted above the 700th diagnostic: every diagnostic below it is a new object on the next line.
  const moved = list.map((item, i) => (i >= 700 ? { ...item, line: item.line + 1 } : item));
  assert.deepEqual(changedBands(before, inBands(moved, lineOf, starts)), from(bandOf(700)));
  // Nothing changed: no band.
  assert.deepEqual(changedBands(before, inBands(list, lineOf, starts)), []);
  // Fewer bands than before: the ones gone count as changed (they are emptied).
  assert.deepEqual(changedBands(before, inBands(list.slice(0, 10), lineOf, starts)), from(0));
  assert.deepEqual(changedBands([...before, []], before), [before.length]);
});

test('a band that grew past twice the target is overfull (the bands are laid out again)', () => {
  const list = items(1024);
  const starts = bandStarts(list.map(lineOf));
  // More than SHARD_TARGET more diagnostics inside the first band's lines (on one line between two of its diagnostics).
  const first = list.slice(0, SHARD_TARGET / 2);
  const added = Array.from({ length: SHARD_TARGET + 20 }, () => ({ line: first.at(-1)!.line + 1, severity: 1 }));
  const grown = [...first, ...added, ...list.slice(SHARD_TARGET / 2)];
  assert.equal(overfull(inBands(grown, lineOf, starts)), true);
  assert.equal(overfull(inBands(grown, lineOf, bandStarts(grown.map(lineOf)))), false);
});
