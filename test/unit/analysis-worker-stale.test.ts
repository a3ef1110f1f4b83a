import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/service';
import { AnalysisWorker, type OffThreadOutcome } from '../../src/extension/offThread/analysisWorker';
import { ChangeLogs } from '../../src/extension/offThread/textChanges';
import { diagnosticPlansOf } from '../../src/extension/diagnosticPlans';
import { STALE_RUN_WAIT_MS } from '../../src/extension/debounce';
import { templateOfSize } from '../support/generatedTemplates';
import { REPO_ROOT } from '../support/paths';
import { EditedDocument } from '../support/editedDocument';

/**
 * A newer version that arrives while the worker reads an older one (src/extension/offThread/staleRuns.ts):
 * the real bundle in a real worker thread, as in analysis-worker.test.ts. A reading expected to end soon is
 * let end, shown to no one, and the newer version read from it as edits by the same worker; a reading
 * expected to end late, never timed, or that overruns its allowance is ended with its worker, as before.
 */
const BUNDLE = join(REPO_ROOT, 'dist', 'extension.js');
const errors: string[] = [];
const bundle = () => Promise.resolve(readFileSync(BUNDLE, 'utf8'));
/** Ends stale readings as the editor's worker does. */
const worker = new AnalysisWorker(bundle, (message) => errors.push(message));
/**
 * Waits for stale readings expected to end within 2 s instead of STALE_RUN_WAIT_MS: the 20 KB template's
 * readings take a few ms, but on a loaded machine one took more than 250 ms. The decision itself, with the
 * editor's limit, is debounce.test.ts's.
 */
const PATIENT_MS = 2_000;
const patient = new AnalysisWorker(bundle, (message) => errors.push(message), undefined, PATIENT_MS);
after(() => {
  worker.dispose();
  patient.dispose();
});

const HINT = { fileName: 'stack.yaml', languageId: 'yaml' };

/** A YAML template as the editor holds it (its text, version and the log of its edits), typed into. */
class Template extends EditedDocument {
  constructor(uri: string, text: string) {
    super(uri, text, new ChangeLogs(), 'yaml', HINT);
  }

  /** Misspells the n-th `Condition` key still spelt right (the editor bench's edit, one character): a finding more. */
  type(n: number): void {
    let at = -1;
    for (let i = 0; i <= n; i++) at = this.text.indexOf('Condition:', at + 1);
    assert.ok(at >= 0, `the template has ${n + 1} Condition keys`);
    this.edit([{ offset: at + 8, length: 1, text: '_' }]);
  }

  /** The diagnostics a fresh analysis of the current text gives. */
  fresh() {
    return diagnosticPlansOf(this.text, analyze(this.text, HINT).result.findings, 'en');
  }
}

function read(outcome: OffThreadOutcome) {
  assert.equal(outcome.kind, 'read', `the worker read the text (${outcome.kind})`);
  return outcome.kind === 'read' ? outcome : assert.fail('not read');
}

/**
 * Lets the job just queued be posted to the worker: it is posted after the worker's start resolves (microtasks),
 * and no macrotask runs meanwhile, so the worker's answer cannot have arrived: the reading is running.
 */
async function posted(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

test('a newer version waits for the running reading of an older one expected to end soon: no restart, the older one not shown, the newer read from it as edits', async () => {
  const doc = new Template('soon', templateOfSize(20_000));
  // Warmed up: the worker's readings of the template, timed (a few ms each), are what the next one is expected to take.
  const first = read(await patient.analyze(doc.uri, doc.input()));
  for (let i = 0; i < 3; i++) {
    doc.type(i);
    read(await patient.analyze(doc.uri, doc.input()));
  }
  const before = patient.stats();
  doc.type(3);
  const older = patient.analyze(doc.uri, doc.input());
  await posted();
  assert.equal(patient.stats().running, doc.uri);
  assert.equal(patient.stats().sentAsEdits, before.sentAsEdits + 1, 'the older version was posted');
  doc.type(4);
  const newer = patient.analyze(doc.uri, doc.input());
  assert.deepEqual(await older, { kind: 'cancelled' }, 'the older version is never shown');
  const outcome = read(await newer);
  assert.deepEqual(outcome.reading.diagnostics, doc.fresh(), "a fresh analysis's diagnostics");
  const now = patient.stats();
  assert.equal(now.waited, before.waited + 1, 'the newer version waited');
  assert.equal(now.restarts, before.restarts, 'no failure');
  assert.equal(outcome.worker, first.worker, 'the same worker: not restarted');
  assert.ok(patient.workerHolds(first.worker));
  // From the older version's text, which the worker read to the end and kept: as edits, never resent whole.
  assert.equal(now.sentAsEdits, before.sentAsEdits + 2);
  assert.equal(now.textResent, before.textResent);
  assert.equal(doc.wholeTextReads, 1);
  assert.equal(now.read, before.read + 1, 'only the newer reading was delivered');
  // The stale reading's diagnostics are the list the worker sends the newer one's change from: held here too,
  // so both came as changes (a stale list dropped here would make the newer one come whole).
  assert.equal(now.diagnosticsAsChanges, before.diagnosticsAsChanges + 2, 'diagnostics as changes, the stale reading included');
  patient.forget(doc.uri);
  assert.deepEqual(errors, []);
});

test('the newest version replaces an older one queued behind a stale reading; only the newest is read after it', async () => {
  const doc = new Template('queued', templateOfSize(20_000));
  const first = read(await patient.analyze(doc.uri, doc.input()));
  doc.type(0);
  read(await patient.analyze(doc.uri, doc.input()));
  const before = patient.stats();
  doc.type(1);
  const running = patient.analyze(doc.uri, doc.input());
  await posted();
  doc.type(2);
  const queued = patient.analyze(doc.uri, doc.input());
  doc.type(3);
  const newest = patient.analyze(doc.uri, doc.input());
  assert.deepEqual(await running, { kind: 'cancelled' });
  assert.deepEqual(await queued, { kind: 'cancelled' });
  const outcome = read(await newest);
  assert.deepEqual(outcome.reading.diagnostics, doc.fresh());
  const now = patient.stats();
  assert.equal(now.waited, before.waited + 1, 'one wait: the stale reading was decided on once');
  assert.equal(outcome.worker, first.worker, 'not restarted');
  assert.equal(now.read, before.read + 1);
  assert.equal(now.sentAsEdits, before.sentAsEdits + 2, 'the running version and the newest, not the one replaced');
  patient.forget(doc.uri);
  assert.deepEqual(errors, []);
});

test('a newer version ends a running reading expected to end late (a large first reading timed) with its worker, as before', { timeout: 120_000 }, async () => {
  // A 2 MB template's full reading takes far longer than STALE_RUN_WAIT_MS (about a second on a quiet machine; longer under load).
  const doc = new Template('late', templateOfSize(2_000_000));
  const first = read(await worker.analyze(doc.uri, doc.input()));
  assert.ok((worker.stats().lastReading?.roundTripMs ?? 0) > 2 * STALE_RUN_WAIT_MS, `the first reading took ${worker.stats().lastReading?.roundTripMs} ms`);
  const before = worker.stats();
  doc.type(0);
  const older = worker.analyze(doc.uri, doc.input());
  await posted();
  assert.equal(worker.stats().running, doc.uri);
  doc.type(1);
  const newer = worker.analyze(doc.uri, doc.input());
  assert.deepEqual(await older, { kind: 'cancelled' });
  const outcome = read(await newer);
  assert.deepEqual(outcome.reading.diagnostics, doc.fresh());
  const now = worker.stats();
  assert.equal(now.waited, before.waited, 'not waited for');
  assert.equal(now.cancelled, before.cancelled + 1);
  assert.equal(now.restarts, before.restarts, 'ending it is no failure');
  assert.notEqual(outcome.worker, first.worker, 'ended with its worker: another worker read the newer version');
  assert.equal(doc.wholeTextReads, 2, 'the new worker holds nothing: the text went whole');
  worker.forget(doc.uri);
  assert.deepEqual(errors, []);
});

test('a newer version ends a running first reading of a document (nothing timed yet) with its worker, as before', async () => {
  const doc = new Template('untimed', templateOfSize(20_000));
  const before = worker.stats();
  const older = worker.analyze(doc.uri, doc.input());
  await posted();
  assert.equal(worker.stats().running, doc.uri);
  doc.type(0);
  const newer = worker.analyze(doc.uri, doc.input());
  assert.deepEqual(await older, { kind: 'cancelled' });
  assert.deepEqual(read(await newer).reading.diagnostics, doc.fresh());
  const now = worker.stats();
  assert.equal(now.waited, before.waited);
  assert.equal(now.cancelled, before.cancelled + 1);
  assert.equal(now.restarts, before.restarts);
  worker.forget(doc.uri);
  assert.deepEqual(errors, []);
});

test('a stale reading waited for that overruns its allowance (it hangs) is ended with its worker, and the newer version read', { timeout: 30_000 }, async () => {
  const doc = new Template('overrun', templateOfSize(20_000));
  const first = read(await patient.analyze(doc.uri, doc.input()));
  doc.type(0);
  read(await patient.analyze(doc.uri, doc.input()));
  const expected = patient.stats().lastReading?.roundTripMs ?? 0;
  const before = patient.stats();
  patient.setTimeoutMs(120_000); // the hang's own timeout is not what ends it
  try {
    patient.troubleNextJob('hang');
    doc.type(1);
    const older = patient.analyze(doc.uri, doc.input());
    await posted();
    assert.equal(patient.stats().running, doc.uri);
    doc.type(2);
    const arrived = performance.now();
    const newer = patient.analyze(doc.uri, doc.input());
    assert.deepEqual(await older, { kind: 'cancelled' }, 'settled at once');
    const outcome = read(await newer);
    const tookMs = performance.now() - arrived;
    assert.deepEqual(outcome.reading.diagnostics, doc.fresh());
    // Waited for until it had run twice its expected time and PATIENT_MS more, then ended.
    assert.ok(tookMs >= 2 * expected + PATIENT_MS - 2, `read ${tookMs.toFixed(0)} ms after it arrived (expected end ${expected.toFixed(0)} ms)`);
    const now = patient.stats();
    assert.equal(now.waited, before.waited + 1);
    assert.equal(now.cancelled, before.cancelled + 1, 'counted once, when the newer version arrived');
    assert.equal(now.restarts, before.restarts, 'ending it is no failure');
    assert.notEqual(outcome.worker, first.worker, 'another worker read the newer version');
  } finally {
    patient.setTimeoutMs(undefined);
  }
  patient.forget(doc.uri);
  assert.deepEqual(errors, []);
});

test('a stale reading waited for whose worker crashes: the worker is restarted, the crash logged and the newer version read', async () => {
  const doc = new Template('crashing', templateOfSize(20_000));
  read(await patient.analyze(doc.uri, doc.input()));
  doc.type(0);
  read(await patient.analyze(doc.uri, doc.input()));
  const before = patient.stats();
  patient.troubleNextJob('crash');
  doc.type(1);
  const older = patient.analyze(doc.uri, doc.input());
  await posted();
  doc.type(2);
  const newer = patient.analyze(doc.uri, doc.input());
  assert.deepEqual(await older, { kind: 'cancelled' });
  assert.deepEqual(read(await newer).reading.diagnostics, doc.fresh());
  const now = patient.stats();
  assert.equal(now.waited, before.waited + 1);
  assert.equal(now.restarts, before.restarts + 1);
  assert.equal(now.read, before.read + 1, 'the stale version is not read again');
  assert.match(errors.pop() ?? '', /analysis worker stopped: .*crash requested by a test.* on an older version of a document; it is restarted/s);
  patient.forget(doc.uri);
  assert.deepEqual(errors, []);
});
