import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/service';
import { AnalysisWorker, type OffThreadOutcome } from '../../src/extension/offThread/analysisWorker';
import { describeFindings, listFixtures, type Fixture } from '../support/fixtures';
import { REPO_ROOT } from '../support/paths';

/**
 * The editor's analysis worker (src/extension/offThread) outside the editor: the real extension bundle
 * (dist/extension.js, as the build writes it) in a real worker thread, as the Node extension host runs it.
 * The extension-host suite test/vscode/suite/offThread.test.ts checks the same in both of VS Code's hosts.
 */
const BUNDLE = join(REPO_ROOT, 'dist', 'extension.js');
const errors: string[] = [];
const worker = new AnalysisWorker(() => Promise.resolve(readFileSync(BUNDLE, 'utf8')), (message) => errors.push(message));
after(() => worker.dispose());

/** The formats the editor sends to the worker: everything but Terraform, whose parser stays on the thread. */
const FIXTURES: Fixture[] = [
  ...listFixtures('rules', ['.json', '.jsonc']),
  ...listFixtures('templates', ['.json', '.yaml', '.yml', '.template']),
  ...['shell', 'markdown', 'strings'].flatMap((embedding) => listFixtures(`${embedding}/rules`, ['.json', '.yaml', '.sh', '.md'])),
  ...listFixtures('negatives', ['.json', '.jsonc', '.yaml', '.sh', '.md']),
];

function hintOf(fixture: Fixture) {
  return { fileName: fixture.path };
}

function read(outcome: OffThreadOutcome) {
  assert.equal(outcome.kind, 'read', `the worker read the text (${outcome.kind})`);
  return outcome.kind === 'read' ? outcome.reading : { findings: [] };
}

const policy = FIXTURES.find((fixture) => fixture.expected.length > 0 && fixture.path.endsWith('.json'))!;

test('the worker finds in every fixture what the thread finds, and the expected findings beside it', async () => {
  assert.ok(FIXTURES.length > 500, `fixtures of every format (${FIXTURES.length})`);
  const sentBack: string[] = [];
  for (const fixture of FIXTURES) {
    const outcome = await worker.analyze(fixture.path, { text: fixture.text, hint: hintOf(fixture) });
    const onThread = analyze(fixture.text, hintOf(fixture)).result;
    if (onThread.parserLoading) {
      // Terraform code blocks in Markdown: only the extension host loads the Terraform parser.
      assert.deepEqual(outcome, { kind: 'onThread' }, fixture.name);
      sentBack.push(fixture.name);
      continue;
    }
    const { findings } = read(outcome);
    assert.deepEqual(describeFindings(fixture.text, findings), fixture.expected, fixture.name);
    assert.deepEqual(findings, onThread.findings, fixture.name);
  }
  assert.ok(sentBack.every((name) => name.startsWith('markdown') && name.endsWith('-terraform.md')), sentBack.join(', '));
  assert.deepEqual(errors, []);
});

test('a newer request for a document ends the older one still running, even one that never finishes', { timeout: 30_000 }, async () => {
  worker.setTimeoutMs(120_000);
  try {
    worker.troubleNextJob('hang');
    const older = worker.analyze('doc', { text: policy.text, hint: hintOf(policy) });
    await new Promise((resolve) => setImmediate(resolve)); // the hanging job is posted to the worker
    assert.equal(worker.stats().running, 'doc');
    const cancelledBefore = worker.stats().cancelled;
    const newer = worker.analyze('doc', { text: policy.text, hint: hintOf(policy) });
    assert.deepEqual(await older, { kind: 'cancelled' });
    assert.deepEqual(describeFindings(policy.text, read(await newer).findings), policy.expected);
    assert.equal(worker.stats().cancelled, cancelledBefore + 1);
  } finally {
    worker.setTimeoutMs(undefined);
  }
});

test('a queued request for another document waits its turn; one for the same document replaces it', async () => {
  worker.troubleNextJob('hang');
  worker.setTimeoutMs(120_000);
  try {
    const hanging = worker.analyze('busy', { text: policy.text, hint: hintOf(policy) });
    const first = worker.analyze('queued', { text: '{}', hint: { languageId: 'json' } });
    const second = worker.analyze('queued', { text: policy.text, hint: hintOf(policy) });
    assert.deepEqual(await first, { kind: 'cancelled' });
    worker.cancel('busy');
    assert.deepEqual(await hanging, { kind: 'cancelled' });
    assert.deepEqual(describeFindings(policy.text, read(await second).findings), policy.expected);
  } finally {
    worker.setTimeoutMs(undefined);
  }
});

test('a worker that crashes is restarted, the text read again and the crash logged', async () => {
  const restarts = worker.stats().restarts;
  worker.troubleNextJob('crash');
  const { findings } = read(await worker.analyze('crashing', { text: policy.text, hint: hintOf(policy) }));
  assert.deepEqual(describeFindings(policy.text, findings), policy.expected);
  assert.equal(worker.stats().restarts, restarts + 1);
  assert.match(errors.at(-1) ?? '', /analysis worker stopped: .*crash requested by a test/s);
});

test('a worker that hangs is restarted after the timeout, the text read again and the hang logged', { timeout: 30_000 }, async () => {
  const restarts = worker.stats().restarts;
  worker.setTimeoutMs(3_000);
  try {
    worker.troubleNextJob('hang');
    const { findings } = read(await worker.analyze('hanging', { text: policy.text, hint: hintOf(policy) }));
    assert.deepEqual(describeFindings(policy.text, findings), policy.expected);
  } finally {
    worker.setTimeoutMs(undefined);
  }
  assert.equal(worker.stats().restarts, restarts + 1);
  assert.match(errors.at(-1) ?? '', /did not answer within 3000 ms; it is restarted and the document analysed again/);
});

test('a worker that dies twice on a text, or cannot start, sends the text back to the thread', async () => {
  const broken: string[] = [];
  const dying = new AnalysisWorker(() => Promise.resolve('throw new Error("a bundle that cannot load")'), (message) => broken.push(message));
  try {
    assert.deepEqual(await dying.analyze('doc', { text: policy.text, hint: hintOf(policy) }), { kind: 'onThread' });
    assert.equal(dying.stats().restarts, 2);
    assert.match(broken.at(-1) ?? '', /a bundle that cannot load.*analysed on the extension host's thread/s);
  } finally {
    dying.dispose();
  }
  const missing = new AnalysisWorker(() => Promise.reject(new Error('no bundle')), (message) => broken.push(message));
  assert.deepEqual(await missing.analyze('doc', { text: policy.text, hint: hintOf(policy) }), { kind: 'onThread' });
  assert.match(broken.at(-1) ?? '', /cannot start.*no bundle/s);
  missing.dispose();
});

test('a worker left without work stops, and the next text starts another', async () => {
  const idle = new AnalysisWorker(() => Promise.resolve(readFileSync(BUNDLE, 'utf8')), (message) => errors.push(message), 200);
  try {
    assert.deepEqual(describeFindings(policy.text, read(await idle.analyze('doc', { text: policy.text, hint: hintOf(policy) })).findings), policy.expected);
    assert.equal(idle.stats().started, true);
    const deadline = Date.now() + 10_000;
    while (idle.stats().started && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(idle.stats().started, false, 'stopped after 200 ms without work');
    assert.deepEqual(describeFindings(policy.text, read(await idle.analyze('doc', { text: policy.text, hint: hintOf(policy) })).findings), policy.expected);
    assert.equal(idle.stats().restarts, 0, 'stopping when idle is no failure');
  } finally {
    idle.dispose();
  }
});
