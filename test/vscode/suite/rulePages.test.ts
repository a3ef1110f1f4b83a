// The rule pages the extension serves on its own scheme (src/extension/rulePages.ts, from the one file
// dist/rule-pages.json the VSIX carries instead of docs/rules/): the text of the repository's pages, as
// Markdown, and the links that lead there (a diagnostic's code, a hover's docs link) open them through the
// workbench's opener, as a click on them does.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, findingId, openFixture, repoUri, resetEditors, waitFor, waitForDiagnostics, waitForSesHovers } from './helpers';
import { positionOf } from './workspaceFiles';

const pageUri = (id: string) => vscode.Uri.parse(`ses-grants-docs:/rules/${id}.md`);

/**
 * The repository's page as text: decoded strictly and with a byte-order mark kept, so that equal texts mean
 * equal bytes (UTF-8 has one encoding per text).
 */
async function repositoryPage(id: string): Promise<string> {
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(await vscode.workspace.fs.readFile(repoUri(`docs/rules/${id}.md`)));
}

/** Opens `target` as a click on a link does (the `vscode.open` command hands a URI no file system serves to the opener). */
async function openAsLink(target: vscode.Uri): Promise<vscode.TextDocument> {
  await vscode.commands.executeCommand('vscode.open', target);
  return waitFor(`an editor on ${target.toString()}`, () => {
    const document = vscode.window.activeTextEditor?.document;
    return document?.uri.toString() === target.toString() ? document : undefined;
  });
}

describe('rule pages', () => {
  before(activateExtension);
  afterEach(resetEditors);

  it('serves each page as Markdown, byte for byte the repository\'s docs/rules/<id>.md', async () => {
    for (const id of ['s3-missing-source-conditions', 'kms-encryption-context-key-unknown', 'parse-error']) {
      const document = await vscode.workspace.openTextDocument(pageUri(id));
      assert.equal(document.languageId, 'markdown', id);
      assert.equal(document.getText(), await repositoryPage(id), id);
    }
  });

  it('opens no page for an id that has none', async () => {
    await assert.rejects(Promise.resolve(vscode.workspace.openTextDocument(pageUri('no-such-finding'))));
    // The provider keeps serving after it.
    assert.equal((await vscode.workspace.openTextDocument(pageUri('sns-resource-wildcard'))).languageId, 'markdown');
  });

  it('opens a diagnostic\'s code link on its page', async () => {
    const editor = await openFixture('diagnostics/s3-open.json');
    const diagnostics = await waitForDiagnostics(editor.document.uri, (found) => found.some((d) => findingId(d) === 's3-missing-source-conditions'));
    const code = diagnostics.find((d) => findingId(d) === 's3-missing-source-conditions')!.code;
    assert.ok(typeof code === 'object' && code !== null && 'target' in code, 'code carries a target');
    const page = await openAsLink(code.target);
    assert.equal(page.getText(), await repositoryPage('s3-missing-source-conditions'));
  });

  it('opens a hover\'s docs link on its page', async () => {
    const editor = await openFixture('hover/grant.json');
    const hovers = await waitForSesHovers(editor.document.uri, positionOf(editor.document, '"aws:Referer"', 3));
    const markdown = hovers.flatMap((hover) => hover.contents).map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n');
    // A hover drops links of the pages' scheme: its link runs the docs command (ruleDocsLink.ts, showRuleDocsLink).
    const link = /\]\((command:[^)]+)\)/.exec(markdown)?.[1];
    assert.equal(link, 'command:sesGrants.showRuleDocs?%5B%22legacy-referer-only%22%5D', markdown);
    const target = vscode.Uri.parse(link!);
    await vscode.commands.executeCommand(target.path, ...(JSON.parse(decodeURIComponent(target.query)) as unknown[]));
    const page = await waitFor('the page behind the hover link', () =>
      vscode.workspace.textDocuments.find((document) => document.uri.toString() === 'ses-grants-docs:/rules/legacy-referer-only.md'),
    );
    assert.equal(page.getText(), await repositoryPage('legacy-referer-only'));
  });
});
