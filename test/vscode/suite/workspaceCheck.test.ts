// "SES: Check Workspace" in the real editor, on test/vscode/workspace/workspaceCheck/: diagnostics for the files
// that are not open (and none doubled for an open one), nothing for what files.exclude, search.exclude,
// .gitignore and ses-grants.json's ignore leave out, cancellation through a token, and the file watcher
// following a file written, changed and deleted on disk, and a change to ses-grants.json. The runs' user settings turn the check on start off,
// so each test runs it on this folder only (`include`).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, findingId, fixtureUri, openFixture, resetEditors, sesGrantsDiagnostics, waitForDiagnostics } from './helpers';
import { workspaceText } from './workspaceFiles';

const CHECK = 'sesGrants.checkWorkspace';
const INCLUDE = 'workspaceCheck/**';
const encoder = new TextEncoder();

interface CheckSummary {
  readonly files: number;
  readonly withSetup: number;
  readonly diagnostics: number;
  readonly cancelled: boolean;
}

function check(token?: vscode.CancellationToken): Promise<CheckSummary> {
  return vscode.commands.executeCommand<CheckSummary>(CHECK, { include: INCLUDE, ...(token ? { token } : {}) }) as Promise<CheckSummary>;
}

function ids(relativePath: string): string[] {
  return sesGrantsDiagnostics(fixtureUri(relativePath)).map(findingId).sort();
}

describe('workspace check', () => {
  before(async () => {
    await activateExtension();
  });
  afterEach(resetEditors);

  it('closed files get their findings; excluded, ignored and open files get none from the check', async () => {
    const open = await openFixture('workspaceCheck/policies/opened-in-editor.json');
    await waitForDiagnostics(open.document.uri);
    const summary = await check();
    assert.equal(summary.cancelled, false);
    // template.yaml, ses-grants.json, expected-tree.json, the four policies, and config-ignored/open-bucket.json
    // (read, then left out by ses-grants.json's ignore); the excluded and git-ignored ones are not listed at all.
    assert.equal(summary.files, 8, JSON.stringify(summary));
    assert.deepEqual(ids('workspaceCheck/template.yaml'), ['receipt-rule-target-without-grant', 's3-missing-source-conditions']);
    assert.deepEqual(ids('workspaceCheck/policies/open-topic.json'), ['sns-missing-source-conditions']);
    assert.deepEqual(ids('workspaceCheck/policies/dead-bucket.json'), ['s3-resource-not-object-arn']);
    assert.deepEqual(ids('workspaceCheck/policies/pinned-bucket.json'), []);
    for (const left of ['excluded-by-files/open-bucket.json', 'excluded-by-search/open-bucket.json', 'config-ignored/open-bucket.json', 'policies/git-ignored.generated.json']) {
      assert.deepEqual(ids(`workspaceCheck/${left}`), [], left);
    }
    // The open document keeps its live diagnostics, once each.
    assert.deepEqual(ids('workspaceCheck/policies/opened-in-editor.json'), ['s3-missing-source-conditions']);
    const closedDiagnostic = sesGrantsDiagnostics(fixtureUri('workspaceCheck/policies/open-topic.json'))[0]!;
    assert.equal(closedDiagnostic.range.start.line, 3, 'the range is computed from the file on disk');
    assert.equal(typeof closedDiagnostic.code === 'object' && String(closedDiagnostic.code.target), 'ses-grants-docs:/rules/sns-missing-source-conditions.md');
  });

  it('a cancelled check stops before the next file and says so', async () => {
    // A token that turns cancelled once the check has asked it twice: it asks once before each file.
    let asked = 0;
    const token: vscode.CancellationToken = {
      get isCancellationRequested() {
        asked++;
        return asked > 2;
      },
      onCancellationRequested: new vscode.EventEmitter<void>().event,
    };
    const summary = await check(token);
    assert.deepEqual([summary.files, summary.cancelled], [2, true], JSON.stringify(summary));
    const already = new vscode.CancellationTokenSource();
    already.cancel();
    const none = await check(already.token);
    assert.deepEqual([none.files, none.cancelled], [0, true]);
  });

  it('a change to ses-grants.json on disk analyses the files already read again, the other files included', async () => {
    await check();
    const openTopic = fixtureUri('workspaceCheck/policies/open-topic.json');
    const unIgnored = fixtureUri('workspaceCheck/config-ignored/open-bucket.json');
    assert.deepEqual(ids('workspaceCheck/policies/open-topic.json'), ['sns-missing-source-conditions']);
    assert.deepEqual(ids('workspaceCheck/config-ignored/open-bucket.json'), []);
    const config = fixtureUri('workspaceCheck/ses-grants.json');
    const original = await vscode.workspace.fs.readFile(config);
    try {
      // The ignore list now names the topic policy instead of the config-ignored folder.
      await vscode.workspace.fs.writeFile(config, encoder.encode('{ "ignore": ["policies/open-topic.json"] }\n'));
      await waitForDiagnostics(openTopic, (ds) => ds.length === 0);
      await waitForDiagnostics(unIgnored, (ds) => ds.some((d) => findingId(d) === 's3-missing-source-conditions'));
    } finally {
      await vscode.workspace.fs.writeFile(config, original);
    }
    await waitForDiagnostics(openTopic, (ds) => ds.some((d) => findingId(d) === 'sns-missing-source-conditions'));
    await waitForDiagnostics(unIgnored, (ds) => ds.length === 0);
  });

  it('the watcher follows a file written, changed and deleted on disk', async () => {
    await check();
    const written = fixtureUri('workspaceCheck/policies/written.json');
    try {
      await vscode.workspace.fs.writeFile(written, encoder.encode(await workspaceText('workspaceCheck/policies/open-topic.json')));
      await waitForDiagnostics(written, (ds) => ds.some((d) => findingId(d) === 'sns-missing-source-conditions'));
      await vscode.workspace.fs.writeFile(written, encoder.encode(await workspaceText('workspaceCheck/policies/pinned-bucket.json')));
      await waitForDiagnostics(written, (ds) => ds.length === 0);
      await vscode.workspace.fs.writeFile(written, encoder.encode(await workspaceText('workspaceCheck/policies/dead-bucket.json')));
      await waitForDiagnostics(written, (ds) => ds.some((d) => findingId(d) === 's3-resource-not-object-arn'));
      await vscode.workspace.fs.delete(written);
      await waitForDiagnostics(written, (ds) => ds.length === 0);
    } finally {
      await vscode.workspace.fs.delete(written).then(undefined, () => undefined);
    }
  });
});
