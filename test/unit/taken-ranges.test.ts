import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TakenRanges, touches } from '../../src/policy/fixes/takenRanges';
import type { OffsetEdit } from '../../src/policy/fixes/types';
import { mulberry32 } from '../support/random';

/**
 * Fix-all's batch takes a fix only when none of its edits touches an edit already taken (takenRanges.ts, a
 * binary search): it must decide exactly as looking at every taken edit does, on seeded runs of fixes with one
 * or two edits each (inserts, replacements, edits side by side, at the same offset and one inside another).
 */
test('taken ranges decide as a look at every taken edit does', () => {
  let taken = 0;
  let refused = 0;
  for (let run = 0; run < 300; run++) {
    const random = mulberry32(20261207 + run);
    const edit = (): OffsetEdit => ({ offset: Math.floor(random() * 120), length: Math.floor(random() * 4) * (random() < 0.5 ? 0 : 1), content: 'x' });
    const ranges = new TakenRanges();
    const all: OffsetEdit[] = [];
    for (let fix = 0; fix < 40; fix++) {
      const first = edit();
      // A second edit after the first, beside it, or inside it (a fix's own edits may touch each other).
      const second = random() < 0.5 ? first.offset + first.length + Math.floor(random() * 3) : first.offset + Math.floor(random() * (first.length + 1));
      const edits = random() < 0.3 ? [first, { offset: second, length: 0, content: 'y' }] : [first];
      const expected = edits.some((e) => all.some((other) => touches(other, e)));
      assert.equal(edits.some((e) => ranges.touches(e)), expected, `run ${run}, fix ${fix}: ${JSON.stringify(edits)} against ${JSON.stringify(all)}`);
      if (expected) {
        refused++;
        continue;
      }
      taken++;
      for (const e of edits) {
        ranges.add(e);
        all.push(e);
      }
    }
  }
  assert.ok(taken > 1000 && refused > 1000, `${taken} taken, ${refused} refused`);
});
