// Large documents' diagnostics are read in the analysis worker (src/extension/offThread), in the real
// extension host (both: the Node host's worker thread and the web-worker host's Web Worker): the same
// diagnostics as the thread's, a newer version ending an older version's analysis, and a worker that crashes
// or hangs restarted with the document analysed again. The worker's crash and hang are asked for through the
// extension's test hooks (exports.offThread); everything else is the extension as it ships.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SesGrantsApi } from '../../../src/extension/extension';
import { activateExtension, describeDiagnostics, findingId, resetEditors, sesGrantsDiagnostics, waitFor, waitForDiagnostics } from './helpers';

/** Above the worker's 64 KB threshold: 400 statements, every tenth without its aws:SourceArn. */
const STATEMENTS = 400;
const LARGE_POLICY = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: Array.from({ length: STATEMENTS }, (_, i) => ({
      Sid: `AllowSESPuts${i}`,
      Effect: 'Allow',
      Principal: { Service: 'ses.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::inbound-mail-${i}/*`,
      Condition: {
        StringEquals: {
          'AWS:SourceAccount': '111122223333',
          ...(i % 10 === 0 ? {} : { 'AWS:SourceArn': `arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/rule${i}` }),
        },
      },
    })),
  },
  null,
  2,
);
const MISSING_ARN = 's3-missing-source-arn';
const WAIT_LONG_MS = 60_000;

const missingArns = (diagnostics: readonly vscode.Diagnostic[]) => diagnostics.filter((d) => findingId(d) === MISSING_ARN).length;

let opened = 0;

/**
 * The large policy in an untitled document of its own name: a second `openText` of the same content may be
 * given back the closed Untitled-1 as an earlier test left it (seen in the web host).
 */
async function openLargePolicy(): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(`untitled:off-thread-${++opened}-${Date.now()}.json`));
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  assert.ok(await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), LARGE_POLICY)));
  assert.equal(document.getText(), LARGE_POLICY);
  return editor;
}

/** Removes the aws:SourceArn of statement `i` (one more finding), as a user's edit. */
async function dropSourceArn(editor: vscode.TextEditor, i: number): Promise<void> {
  const text = editor.document.getText();
  const arn = `"AWS:SourceArn": "arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/rule${i}"`;
  const start = text.indexOf(arn);
  assert.ok(start > 0, `statement ${i} has its SourceArn`);
  // The comma before the key goes with it.
  const from = text.lastIndexOf(',', start);
  const range = new vscode.Range(editor.document.positionAt(from), editor.document.positionAt(start + arn.length));
  assert.ok(await editor.edit((builder) => builder.delete(range)));
}

describe('analysis off the thread', function () {
  // A large document takes seconds to read on a busy machine, and some tests read it three times.
  this.timeout(WAIT_LONG_MS * 2);
  let api: SesGrantsApi['offThread'];
  before(async () => {
    api = ((await activateExtension()).exports as SesGrantsApi).offThread;
    assert.ok(LARGE_POLICY.length > 64 * 1024, `the policy is large (${LARGE_POLICY.length} characters)`);
  });
  afterEach(async () => {
    api.setTimeoutMs(undefined);
    api.setMinLength(undefined);
    await resetEditors();
  });

  it('reads a large document in the worker, with the diagnostics the thread gives', async () => {
    const readBefore = api.stats().read;
    const inWorker = await openLargePolicy();
    const fromWorker = await waitForDiagnostics(inWorker.document.uri, (ds) => missingArns(ds) === STATEMENTS / 10, WAIT_LONG_MS);
    assert.equal(api.stats().read, readBefore + 1, 'the worker read it');

    api.setMinLength(Number.MAX_SAFE_INTEGER);
    const onThread = await openLargePolicy();
    const fromThread = await waitForDiagnostics(onThread.document.uri, (ds) => missingArns(ds) === STATEMENTS / 10, WAIT_LONG_MS);
    assert.equal(api.stats().read, readBefore + 1, 'the thread read the second one');

    const shown = (ds: readonly vscode.Diagnostic[]) => describeDiagnostics(ds).map((line, i) => `${line} ${ds[i]!.severity} ${ds[i]!.message}`);
    const byRange = (ds: readonly vscode.Diagnostic[]) => [...ds].sort((a, b) => a.range.start.compareTo(b.range.start) || a.range.end.compareTo(b.range.end));
    assert.deepEqual(shown(byRange(fromWorker)), shown(byRange(fromThread)));
  });

  it('a newer version ends the analysis of an older one still running in the worker', async () => {
    const editor = await openLargePolicy();
    const { uri } = editor.document;
    await waitForDiagnostics(uri, (ds) => missingArns(ds) === STATEMENTS / 10, WAIT_LONG_MS);
    const before = api.stats();
    const seen: number[] = [];
    const watching = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) seen.push(missingArns(sesGrantsDiagnostics(uri)));
    });
    try {
      // The next version's analysis never finishes on its own (no timeout for two minutes).
      api.setTimeoutMs(120_000);
      api.troubleNextJob('hang');
      await dropSourceArn(editor, 1);
      await waitFor('the worker stuck on the older version', () => api.stats().running === uri.toString(), WAIT_LONG_MS);
      await dropSourceArn(editor, 2);
      await waitForDiagnostics(uri, (ds) => missingArns(ds) === STATEMENTS / 10 + 2, WAIT_LONG_MS);
    } finally {
      watching.dispose();
    }
    const after = api.stats();
    assert.equal(after.cancelled, before.cancelled + 1, 'the stuck analysis was cancelled');
    assert.equal(after.restarts, before.restarts, 'cancelling is no failure');
    assert.equal(after.read, before.read + 1, 'the newer version was read in the worker');
    assert.ok(!seen.includes(STATEMENTS / 10 + 1), `the older version's diagnostics never showed (${seen.join(', ')})`);
  });

  for (const trouble of ['crash', 'hang'] as const) {
    it(`a worker that ${trouble === 'crash' ? 'crashes' : 'hangs'} is restarted, the document analysed again and the failure logged`, async () => {
      const editor = await openLargePolicy();
      const { uri } = editor.document;
      await waitForDiagnostics(uri, (ds) => missingArns(ds) === STATEMENTS / 10, WAIT_LONG_MS);
      const before = api.stats();
      if (trouble === 'hang') api.setTimeoutMs(5_000);
      api.troubleNextJob(trouble);
      await dropSourceArn(editor, 3);
      await waitForDiagnostics(uri, (ds) => missingArns(ds) === STATEMENTS / 10 + 1, WAIT_LONG_MS);
      const after = api.stats();
      assert.equal(after.restarts, before.restarts + 1);
      assert.equal(after.read, before.read + 1, 'read again in the new worker');
      assert.equal(after.onThread, before.onThread, 'not sent back to the thread');
      assert.match(after.lastError ?? '', trouble === 'crash' ? /stopped: .*crash requested by a test/s : /did not answer within 5000 ms/);
    });
  }
});
