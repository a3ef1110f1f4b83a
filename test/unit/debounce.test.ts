import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEBOUNCE_MS, STALE_RUN_WAIT_MS, debounceFor } from '../../src/extension/debounce';
import { expectedReadingMs, onNewerVersion } from '../../src/extension/offThread/staleRuns';

test('a document analysed on the thread waits the whole debounce', () => {
  assert.equal(debounceFor(undefined), DEBOUNCE_MS);
});

test('a document read in the worker starts its diagnostics run so that its findings are back when the debounce ends', () => {
  // The editor bench's 1 MB template: a ~200 ms edited reading starts 50 ms after the edit (was 200 ms, set at ~2 × 200).
  assert.equal(debounceFor(200), DEBOUNCE_MS - 200);
  assert.equal(debounceFor(73), DEBOUNCE_MS - 73);
  assert.equal(debounceFor(DEBOUNCE_MS), 0);
  assert.equal(debounceFor(0), DEBOUNCE_MS);
  assert.equal(debounceFor(-5), DEBOUNCE_MS, 'a clock that went backwards is no reason to hurry');
  for (let ms = 0; ms <= DEBOUNCE_MS; ms += 0.5) assert.equal(debounceFor(ms) + ms, DEBOUNCE_MS, `${ms} ms: ends when the debounce does`);
});

test('a reading longer than the debounce starts late enough that a keystroke after its start finds it ending soon, and never later than the debounce', () => {
  assert.equal(debounceFor(DEBOUNCE_MS + 1), 1);
  assert.equal(debounceFor(DEBOUNCE_MS + 150), DEBOUNCE_MS + 150 - STALE_RUN_WAIT_MS);
  assert.equal(debounceFor(5_000), DEBOUNCE_MS, 'a multi-MB reading waits the whole debounce, as before');
  for (let ms = 0; ms <= 4 * DEBOUNCE_MS; ms += 0.5) {
    const delay = debounceFor(ms);
    // Results no sooner than the debounce promises after the user's last keystroke, and no later than before (the whole debounce, then the analysis).
    assert.ok(delay + ms >= DEBOUNCE_MS, `${ms} ms: results at ${delay + ms} ms`);
    assert.ok(delay >= 0 && delay <= DEBOUNCE_MS, `${ms} ms: waits ${delay} ms`);
    // A keystroke `gap` ms after the one whose run started (gap > delay, else that run never started) starts its
    // own run `delay` later: the older then has ms − gap to go, and is waited for, not ended with its worker,
    // as long as it is no longer than 2 × STALE_RUN_WAIT_MS (past that only the whole debounce's start is kept).
    for (let gap = delay + 0.5; gap < ms + delay; gap += 7) {
      const decision = onNewerVersion(gap, ms);
      if (ms <= DEBOUNCE_MS + STALE_RUN_WAIT_MS) assert.equal(decision.kind, 'wait', `${ms} ms, a keystroke ${gap} ms after: ${decision.kind}`);
    }
  }
});

test('a newer version waits for a running reading of an older one expected to end within STALE_RUN_WAIT_MS, until it has run twice its expected time and STALE_RUN_WAIT_MS more', () => {
  assert.deepEqual(onNewerVersion(0, 200), { kind: 'wait', forMs: 400 + STALE_RUN_WAIT_MS });
  assert.deepEqual(onNewerVersion(150, 200), { kind: 'wait', forMs: 250 + STALE_RUN_WAIT_MS });
  assert.deepEqual(onNewerVersion(0, STALE_RUN_WAIT_MS), { kind: 'wait', forMs: 3 * STALE_RUN_WAIT_MS });
  // It overran its estimate (a loaded machine, a full reading where the last one was edited): still waited for.
  assert.deepEqual(onNewerVersion(300, 200), { kind: 'wait', forMs: 100 + STALE_RUN_WAIT_MS });
  assert.deepEqual(onNewerVersion(-3, 200), { kind: 'wait', forMs: 400 + STALE_RUN_WAIT_MS }, 'a clock that went backwards');
});

test('a running reading expected to end later, past its allowance, or never timed is ended as before', () => {
  // A first reading (nothing timed yet): a multi-MB document's first full read, or one that hangs.
  assert.deepEqual(onNewerVersion(10, undefined), { kind: 'end' });
  // Expected to run longer than STALE_RUN_WAIT_MS from now: a multi-MB reading ended and read again is cheaper than waiting.
  assert.deepEqual(onNewerVersion(0, STALE_RUN_WAIT_MS + 1), { kind: 'end' });
  assert.deepEqual(onNewerVersion(100, 2_000), { kind: 'end' });
  // Already run twice its expected time and STALE_RUN_WAIT_MS more: a hang, most likely.
  assert.deepEqual(onNewerVersion(400 + STALE_RUN_WAIT_MS, 200), { kind: 'end' });
  assert.deepEqual(onNewerVersion(10_000, 200), { kind: 'end' });
  assert.deepEqual(onNewerVersion(Number.NaN, 200), { kind: 'end' });
  for (let expected = 0; expected <= 1_000; expected += 5) {
    for (let elapsed = 0; elapsed <= 1_000; elapsed += 5) {
      const decision = onNewerVersion(elapsed, expected);
      const endsSoon = expected - elapsed <= STALE_RUN_WAIT_MS && elapsed < 2 * expected + STALE_RUN_WAIT_MS;
      assert.equal(decision.kind, endsSoon ? 'wait' : 'end', `${elapsed} of ${expected} ms`);
      // The wait ends when it has run twice its expected time and STALE_RUN_WAIT_MS more, never later.
      if (decision.kind === 'wait') assert.equal(elapsed + decision.forMs, 2 * expected + STALE_RUN_WAIT_MS);
    }
  }
});

test("a running reading is expected to take as long as the document's last of its kind: sent as edits, an edited one's", () => {
  const times = { whole: 450, edits: 200 };
  assert.equal(expectedReadingMs(times, true), 200);
  assert.equal(expectedReadingMs(times, false), 450);
  // After a worker restart only a full reading was timed since the document opened, or nothing at all.
  assert.equal(expectedReadingMs({ whole: 450 }, true), 450);
  assert.equal(expectedReadingMs({ edits: 200 }, false), undefined, 'a whole reading is never expected to take an edited one\'s time');
  assert.equal(expectedReadingMs(undefined, true), undefined);
  // The 1 MB template after a restart: its edited reading, 50 ms in, is waited for; with the full reading's time it would be ended.
  assert.equal(onNewerVersion(50, expectedReadingMs(times, true)).kind, 'wait');
  assert.equal(onNewerVersion(50, expectedReadingMs(times, false)).kind, 'end');
});
