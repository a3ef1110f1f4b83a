// Grants written inside other files, in the real editor: a policy in a Markdown code block, an `aws lambda
// add-permission` command in a shell script and a policy held as a string in `aws lambda get-policy` output
// show their diagnostics at the place in the file, and the preferred quick fix writes the file's own form
// (the block's indentation, the command's quoting and line continuations, the string's escapes). In Markdown,
// `<!-- ses-grants-disable -->` comments hide what they cover and one that hides nothing is
// `unused-suppression`. Fixtures and the text expected after each fix: test/vscode/workspace/embedded/.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, findingId, openFixture, quickFixesAt, resetEditors, waitFor, waitForDiagnostics } from './helpers';
import { assertSameText, workspaceText } from './workspaceFiles';

const CASES = [
  { file: 'runbook.md', language: 'markdown', id: 's3-missing-source-conditions', marks: '"Principal": { "Service": "ses.amazonaws.com" }' },
  { file: 'grant.sh', language: 'shellscript', id: 'lambda-missing-source-conditions', marks: '--principal ses.amazonaws.com' },
  { file: 'get-policy.json', language: 'json', id: 'lambda-missing-source-conditions', marks: '\\"Principal\\":{\\"Service\\":\\"ses.amazonaws.com\\"}' },
] as const;

describe('grants inside Markdown, shell scripts and strings', () => {
  before(activateExtension);
  afterEach(resetEditors);

  for (const { file, language, id, marks } of CASES) {
    it(`${file}: the diagnostic points into the embedded text and the preferred fix writes it in place`, async () => {
      const editor = await openFixture(`embedded/${file}`);
      assert.equal(editor.document.languageId, language);
      const uri = editor.document.uri;
      const diagnostics = await waitForDiagnostics(uri, (ds) => ds.some((d) => findingId(d) === id));
      const diagnostic = diagnostics.find((d) => findingId(d) === id)!;
      assert.equal(editor.document.getText(diagnostic.range), marks);
      const preferred = await waitFor(`a preferred fix for ${id}`, async () => (await quickFixesAt(uri, diagnostic.range)).find((a) => a.isPreferred));
      assert.ok(preferred.edit && (await vscode.workspace.applyEdit(preferred.edit)), 'the edit applies');
      assertSameText(editor.document.getText(), await workspaceText(`embedded/${file.replace(/\.(\w+)$/, '.fixed.$1')}`), `${file} after "${preferred.title}"`);
      await waitForDiagnostics(uri, (ds) => !ds.some((d) => findingId(d) === id));
    });
  }

  it('Markdown suppression comments hide their block; one that hides nothing shows as unused-suppression', async () => {
    const editor = await openFixture('embedded/suppressed.md');
    const diagnostics = await waitForDiagnostics(editor.document.uri, (ds) => ds.length > 0);
    assert.deepEqual(
      diagnostics.map((d) => findingId(d)),
      ['unused-suppression'],
    );
    assert.equal(diagnostics[0]!.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(editor.document.getText(diagnostics[0]!.range), 'kms-excess-actions');
  });
});
