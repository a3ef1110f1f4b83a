// The configuration file ses-grants.json in the real editor: its values in a quick fix where the settings
// give none (the workspace's settings are taken away for that test and put back byte for byte), settings
// winning over it, its `rules` turning a diagnostic off and back on as the file changes (the file watcher),
// and its JSON schema completing a finding id. Fixtures: test/vscode/workspace/configFile/.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activateExtension,
  describeDiagnostics,
  findingId,
  fixtureUri,
  openFixture,
  openText,
  quickFixesAt,
  resetEditors,
  waitFor,
  waitForDiagnostics,
  workspaceFolder,
} from './helpers';
import { workspaceText } from './workspaceFiles';

const encoder = new TextEncoder();

/** The text a code action's edit inserts into a document, all its edits together. */
function insertedText(action: vscode.CodeAction, uri: vscode.Uri): string {
  return (action.edit?.get(uri) ?? []).map((edit) => edit.newText).join('');
}

async function preferredFixText(uri: vscode.Uri, id: string): Promise<string> {
  const diagnostics = await waitForDiagnostics(uri, (ds) => ds.some((d) => findingId(d) === id));
  const diagnostic = diagnostics.find((d) => findingId(d) === id)!;
  const preferred = await waitFor('the preferred quick fix', async () => (await quickFixesAt(uri, diagnostic.range)).find((a) => a.isPreferred));
  return insertedText(preferred, uri);
}

/** Resolves on the next configuration change of the sesGrants section. */
function nextSettingsChange(): Promise<void> {
  return new Promise((resolve) => {
    const subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('sesGrants')) return;
      subscription.dispose();
      resolve();
    });
  });
}

/**
 * Runs `body` with the workspace's .vscode/settings.json holding no sesGrants.* value, then writes the file's
 * very bytes back (through VS Code's file system, which every extension host has).
 */
async function withoutWorkspaceSettings(body: () => Promise<void>): Promise<void> {
  const settingsUri = vscode.Uri.joinPath(workspaceFolder().uri, '.vscode', 'settings.json');
  const original = await vscode.workspace.fs.readFile(settingsUri);
  const cleared = nextSettingsChange();
  await vscode.workspace.fs.writeFile(settingsUri, encoder.encode('{}\n'));
  await cleared;
  assert.equal(vscode.workspace.getConfiguration('sesGrants').get('accountId'), '');
  try {
    await body();
  } finally {
    const restored = nextSettingsChange();
    await vscode.workspace.fs.writeFile(settingsUri, original);
    await restored;
  }
}

describe('configuration file', () => {
  before(activateExtension);
  afterEach(resetEditors);

  it('fills a quick fix with the configuration file\'s values where the settings give none; settings win over it', async () => {
    await withoutWorkspaceSettings(async () => {
      const editor = await openFixture('configFile/s3-open.json');
      const text = await preferredFixText(editor.document.uri, 's3-missing-source-conditions');
      assert.match(text, /"AWS:SourceAccount": "444455556666"/);
      assert.match(text, /"arn:aws:ses:eu-west-1:444455556666:receipt-rule-set\/team:receipt-rule\/archive"/);
      await resetEditors();
    });
    const editor = await openFixture('configFile/s3-open.json');
    const text = await waitFor('the settings\' values in the fix', async () => {
      const inserted = await preferredFixText(editor.document.uri, 's3-missing-source-conditions');
      return inserted.includes('111122223333') ? inserted : undefined;
    });
    assert.match(text, /"arn:aws:ses:us-east-1:111122223333:receipt-rule-set\/inbound:receipt-rule\/store"/);
  });

  it('turns a finding off with its rules, for the files below it only', async () => {
    const editor = await openFixture('configFile/s3-account-only.json');
    const diagnostics = await waitForDiagnostics(editor.document.uri);
    assert.deepEqual(describeDiagnostics(diagnostics).map((d) => d.split(' ')[1]), ['s3-action-too-broad']);
    // The same text where no configuration file is found: both findings.
    const untitled = await openText(editor.document.getText(), 'json');
    const both = await waitForDiagnostics(untitled.document.uri, (ds) => ds.length === 2);
    assert.deepEqual(both.map(findingId).sort(), ['s3-action-too-broad', 's3-missing-source-arn']);
  });

  it('follows the file as it changes: a finding comes back, changes level, and goes with the file', async () => {
    const folder = fixtureUri(`configFile-live-${Date.now().toString(36)}`);
    const config = vscode.Uri.joinPath(folder, 'ses-grants.json');
    const policy = vscode.Uri.joinPath(folder, 'policy.json');
    await vscode.workspace.fs.writeFile(policy, encoder.encode(await workspaceText('configFile/s3-account-only.json')));
    await vscode.workspace.fs.writeFile(config, encoder.encode('{ "rules": { "s3-missing-source-arn": "off", "s3-action-too-broad": "off" } }\n'));
    try {
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(policy), { preview: false });
      const uri = editor.document.uri;
      // Linted (an untitled copy has findings) with nothing reported: both ids are off.
      await waitForDiagnostics((await openText(editor.document.getText(), 'json')).document.uri, (ds) => ds.length === 2);
      assert.deepEqual(describeDiagnostics(await waitForDiagnostics(uri, (ds) => ds.length === 0)), []);
      await vscode.workspace.fs.writeFile(config, encoder.encode('{ "rules": { "s3-missing-source-arn": "error" } }\n'));
      const raised = await waitForDiagnostics(uri, (ds) => ds.length === 2);
      assert.equal(raised.find((d) => findingId(d) === 's3-missing-source-arn')!.severity, vscode.DiagnosticSeverity.Error);
      await vscode.workspace.fs.delete(config);
      const plain = await waitForDiagnostics(uri, (ds) => ds.some((d) => findingId(d) === 's3-missing-source-arn' && d.severity === vscode.DiagnosticSeverity.Warning));
      assert.equal(plain.length, 2);
    } finally {
      await resetEditors();
      await vscode.workspace.fs.delete(folder, { recursive: true });
    }
  });

  it('completes finding ids in ses-grants.json from the contributed schema', async () => {
    const editor = await openFixture('configFile/ses-grants.json');
    assert.equal(editor.document.languageId, 'jsonc', 'comments are allowed in the file');
    const key = editor.document.getText().indexOf('"s3-missing-source-arn"');
    const position = editor.document.positionAt(key + 1);
    const labels = await waitFor('completion of finding ids', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, position);
      const found = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
      return found.some((label) => label.includes('s3-missing-source-conditions')) ? found : undefined;
    });
    assert.ok(labels.some((label) => label.includes('kms-missing-generate-data-key')), labels.join(', '));
    assert.ok(!labels.some((label) => label.includes('parse-error')), 'parse-error cannot be configured');
  });
});
