import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/service';
import { deltaOf, withDelta } from '../../src/extension/diagnosticDelta';
import { diagnosticPlansOf, type DiagnosticPlan } from '../../src/extension/diagnosticPlans';
import { DiagnosticLists } from '../../src/extension/offThread/diagnosticLists';
import { applyEdits, type TextEdit } from '../../src/extension/offThread/textChanges';
import { templateOfSize } from '../support/generatedTemplates';

/**
 * The analysis worker sends a version's diagnostics as the change from the list it sent last
 * (src/extension/diagnosticDelta.ts, offThread/diagnosticLists.ts), and the extension host makes the whole list
 * again from the one it holds: differential, the list made from a change must be the fresh list, order included,
 * after every edit of a seeded typing run on a real template, and for lists mutated at random.
 */

const HINT = { fileName: 'stack.yaml', languageId: 'yaml' };

function plansOf(text: string): DiagnosticPlan[] {
  return diagnosticPlansOf(text, analyze(text, HINT).result.findings, 'en');
}

/** A seeded generator (the same sequence every run). */
function random(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
}

/** An edit of a template as a user makes them: a key misspelt or restored, a line inserted or removed, a character typed. */
function someEdit(text: string, next: (n: number) => number): TextEdit {
  const at = next(text.length);
  const lineStart = text.lastIndexOf('\n', at) + 1;
  switch (next(5)) {
    case 0: {
      const key = text.indexOf('Condition', at);
      return key < 0 ? { offset: at, length: 0, text: 'x' } : { offset: key + 8, length: 1, text: next(2) === 0 ? '_' : 'n' };
    }
    case 1:
      // A line copied above itself: every diagnostic below moves by a line.
      return { offset: lineStart, length: 0, text: text.slice(lineStart, text.indexOf('\n', lineStart) + 1) };
    case 2: {
      // A line removed.
      const end = text.indexOf('\n', lineStart);
      return { offset: lineStart, length: end < 0 ? 0 : end + 1 - lineStart, text: '' };
    }
    case 3:
      return { offset: at, length: 0, text: ['x', ' ', '\n', '"', ':'][next(5)]! };
    default:
      return { offset: at, length: Math.min(1 + next(6), text.length - at), text: '' };
  }
}

test('a seeded typing run on a 60 KB template: each list made from the change is the fresh list, order included, the unchanged objects kept', () => {
  let text = templateOfSize(60_000);
  let before = plansOf(text);
  assert.ok(before.length > 50, 'the template has findings');
  const next = random(20261213);
  let shifted = 0;
  let kept = 0;
  for (let round = 0; round < 120; round++) {
    text = applyEdits(text, [someEdit(text, next)]);
    const after = plansOf(text);
    const delta = deltaOf(before, after, round);
    const made = withDelta(before, delta);
    assert.deepEqual(made, after, `round ${round}`);
    assert.equal(delta.middle.length, after.length - delta.prefix - delta.suffix, `round ${round}: the middle is what the ends leave`);
    // The start's objects are the list held: the host keeps their Diagnostic objects.
    for (let i = 0; i < delta.prefix; i++) assert.ok(made![i] === before[i], `round ${round}: diagnostic ${i} kept`);
    if (delta.lineShift !== 0 && delta.suffix > 0) shifted++;
    kept += delta.prefix + delta.suffix;
    before = made!;
  }
  // The run must exercise moved lines and mostly keep diagnostics, or it tests little.
  assert.ok(shifted >= 10, `edits that moved the diagnostics below them: ${shifted}`);
  assert.ok(kept > 0.9 * 120 * before.length, `diagnostics carried over: ${kept}`);
});

/** A random change of a list: diagnostics removed, added, reworded, or moved by lines, at one place or everywhere. */
function mutated(list: readonly DiagnosticPlan[], next: (n: number) => number): DiagnosticPlan[] {
  const result = [...list];
  const at = next(result.length + 1);
  const plan = (line: number): DiagnosticPlan => ({ id: ['a', 'b'][next(2)]!, severity: 'error', message: `m${next(3)}`, range: [line, next(3), line + next(2), next(5)] });
  switch (next(6)) {
    case 0:
      result.splice(at, next(4));
      break;
    case 1:
      result.splice(at, 0, ...Array.from({ length: 1 + next(3) }, () => plan(next(50))));
      break;
    case 2:
      if (at < result.length) result[at] = { ...result[at]!, message: `${result[at]!.message}!` };
      break;
    case 3: {
      // Lines moved from here on, by one amount.
      const by = next(7) - 3;
      for (let i = at; i < result.length; i++) {
        const r = result[i]!.range;
        result[i] = { ...result[i]!, range: [r[0] + by, r[1], r[2] + by, r[3]] };
      }
      break;
    }
    case 4:
      // Every diagnostic moved, one of them on a character too.
      for (let i = 0; i < result.length; i++) {
        const r = result[i]!.range;
        result[i] = { ...result[i]!, range: [r[0] + 1, r[1] + (i === at ? 1 : 0), r[2] + 1, r[3]] };
      }
      break;
    default:
      result.reverse();
  }
  return result;
}

test('random lists and changes (removed, added, reworded, moved, reversed): the list made from the change is the new list', () => {
  const next = random(7);
  for (let seed = 0; seed < 400; seed++) {
    let before: DiagnosticPlan[] = Array.from({ length: next(12) }, (_, i) => ({ id: 'a', severity: 'warning', message: 'm', range: [i * next(3), 0, i * next(3), 1] }));
    for (let step = 0; step < 8; step++) {
      const after = mutated(before, next);
      assert.deepEqual(withDelta(before, deltaOf(before, after, step)), after, `seed ${seed} step ${step}`);
      before = after;
    }
  }
});

test('a change keeps no more than the list holds: one of another list is refused', () => {
  const list: DiagnosticPlan[] = [{ id: 'a', severity: 'error', message: 'm', range: [1, 0, 1, 2] }];
  assert.equal(withDelta([], { base: 1, prefix: 1, suffix: 0, lineShift: 0, middle: [] }), undefined);
  assert.equal(withDelta(list, { base: 1, prefix: 1, suffix: 1, lineShift: 0, middle: [] }), undefined);
  assert.deepEqual(withDelta(list, { base: 1, prefix: 0, suffix: 1, lineShift: 2, middle: [] }), [{ id: 'a', severity: 'error', message: 'm', range: [3, 0, 3, 2] }]);
});

test('the worker\'s and the host\'s lists: a change only against the reply the host holds; a change of another list is refused', () => {
  const worker = new DiagnosticLists();
  const host = new DiagnosticLists();
  const a: DiagnosticPlan[] = [{ id: 'a', severity: 'error', message: 'm', range: [1, 0, 1, 2] }];
  const b: DiagnosticPlan[] = [...a, { id: 'b', severity: 'warning', message: 'n', range: [5, 0, 5, 1] }];
  const first = worker.reading('u', 1, host.baseOf('u'), a);
  assert.equal(first.delta, undefined, 'nothing held: whole');
  assert.deepEqual(host.received('u', 1, first), { diagnostics: a });
  const second = worker.reading('u', 2, host.baseOf('u'), b);
  assert.deepEqual(second.diagnostics, [], 'held: a change');
  assert.equal(second.delta?.base, 1);
  assert.deepEqual(host.received('u', 2, second)?.diagnostics, b);
  // The host missed reply 3 (a late answer it dropped): it names reply 2, and the worker sends the list whole.
  worker.reading('u', 3, host.baseOf('u'), a);
  const fourth = worker.reading('u', 4, host.baseOf('u'), b);
  assert.equal(fourth.delta, undefined);
  assert.deepEqual(host.received('u', 4, fourth)?.diagnostics, b);
  // A change of a list the host does not hold gives no list, and the host holds none after it.
  assert.equal(host.received('u', 5, { diagnostics: [], delta: { base: 3, prefix: 0, suffix: 0, lineShift: 0, middle: [] } }), undefined);
  assert.equal(host.baseOf('u'), undefined);
  host.received('v', 6, { diagnostics: a });
  host.forget('v');
  assert.equal(host.baseOf('v'), undefined);
});
