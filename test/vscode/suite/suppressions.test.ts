// Inline suppressions in the real editor: `ses-grants-disable-next-line` comments hide their diagnostics and an
// unused one shows as `unused-suppression`; the quick fix "Suppress <id> on this line" writes the comment (`//`
// in JSON with comments, `#` in YAML), is never preferred, makes the diagnostic go, and is not offered in a
// strict `json` document. Fixtures: test/vscode/workspace/suppressions/.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, describeDiagnostics, findingId, openFixture, quickFixesAt, resetEditors, waitFor, waitForDiagnostics } from './helpers';
import { assertSameText, workspaceJson, workspaceText } from './workspaceFiles';

const ID = 's3-missing-source-conditions';
const suppressTitle = (id: string) => vscode.l10n.t('Suppress {0} on this line', id);
const docsTitle = (id: string) => vscode.l10n.t('Show documentation for {0}', id);

async function diagnosticFor(uri: vscode.Uri, id: string): Promise<vscode.Diagnostic> {
  const diagnostics = await waitForDiagnostics(uri, (ds) => ds.some((d) => findingId(d) === id));
  return diagnostics.find((d) => findingId(d) === id)!;
}

/** The quick fixes at a diagnostic, once the documentation action shows the provider has answered for it. */
async function actionsAt(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const id = findingId(diagnostic);
  return waitFor(`the code actions for ${id}`, async () => {
    const actions = await quickFixesAt(uri, diagnostic.range);
    return actions.some((a) => a.title === docsTitle(id)) ? actions : undefined;
  });
}

describe('inline suppressions', () => {
  before(activateExtension);
  afterEach(resetEditors);

  it('suppression comments hide their diagnostics; a suppression that hides nothing shows as unused-suppression', async () => {
    const editor = await openFixture('suppressions/accepted.jsonc');
    assert.equal(editor.document.languageId, 'jsonc');
    const expected = await workspaceJson<string[]>('suppressions/accepted.expected.json');
    const diagnostics = await waitForDiagnostics(editor.document.uri, (ds) => ds.length === expected.length);
    assert.deepEqual(describeDiagnostics(diagnostics), expected);
    const unused = diagnostics[0]!;
    assert.equal(unused.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(editor.document.getText(unused.range), 's3-action-too-broad');
  });

  for (const [fixture, language] of [['open.jsonc', 'jsonc'], ['open.yaml', 'yaml']] as const) {
    it(`the suppress quick fix writes the comment and the diagnostic goes (${language})`, async () => {
      const editor = await openFixture(`suppressions/${fixture}`);
      assert.equal(editor.document.languageId, language);
      const uri = editor.document.uri;
      const actions = await actionsAt(uri, await diagnosticFor(uri, ID));
      const suppress = actions.find((a) => a.title === suppressTitle(ID));
      assert.ok(suppress, `"${suppressTitle(ID)}" is offered among ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.equal(suppress.kind?.value, vscode.CodeActionKind.QuickFix.value);
      assert.notEqual(suppress.isPreferred, true, 'suppressing is never the preferred fix');
      assert.ok(actions.some((a) => a.isPreferred && a.title !== suppress.title), 'a real fix stays the preferred one');
      assert.ok(suppress.edit && (await vscode.workspace.applyEdit(suppress.edit)), 'the edit applies');
      const expected = await workspaceText(`suppressions/${fixture.replace('open.', 'open.suppressed.')}`);
      assertSameText(editor.document.getText(), expected, `${fixture} after "${suppress.title}"`);
      await waitForDiagnostics(uri, (ds) => ds.length === 0);
    });
  }

  it('is not offered in a strict json document, where a comment is an error', async () => {
    const editor = await openFixture('suppressions/strict.json');
    assert.equal(editor.document.languageId, 'json');
    const uri = editor.document.uri;
    const actions = await actionsAt(uri, await diagnosticFor(uri, ID));
    assert.ok(actions.some((a) => a.isPreferred), 'the real fixes are offered');
    assert.deepEqual(actions.filter((a) => a.title === suppressTitle(ID)).map((a) => a.title), []);
  });
});
