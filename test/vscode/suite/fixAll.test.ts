// Fix-all in the real editor: the `sesGrants.fixAll` command and the `source.fixAll.sesGrants` code action
// (what `editor.codeActionsOnSave` runs) both turn test/vscode/workspace/fixAll/bucket-and-key.jsonc into
// bucket-and-key.fixed.jsonc, with one edit that leaves the text outside the changed region (and the cursor
// there) alone.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, openFixture, openText, resetEditors, waitForDiagnostics } from './helpers';
import { assertFixedOnSave, assertSameText, workspaceJson, workspaceText } from './workspaceFiles';

const INPUT = 'fixAll/bucket-and-key.jsonc';
const FIXED = 'fixAll/bucket-and-key.fixed.jsonc';
const FIX_ALL_KIND = 'source.fixAll.sesGrants';

async function fixAllActions(uri: vscode.Uri, document: vscode.TextDocument): Promise<vscode.CodeAction[]> {
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, whole, FIX_ALL_KIND);
  return actions.filter((a) => a.kind?.value === FIX_ALL_KIND);
}

describe('fix-all', () => {
  before(activateExtension);
  afterEach(resetEditors);

  it('the command fixes every finding of the active editor in one undoable edit', async () => {
    const editor = await openFixture(INPUT);
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (ds) => ds.length >= 5);
    // The cursor sits in the comment on line 1, outside every change: a minimal edit leaves it there.
    editor.selection = new vscode.Selection(0, 10, 0, 10);
    const versionBefore = editor.document.version;
    const applied = await vscode.commands.executeCommand<boolean>('sesGrants.fixAll');
    assert.equal(applied, true);
    assertSameText(editor.document.getText(), await workspaceText(FIXED), 'after sesGrants.fixAll');
    assert.equal(editor.document.version, versionBefore + 1, 'one edit');
    assert.deepEqual([editor.selection.active.line, editor.selection.active.character], [0, 10]);
    await waitForDiagnostics(uri, (ds) => ds.length === 0);
    await vscode.commands.executeCommand('undo');
    assertSameText(editor.document.getText(), await workspaceText(INPUT), 'after one undo');
  });

  it('offers source.fixAll.sesGrants with the same result', async () => {
    const editor = await openFixture(INPUT);
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (ds) => ds.length >= 5);
    const actions = await fixAllActions(uri, editor.document);
    assert.equal(actions.length, 1);
    assert.ok(actions[0]!.edit);
    const edits = actions[0]!.edit.get(uri);
    assert.equal(edits.length, 1, 'a single replacement');
    assert.ok(edits[0]!.range.start.line > 0, 'the untouched first line is not part of the replacement');
    assert.ok(await vscode.workspace.applyEdit(actions[0]!.edit));
    assertSameText(editor.document.getText(), await workspaceText(FIXED), 'after the fix-all action');
  });

  it('offers no fix-all when there is nothing to fix', async () => {
    const fixed = await openFixture(FIXED);
    assert.deepEqual(await workspaceJson<string[]>('fixAll/bucket-and-key.fixed.expected.json'), []);
    // Positive control: the input gets its fix-all, so the provider is there and answering.
    const input = await openFixture(INPUT);
    await waitForDiagnostics(input.document.uri, (ds) => ds.length >= 5);
    assert.equal((await fixAllActions(input.document.uri, input.document)).length, 1);
    assert.deepEqual(await fixAllActions(fixed.document.uri, fixed.document), []);
  });

  it('runs on save through editor.codeActionsOnSave: {"source.fixAll.sesGrants": "explicit"}', async () => {
    await assertFixedOnSave({ inputFixture: INPUT, expectedFixture: FIXED, fileName: 'bucket-and-key.jsonc', ready: (ds) => ds.length >= 5 });
  });

  it('saving a JSON file without SES content keeps its private-use characters (icon-font glyphs)', async () => {
    const text = await workspaceText('fixAll/waybar-pua.jsonc');
    assert.ok(/\uE000/.test(text) && /\uE001/.test(text), 'the fixture holds U+E000 and U+E001');
    // Expected = the input: saving with fix-all on changes no character of a file that holds no grant.
    await assertFixedOnSave({ inputFixture: 'fixAll/waybar-pua.jsonc', expectedFixture: 'fixAll/waybar-pua.jsonc', fileName: 'waybar.jsonc', languageId: 'jsonc', ready: (ds) => ds.length === 0 });
  });

  it('the command leaves other languages alone', async () => {
    const text = await workspaceText(INPUT);
    const editor = await openText(text, 'plaintext');
    assert.equal(await vscode.commands.executeCommand<boolean>('sesGrants.fixAll'), false);
    assert.equal(editor.document.getText(), text);
  });
});
