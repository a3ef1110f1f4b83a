// Helpers for the extension-host suites (test/vscode/suite/*.test.ts). They run inside the real extension host,
// so `vscode` is the real API. Everything waits on events or on a state with a deadline; never sleep.
//
// They run in the web-worker extension host too (npm run test:web), so they use no Node module but assert,
// which the web runner bundles in a browser form: files are read and written through vscode.workspace.fs.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { REPO_ROOT_ENV, runSetting } from './runEnv';

/** `publisher.name` from package.json. */
export const EXTENSION_ID = 'ses-grants.ses-grants';
/** `Diagnostic.source` of every finding the extension reports (ARCHITECTURE.md). */
export const DIAGNOSTIC_SOURCE = 'ses-grants';
/**
 * The repository's absolute path, as every runner passes it. The suites run from a copy of out/ or from a
 * bundle, so it cannot be derived from where this module is.
 */
export const REPO_ROOT = runSetting(REPO_ROOT_ENV) ?? '';
/** Default deadline of the wait helpers: far above what a passing wait takes, well below mocha's timeout. */
export const WAIT_MS = 10_000;

/** test/vscode/workspace, the folder every run opens (its .vscode/settings.json sets the sesGrants.* values). */
export function workspaceFolder(): vscode.WorkspaceFolder {
  const folders = vscode.workspace.workspaceFolders ?? [];
  assert.equal(folders.length, 1, 'the test window opens exactly one folder: test/vscode/workspace');
  const folder = folders[0]!;
  assert.equal(folder.name, 'workspace', `unexpected workspace folder ${folder.uri.toString()}`);
  return folder;
}

/** A file of test/vscode/workspace, by a `/`-separated path relative to it, e.g. `fixtureUri('s3/bucket.json')`. */
export function fixtureUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, ...relativePath.split('/'));
}

/**
 * A file anywhere in the repository, e.g. `repoUri('test/fixtures/rules/missing-resource/fires.json')`. The
 * extension is loaded unpacked from the repository (the activation suite checks it), so its URI names the
 * repository in the way this extension host reads files: `file:` in a Node host, `vscode-remote:` in the web.
 */
export function repoUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri(), ...relativePath.split('/'));
}

function extensionUri(): vscode.Uri {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded in this extension host`);
  return extension.extensionUri;
}

/** Opens a workspace file in an editor (not a preview tab) and makes it the active editor. */
export async function openFixture(relativePath: string): Promise<vscode.TextEditor> {
  return showDocument(await vscode.workspace.openTextDocument(fixtureUri(relativePath)));
}

/** Opens any file of the repository, e.g. a rule fixture of test/fixtures, in an editor. */
export async function openRepoFile(relativePath: string): Promise<vscode.TextEditor> {
  return showDocument(await vscode.workspace.openTextDocument(repoUri(relativePath)));
}

/** An untitled document holding `content`: for text no test should keep on disk. Closed by resetEditors(). */
export async function openText(content: string, language = 'json'): Promise<vscode.TextEditor> {
  return showDocument(await vscode.workspace.openTextDocument({ language, content }));
}

async function showDocument(document: vscode.TextDocument): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(document, { preview: false });
}

/**
 * Reverts every unsaved change and closes all editors, so no test leaks edits into the files of the workspace
 * (a test that applies a quick fix to a fixture must never save it). Use in `afterEach`.
 */
export async function resetEditors(): Promise<void> {
  for (const document of vscode.workspace.textDocuments) {
    if (!document.isDirty) continue;
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The extension, activated (activating an active extension is a no-op). Fails if it is not installed. */
export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded in this extension host`);
  await extension.activate();
  return extension;
}

/** The diagnostics the extension reports for `uri` (other extensions' diagnostics, e.g. JSON schema, left out). */
export function sesGrantsDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);
}

/** A diagnostic's finding id (`code` is `{ value: id, target: docs URI }`). */
export function findingId(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  if (code === undefined) return '';
  return String(typeof code === 'object' ? code.value : code);
}

/**
 * Diagnostics as `"line:col-endLine:endCol id"`, 1-based, in document order: the format of the
 * `*.expected.json` files beside the fixtures (test/support/fixtures.ts), so a suite can compare with them.
 */
export function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return [...diagnostics]
    .sort((a, b) => a.range.start.compareTo(b.range.start) || a.range.end.compareTo(b.range.end))
    .map((d) => {
      const { start, end } = d.range;
      return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${findingId(d)}`;
    });
}

/**
 * Waits until the extension's diagnostics for `uri` satisfy `predicate` (default: there is at least one),
 * checking now and then on every `onDidChangeDiagnostics` for that uri. Resolves with those diagnostics;
 * rejects after `timeoutMs` naming what was there instead.
 *
 *   const diagnostics = await waitForDiagnostics(editor.document.uri, (ds) => ds.some((d) => findingId(d) === 'missing-resource'));
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean = (diagnostics) => diagnostics.length > 0,
  timeoutMs = WAIT_MS,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const diagnostics = sesGrantsDiagnostics(uri);
      if (!predicate(diagnostics)) return false;
      finish();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      finish();
      const now = describeDiagnostics(sesGrantsDiagnostics(uri));
      reject(new Error(`timed out after ${timeoutMs} ms waiting for diagnostics of ${uri.toString()}; they are: ${JSON.stringify(now)}`));
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}

/**
 * Waits for a state the API has no event for (an extension turning active, code actions becoming available):
 * calls `probe` every 50 ms until it returns something other than undefined/false, and resolves with it.
 * Prefer waitForDiagnostics where diagnostics are what you wait for.
 */
export async function waitFor<T>(
  description: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = WAIT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Quick fixes VS Code offers at `range` (the real code-action pipeline, as Ctrl+. asks it). */
export async function quickFixesAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    vscode.CodeActionKind.QuickFix.value,
  );
  // A provider may answer with bare Commands too; those have a string `command`, a CodeAction has none or an object.
  return (actions ?? []).filter((action): action is vscode.CodeAction => typeof action.command !== 'string');
}

/**
 * Waits until this extension's hovers appear at a position (those that speak of SES: a language's own hovers
 * are left out), and resolves with them.
 */
export async function waitForSesHovers(uri: vscode.Uri, position: vscode.Position): Promise<vscode.Hover[]> {
  return waitFor(`an SES hover at ${position.line + 1}:${position.character + 1}`, async () => {
    const found = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
    const ours = found.filter((h) => h.contents.some((c) => /receiving-email-permissions|sesGrants\.showRuleDocs/.test(typeof c === 'string' ? c : 'value' in c ? c.value : '')));
    return ours.length > 0 ? ours : undefined;
  });
}
