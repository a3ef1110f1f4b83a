// One analysis per document version: diagnostics, a quick-fix request, a hover and fix-all all read the same
// lint of the version, counted by the extension itself (its exported lintCount), in the real extension host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, findingId, openText, quickFixesAt, resetEditors, waitFor, waitForDiagnostics } from './helpers';
import { positionOf } from './workspaceFiles';

interface SesGrantsApi {
  lintCount(uri: string, version: number): number;
  lintCounts(uri: string, version: number): { thread: number; worker: number };
  offThread: { setMinLength(length: number | undefined): void };
}

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AllowSESPuts",
      "Effect": "Allow",
      "Principal": { "Service": "ses.amazonaws.com" },
      "Action": "s3:PutObject",
      "Resource": "arn:aws:s3:::inbox",
      "Condition": { "StringEquals": { "AWS:SourceAccount": "111122223333" } }
    }
  ]
}
`;

describe('analysis', () => {
  let api: SesGrantsApi;
  before(async () => {
    api = (await activateExtension()).exports as SesGrantsApi;
  });
  afterEach(async () => {
    api.offThread.setMinLength(undefined);
    await resetEditors();
  });

  for (const where of ['thread', 'worker'] as const) {
    it(`lints a document version once for diagnostics, quick fixes, hover and fix-all${where === 'worker' ? ', in the analysis worker when the document is large' : ''}`, async () => {
      // A large document: every document is, with the worker's threshold at 0.
      if (where === 'worker') api.offThread.setMinLength(0);
      const editor = await openText(POLICY);
      const { uri, version } = editor.document;
      const diagnostics = await waitForDiagnostics(uri, (ds) => ds.some((d) => findingId(d) === 's3-missing-source-arn'));
      const diagnostic = diagnostics.find((d) => findingId(d) === 's3-missing-source-arn')!;

      // The diagnostics reach VS Code's markers, which the request passes, a moment after this host sees them.
      await waitFor('a quick fix with an edit', async () => (await quickFixesAt(uri, diagnostic.range)).some((fix) => fix.edit !== undefined));
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, positionOf(editor.document, '"AWS:SourceAccount"', 5));
      assert.ok(hovers.length > 0, 'the condition key has a hover');
      const fixAll = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, 'source.fixAll.sesGrants');
      assert.ok(fixAll.some((action) => action.kind?.value === 'source.fixAll.sesGrants' && action.edit !== undefined), 'fix-all has an edit');

      assert.equal(editor.document.version, version, 'nothing edited the document');
      assert.equal(api.lintCount(uri.toString(), version), 1);
    assert.deepEqual(api.lintCounts(uri.toString(), version), where === 'worker' ? { thread: 0, worker: 1 } : { thread: 1, worker: 0 });
    });
  }

  it('lints the next version once more after an edit', async () => {
    const editor = await openText(POLICY);
    const { uri } = editor.document;
    await waitForDiagnostics(uri, (ds) => ds.some((d) => findingId(d) === 's3-missing-source-arn'));
    const at = POLICY.indexOf('inbox');
    await editor.edit((builder) => builder.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + 'inbox'.length)), 'mail'));
    const version = editor.document.version;
    // The debounced diagnostics run lints the new version; the quick-fix request then reads that analysis.
    await waitFor('the edited version linted', () => api.lintCount(uri.toString(), version) > 0);
    const diagnostic = (await waitForDiagnostics(uri)).find((d) => findingId(d) === 's3-missing-source-arn')!;
    await quickFixesAt(uri, diagnostic.range);
    assert.equal(api.lintCount(uri.toString(), version), 1);
  });
});
