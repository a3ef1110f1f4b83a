import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEBOUNCE_MS, debounceFor } from '../../src/extension/debounce';

test('a document analysed on the thread waits the whole debounce', () => {
  assert.equal(debounceFor(undefined), DEBOUNCE_MS);
});

test("a document read in the worker starts its diagnostics run so that it ends about when the debounce does, never before the last run's time has passed", () => {
  // The editor bench's 1.4 MB policy: its ~73-120 ms analysis no longer comes on top of the debounce.
  assert.equal(debounceFor(73), DEBOUNCE_MS - 73);
  assert.equal(debounceFor(120), DEBOUNCE_MS - 120);
  for (let ms = 0; ms <= 4 * DEBOUNCE_MS; ms += 0.5) {
    const delay = debounceFor(ms);
    // Results no sooner than the debounce promises after the user's last keystroke.
    assert.ok(delay + ms >= DEBOUNCE_MS, `${ms} ms: results at ${delay + ms} ms`);
    // No later than before (the whole debounce, then the analysis).
    assert.ok(delay <= DEBOUNCE_MS, `${ms} ms: waits ${delay} ms`);
    // A second edit's run starts after the first one's analysis ended: the first is not cancelled by it.
    assert.ok(delay >= Math.min(ms, DEBOUNCE_MS), `${ms} ms: the next run could start ${delay} ms after this one`);
  }
  assert.equal(debounceFor(-5), DEBOUNCE_MS, 'a clock that went backwards is no reason to hurry');
});
