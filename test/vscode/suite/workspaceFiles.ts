// Reading the fixture files of test/vscode/workspace from the extension host, and comparing texts so that a
// failure shows the first differing line rather than two walls of JSON. Files go through vscode.workspace.fs,
// which both the Node and the web-worker extension hosts have.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { localizedFixTitle } from '../../../src/policy/messages.ja';
import { findingId, fixtureUri, openFixture, quickFixesAt, repoUri, resetEditors, waitFor, waitForDiagnostics } from './helpers';

export async function workspaceText(relativePath: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(fixtureUri(relativePath)));
}

export async function workspaceJson<T>(relativePath: string): Promise<T> {
  return JSON.parse(await workspaceText(relativePath)) as T;
}

export function assertSameText(actual: string, expected: string, what: string): void {
  if (actual === expected) return;
  const a = actual.split(/\r?\n/);
  const e = expected.split(/\r?\n/);
  const line = a.findIndex((text, i) => text !== e[i]);
  const at = line === -1 ? Math.min(a.length, e.length) : line;
  assert.fail(`${what}: texts differ at line ${at + 1}\n  actual:   ${JSON.stringify(a[at])}\n  expected: ${JSON.stringify(e[at])}\n--- actual ---\n${actual}`);
}

/** The position of the `nth` occurrence of `needle` in the document, plus `delta` characters. */
export function positionOf(document: vscode.TextDocument, needle: string, delta = 0, nth = 1): vscode.Position {
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = document.getText().indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" (occurrence ${nth}) is not in ${document.uri.toString()}`);
  }
  return document.positionAt(at + delta);
}

/**
 * A new folder for files a test writes, outside the workspace so that no fixture is ever touched: under the
 * repository's test/.work/ (ignored by git), which every extension host can write to, unlike a system
 * temporary folder that the web worker cannot name. The caller deletes it.
 */
export function scratchFolder(purpose: string): vscode.Uri {
  const unique = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  return repoUri(`test/.work/scratch/${purpose}-${unique}`);
}

/**
 * Saves a copy of a workspace fixture (outside the workspace, so saving never touches a fixture) with
 * `editor.codeActionsOnSave: {"source.fixAll.sesGrants": "explicit"}`, and checks the document and the file
 * on disk equal `expectedFixture`. `ready` says which diagnostics mean the extension has linted the copy.
 */
export async function assertFixedOnSave(options: {
  readonly inputFixture: string;
  readonly expectedFixture: string;
  readonly fileName: string;
  readonly ready: (diagnostics: readonly vscode.Diagnostic[]) => boolean;
  readonly languageId?: string;
}): Promise<void> {
  const dir = scratchFolder('on-save');
  const file = vscode.Uri.joinPath(dir, options.fileName);
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(await workspaceText(options.inputFixture)));
  await vscode.workspace.getConfiguration('editor').update('codeActionsOnSave', { 'source.fixAll.sesGrants': 'explicit' }, vscode.ConfigurationTarget.Global);
  try {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file), { preview: false });
    if (options.languageId) assert.equal(editor.document.languageId, options.languageId);
    await waitForDiagnostics(file, options.ready);
    await vscode.commands.executeCommand('workbench.action.files.save');
    const expected = await workspaceText(options.expectedFixture);
    assertSameText(editor.document.getText(), expected, 'the document after saving');
    assertSameText(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)), expected, 'the file on disk after saving');
  } finally {
    await vscode.workspace.getConfiguration('editor').update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Global);
    await resetEditors();
    await vscode.workspace.fs.delete(dir, { recursive: true });
  }
}

/**
 * Opens a workspace fixture, applies the preferred "Add aws:SourceAccount and aws:SourceArn" quick fix of its
 * `findingId` diagnostic, checks the text equals `expectedFixture` and that the finding goes away.
 */
export async function assertSourceConditionsQuickFix(inputFixture: string, findingIdToFix: string, expectedFixture: string): Promise<void> {
  const editor = await openFixture(inputFixture);
  const uri = editor.document.uri;
  const diagnostics = await waitForDiagnostics(uri, (ds) => ds.some((d) => findingId(d) === findingIdToFix));
  const diagnostic = diagnostics.find((d) => findingId(d) === findingIdToFix)!;
  const title = localizedFixTitle({ title: 'Add aws:SourceAccount and aws:SourceArn', titleKey: 'fix.addSourceConditions' }, vscode.env.language);
  const actions = await waitFor(`the quick fix "${title}"`, async () => {
    const offered = await quickFixesAt(uri, diagnostic.range);
    return offered.some((a) => a.title === title) ? offered : undefined;
  });
  const action = actions.find((a) => a.title === title)!;
  assert.equal(action.isPreferred, true);
  assert.ok(action.edit && (await vscode.workspace.applyEdit(action.edit)), 'the edit applies');
  assertSameText(editor.document.getText(), await workspaceText(expectedFixture), 'after the quick fix');
  await waitForDiagnostics(uri, (ds) => !ds.some((d) => findingId(d) === findingIdToFix));
}

/**
 * Runs `body` with no account in the workspace settings (restored after): an account input box shown then
 * has no default and refuses Enter, so a run that finishes by accepting defaults was never asked for one.
 */
export async function withoutAccountSetting(body: () => Promise<void>): Promise<void> {
  const saved = vscode.workspace.getConfiguration('sesGrants').inspect<string>('accountId')?.workspaceValue;
  await vscode.workspace.getConfiguration('sesGrants').update('accountId', '', vscode.ConfigurationTarget.Workspace);
  try {
    await body();
  } finally {
    await vscode.workspace.getConfiguration('sesGrants').update('accountId', saved, vscode.ConfigurationTarget.Workspace);
  }
}
