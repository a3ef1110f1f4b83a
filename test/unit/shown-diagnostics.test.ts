import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DiagnosticPlan } from '../../src/extension/diagnosticPlans';
import { BUILT_PER_RUN, rebuild, type Rebuilt, type Shown, type ShownSet } from '../../src/extension/shownDiagnostics';

/**
 * The host's Diagnostic objects for a version (src/extension/shownDiagnostics.ts): the last list's objects kept
 * where the diagnostics show the same, the others built a share per synchronous run. Plain objects stand for
 * vscode.Diagnostic here; the extension-host suite (offThread.test.ts) checks the real ones.
 */

function shownAt(line: number, id = 's3-missing-source-arn', severity = 1): Shown {
  const plan: DiagnosticPlan = { id, severity: 'warning', message: `${id} at ${line}`, range: [line, 2, line + 3, 3] };
  return { plan, severity };
}

const lines = (from: number, count: number) => Array.from({ length: count }, (_, i) => shownAt(from + i));

/** Builds through `rebuild`, counting the objects built and the pauses, and the most objects built between two pauses. */
async function rebuilt(before: ShownSet<{ readonly of: Shown }> | undefined, next: readonly Shown[], current: () => boolean = () => true) {
  let built = 0;
  let sincePause = 0;
  let mostBetweenPauses = 0;
  let pauses = 0;
  const outcome: Rebuilt<{ readonly of: Shown }> = await rebuild(
    before,
    next,
    (shown) => {
      built++;
      mostBetweenPauses = Math.max(mostBetweenPauses, ++sincePause);
      return { of: shown };
    },
    current,
    async () => {
      pauses++;
      sincePause = 0;
    },
  );
  return { outcome, built, pauses, mostBetweenPauses, set: outcome.kind === 'built' ? { shown: next, objects: outcome.objects } : undefined };
}

test('a first list is built whole; the same list again is "same"; an empty list is set (the collection then holds the document)', async () => {
  const first = await rebuilt(undefined, lines(0, 10));
  assert.equal(first.outcome.kind, 'built');
  assert.equal(first.built, 10);
  assert.equal(first.pauses, 0, 'a short list in one run');
  assert.deepEqual((await rebuilt(first.set, lines(0, 10))).outcome, { kind: 'same' });
  const empty = await rebuilt(undefined, []);
  assert.deepEqual(empty.outcome, { kind: 'built', objects: [], built: 0 });
  assert.deepEqual((await rebuilt(empty.set, [])).outcome, { kind: 'same' });
});

test('the objects of diagnostics that show the same before and after the change are kept; only the changed ones are built', async () => {
  const first = (await rebuilt(undefined, lines(0, 50))).set!;
  const cases: [string, Shown[], number][] = [
    ['one changed in the middle', [...lines(0, 20), shownAt(20, 'other-id'), ...lines(21, 29)], 1],
    ['one added at the start', [shownAt(-1), ...lines(0, 50)], 1],
    ['one removed at the end', lines(0, 49), 0],
    ['one with another severity', [...lines(0, 49), { ...shownAt(49), severity: 0 }], 1],
    ['every one moved a line down', lines(1, 50), 50],
  ];
  for (const [label, next, expectedBuilt] of cases) {
    const { outcome, built } = await rebuilt(first, next);
    assert.equal(outcome.kind, 'built', label);
    if (outcome.kind !== 'built') continue;
    assert.equal(built, expectedBuilt, label);
    assert.equal(outcome.built, expectedBuilt, label);
    assert.deepEqual(outcome.objects.map((object) => object.of), next, `${label}: one object per diagnostic, in order`);
    const kept = outcome.objects.filter((object) => first.objects.includes(object)).length;
    assert.equal(kept, next.length - expectedBuilt, `${label}: the others are the objects set before`);
  }
});

test(`more than ${BUILT_PER_RUN} objects to build are built ${BUILT_PER_RUN} per run, with a pause after each share and before the list is set; a version gone stale stops`, async () => {
  const many = lines(0, 2 * BUILT_PER_RUN + 500);
  const whole = await rebuilt(undefined, many);
  assert.equal(whole.built, many.length);
  assert.equal(whole.mostBetweenPauses, BUILT_PER_RUN);
  assert.equal(whole.pauses, 3, 'after 1,000, 2,000 and the last 500');
  assert.equal(whole.outcome.kind === 'built' && whole.outcome.objects.length, many.length);
  // Exactly one share: a pause before the set, no second share.
  const one = await rebuilt(undefined, lines(0, BUILT_PER_RUN));
  assert.equal(one.pauses, 0, 'one share: built and set in one run');
  let asked = 0;
  const stale = await rebuilt(undefined, many, () => ++asked < 2);
  assert.deepEqual(stale.outcome, { kind: 'stale' });
  assert.equal(stale.built, 2 * BUILT_PER_RUN, 'stopped at the second pause');
});
