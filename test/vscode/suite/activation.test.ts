// Smoke suite: the extension under test is the one from this repository, it activates on JSON, and it stays
// silent on JSON that holds no SES grant while reporting on a policy that does (a positive control opened
// after the negative document, so "no diagnostics" is read only once the extension has demonstrably run).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  EXTENSION_ID,
  REPO_ROOT,
  describeDiagnostics,
  openFixture,
  openRepoFile,
  resetEditors,
  sesGrantsDiagnostics,
  waitFor,
  waitForDiagnostics,
} from './helpers';

function extensionUnderTest(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  return extension;
}

describe('activation (smoke)', () => {
  afterEach(resetEditors);

  it('loads ses-grants.ses-grants from this repository', () => {
    const extension = extensionUnderTest();
    assert.ok(REPO_ROOT, 'the runner names the repository');
    // By path: the scheme is `file` in a Node extension host and `vscode-remote` in code-server's web worker.
    assert.equal(extension.extensionUri.path.replace(/\/$/, ''), vscode.Uri.file(REPO_ROOT).path.replace(/\/$/, ''));
    assert.equal(extension.packageJSON.main, './dist/extension.js');
    // One bundle serves both hosts.
    assert.equal(extension.packageJSON.browser, './dist/extension.js');
  });

  it('activates when a JSON document is opened', async () => {
    const extension = extensionUnderTest();
    const events: unknown = extension.packageJSON.activationEvents;
    assert.ok(Array.isArray(events) && events.includes('onLanguage:json'), `activationEvents: ${JSON.stringify(events)}`);
    const editor = await openFixture('smoke/package.json');
    assert.equal(editor.document.languageId, 'json');
    await waitFor('the extension to activate', () => extension.isActive);
  });

  it('times its own loading (the editor bench reports it): wall time, and the CPU time of the host where it is a Node process', async () => {
    const extension = extensionUnderTest();
    await extension.activate();
    const { activation } = extension.exports as { activation: { evaluationMs: number; activateMs: number; cpu?: { evaluationMs: number; activateMs: number } } };
    assert.ok(activation.evaluationMs > 0 && activation.activateMs > 0, JSON.stringify(activation));
    // The Node host has a `process`; the web-worker host has none, and then no CPU time is given.
    const nodeHost = typeof (globalThis as { process?: { cpuUsage?: unknown } }).process?.cpuUsage === 'function';
    if (nodeHost) {
      assert.ok(activation.cpu, JSON.stringify(activation));
      assert.ok(activation.cpu.evaluationMs > 0 && activation.cpu.activateMs >= 0 && activation.cpu.evaluationMs < 60_000, JSON.stringify(activation));
    } else {
      assert.equal(activation.cpu, undefined);
    }
  });

  it('reports nothing on a package.json, while it does report on an SES grant opened after it', async () => {
    const packageJson = await openFixture('smoke/package.json');
    const policy = await openRepoFile('test/fixtures/rules/missing-resource/fires.json');
    const policyDiagnostics = await waitForDiagnostics(policy.document.uri);
    assert.ok(describeDiagnostics(policyDiagnostics).some((line) => line.endsWith(' missing-resource')));
    assert.deepEqual(describeDiagnostics(sesGrantsDiagnostics(packageJson.document.uri)), []);
  });
});
