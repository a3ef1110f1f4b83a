import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/service';
import { AnalysisWorker } from '../../src/extension/offThread/analysisWorker';
import { applyEdits, ChangeLogs, type TextEdit } from '../../src/extension/offThread/textChanges';
import { diagnosticPlansOf } from '../../src/extension/diagnosticPlans';
import { listFixtures } from '../support/fixtures';
import { REPO_ROOT } from '../support/paths';
import { templateOfSize } from '../support/generatedTemplates';
import { EditedDocument } from '../support/editedDocument';

/**
 * The analysis worker is sent the edits since the version it holds instead of the whole text
 * (src/extension/offThread/textChanges.ts): the real bundle in a real worker thread, as in
 * analysis-worker.test.ts. The extension-host suite (offThread.test.ts) checks VS Code's own change events.
 */
const BUNDLE = join(REPO_ROOT, 'dist', 'extension.js');
const errors: string[] = [];
const worker = new AnalysisWorker(() => Promise.resolve(readFileSync(BUNDLE, 'utf8')), (message) => errors.push(message));
after(() => worker.dispose());

const policy = listFixtures('rules', ['.json']).find((fixture) => fixture.expected.length > 0)!;
const POLICY_HINT = { fileName: policy.path };

/** A seeded generator (the same edits every run). */
function random(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
}

/** One change event: an insert, a delete or a replacement, or several at once (multi-cursor: bottom to top, each against the text the previous left). */
function someEdits(text: string, next: (n: number) => number): TextEdit[] {
  const count = 1 + (next(4) === 0 ? next(3) : 0);
  const offsets = Array.from({ length: count }, () => next(text.length + 1)).sort((a, b) => b - a);
  return offsets.map((offset) => {
    const length = Math.min(next(3) === 0 ? 0 : next(12), text.length - offset);
    return { offset, length, text: ['', '"', 'x', ' ', '\n', 'Condition', ',', 'é'][next(8)]!.repeat(next(3)) };
  });
}

async function heldText(uri: string, version: number, length: number): Promise<string | undefined> {
  const outcome = await worker.ask(uri, { version, languageId: 'json', query: { kind: 'heldText' } }, length);
  return outcome.kind === 'answered' && outcome.answer.kind === 'heldText' ? outcome.answer.text : undefined;
}

test('edits apply in order, each to the text the previous ones left; a log that misses a version or grows too long gives none', () => {
  assert.equal(applyEdits('abcdef', [{ offset: 4, length: 1, text: 'X' }, { offset: 1, length: 2, text: '' }]), 'adXf');
  const logs = new ChangeLogs();
  logs.note('a', 2, [{ offset: 0, length: 0, text: 'x' }]);
  assert.equal(logs.between('a', 1, 2), undefined, 'nothing is logged before a version went to the worker');
  logs.sent('a', 1);
  logs.note('a', 2, [{ offset: 0, length: 0, text: 'x' }]);
  logs.note('a', 3, [{ offset: 1, length: 0, text: 'y' }]);
  assert.deepEqual(logs.between('a', 1, 3), [{ offset: 0, length: 0, text: 'x' }, { offset: 1, length: 0, text: 'y' }]);
  assert.equal(logs.between('a', 2, 3), undefined, 'from another version');
  assert.equal(logs.between('a', 1, 2), undefined, 'to another version');
  logs.note('a', 5, []);
  assert.equal(logs.between('a', 1, 5), undefined, 'version 4 was missed');
  logs.sent('b', 1);
  logs.note('b', 2, [{ offset: 0, length: 0, text: 'x'.repeat(64 * 1024 + 1) }]);
  assert.equal(logs.between('b', 1, 2), undefined, 'too long: the text goes whole');
});

test('a series of edits reaches the worker as edits: its text is the document\'s and its findings the thread\'s, the whole text never read', async () => {
  const doc = new EditedDocument('edited', policy.text, new ChangeLogs(), 'json', POLICY_HINT);
  const first = await worker.analyze(doc.uri, doc.input());
  assert.equal(first.kind, 'read');
  assert.equal(doc.wholeTextReads, 1, 'the first version goes whole');
  const next = random(20261207);
  const before = worker.stats();
  for (let round = 0; round < 40; round++) {
    // One to three change events between two readings, as typing between two debounced diagnostics runs.
    for (let events = 1 + next(3); events > 0; events--) doc.edit(someEdits(doc.text, next));
    const outcome = await worker.analyze(doc.uri, doc.input());
    assert.equal(outcome.kind, 'read', `round ${round}`);
    const onThread = diagnosticPlansOf(doc.text, analyze(doc.text, { fileName: policy.path }).result.findings, 'en');
    assert.deepEqual(outcome.kind === 'read' && outcome.reading.diagnostics, onThread, `round ${round}: the thread's diagnostics`);
    assert.ok((await heldText(doc.uri, doc.version, doc.text.length)) === doc.text, `round ${round}: the worker's text is the document's`);
  }
  assert.equal(doc.wholeTextReads, 1, 'never read whole again');
  assert.equal(worker.stats().sentAsEdits, before.sentAsEdits + 40);
  assert.equal(worker.stats().textResent, before.textResent);
  worker.forget(doc.uri);
  assert.deepEqual(errors, []);
});

test('a YAML template typed in: each version read in the worker from the one before (the edited entry read again) has the thread\'s diagnostics', async () => {
  const hint = { fileName: 'stack.yaml', languageId: 'yaml' };
  const doc = new EditedDocument('template', templateOfSize(30_000), new ChangeLogs(), 'yaml', hint);
  assert.equal((await worker.analyze(doc.uri, doc.input())).kind, 'read');
  const next = random(20261213);
  for (let round = 0; round < 30; round++) {
    // Typing in a statement's key (the editor bench's edit, a character at a time), or an edit anywhere.
    const at = doc.text.indexOf('Condition', next(doc.text.length));
    if (round % 3 !== 2 && at >= 0) doc.edit([{ offset: at + 4, length: 1, text: ['', 'x', 'i', 'ti'][next(4)]! }]);
    else doc.edit(someEdits(doc.text, next));
    const outcome = await worker.analyze(doc.uri, doc.input());
    assert.equal(outcome.kind, 'read', `round ${round}`);
    const onThread = diagnosticPlansOf(doc.text, analyze(doc.text, hint).result.findings, 'en');
    assert.ok(onThread.length > 0, 'the template has findings');
    assert.deepEqual(outcome.kind === 'read' && outcome.reading.diagnostics, onThread, `round ${round}: the thread's diagnostics`);
  }
  assert.equal(doc.wholeTextReads, 1, 'sent as edits');
  worker.forget(doc.uri);
  assert.deepEqual(errors, []);
});

test('a template typed in, lines inserted and removed: its diagnostics come back as the change from the list the host holds, each list the thread\'s; after a restart whole, then as changes again', async () => {
  const hint = { fileName: 'stack.yaml', languageId: 'yaml' };
  const doc = new EditedDocument('changes', templateOfSize(40_000), new ChangeLogs(), 'yaml', hint);
  const thread = () => diagnosticPlansOf(doc.text, analyze(doc.text, hint).result.findings, 'en');
  const first = await worker.analyze(doc.uri, doc.input());
  assert.deepEqual(first.kind === 'read' && first.reading.diagnostics, thread());
  const next = random(20261214);
  const before = worker.stats();
  const rounds = 25;
  for (let round = 0; round < rounds; round++) {
    const lineStart = doc.text.lastIndexOf('\n', next(doc.text.length)) + 1;
    const lineEnd = doc.text.indexOf('\n', lineStart) + 1;
    const key = doc.text.indexOf('Condition', lineStart);
    // A line copied above itself or removed (every diagnostic below moves), or a key misspelt (findings there change).
    if (round % 3 === 0) doc.edit([{ offset: lineStart, length: 0, text: doc.text.slice(lineStart, lineEnd) }]);
    else if (round % 3 === 1) doc.edit([{ offset: lineStart, length: lineEnd - lineStart, text: '' }]);
    else doc.edit([{ offset: key + 8, length: 1, text: '_' }]);
    const outcome = await worker.analyze(doc.uri, doc.input());
    assert.deepEqual(outcome.kind === 'read' && outcome.reading.diagnostics, thread(), `round ${round}: the thread's diagnostics`);
  }
  assert.equal(worker.stats().diagnosticsAsChanges, before.diagnosticsAsChanges + rounds, 'every reading after the first came as a change');
  // A worker started again holds no list: its first reading comes whole, the next as a change again.
  worker.troubleNextJob('crash');
  doc.edit([{ offset: doc.text.indexOf('Condition') + 8, length: 1, text: 'x' }]);
  const restarted = await worker.analyze(doc.uri, doc.input());
  assert.deepEqual(restarted.kind === 'read' && restarted.reading.diagnostics, thread(), 'after the restart');
  assert.equal(worker.stats().restarts, before.restarts + 1);
  assert.equal(worker.stats().diagnosticsAsChanges, before.diagnosticsAsChanges + rounds, 'whole from the new worker');
  doc.edit([{ offset: 0, length: 0, text: '\n' }]);
  const again = await worker.analyze(doc.uri, doc.input());
  assert.deepEqual(again.kind === 'read' && again.reading.diagnostics, thread(), 'the version after the restart');
  assert.equal(worker.stats().diagnosticsAsChanges, before.diagnosticsAsChanges + rounds + 1);
  worker.forget(doc.uri);
  assert.equal(errors.length, 1, 'the crash is logged');
  errors.length = 0;
});

test('edits for a version the worker no longer holds, or that give another length, bring the whole text', async () => {
  const logs = new ChangeLogs();
  const doc = new EditedDocument('mismatch', policy.text, logs, 'json', POLICY_HINT);
  assert.equal((await worker.analyze(doc.uri, doc.input())).kind, 'read');
  const before = worker.stats();
  // The worker lost its text (a test's trouble): the edits fit no version there.
  doc.edit([{ offset: 1, length: 0, text: ' ' }]);
  worker.troubleNextJob('loseText');
  const lost = await worker.analyze(doc.uri, doc.input());
  assert.equal(lost.kind, 'read');
  assert.equal(worker.stats().textResent, before.textResent + 1, 'sent again, whole');
  assert.equal(doc.wholeTextReads, 2);
  assert.ok((await heldText(doc.uri, doc.version, doc.text.length)) === doc.text);
  // The log holds an edit the document never made: the length differs, and the worker asks for the text.
  doc.edit([{ offset: 1, length: 1, text: '' }]);
  logs.sent(doc.uri, doc.version - 1);
  logs.note(doc.uri, doc.version, [{ offset: 1, length: 0, text: 'zz' }]);
  const wrong = await worker.analyze(doc.uri, doc.input());
  assert.equal(wrong.kind, 'read');
  assert.deepEqual(wrong.kind === 'read' && wrong.reading.diagnostics, diagnosticPlansOf(doc.text, analyze(doc.text, { fileName: policy.path }).result.findings, 'en'));
  assert.equal(worker.stats().textResent, before.textResent + 2);
  assert.ok((await heldText(doc.uri, doc.version, doc.text.length)) === doc.text);
  worker.forget(doc.uri);
  assert.deepEqual(errors, []);
});

test('a version the document has left before its turn in the worker is dropped, not read from a newer text', async () => {
  const doc = new EditedDocument('left', policy.text, new ChangeLogs(), 'json', POLICY_HINT);
  const stale = doc.input();
  doc.edit([{ offset: 1, length: 0, text: ' ' }]);
  assert.deepEqual(await worker.analyze(doc.uri, stale), { kind: 'cancelled' });
  worker.forget(doc.uri);
});
