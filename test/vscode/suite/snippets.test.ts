// The generated snippets (snippets/json.json) as VS Code offers them: completion items in JSON and JSONC
// editors, through the real completion pipeline.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, openText, repoUri, resetEditors, waitFor } from './helpers';

const PREFIXES = ['ses-kms', 'ses-kms-policy', 'ses-lambda', 'ses-lambda-permission', 'ses-s3', 'ses-s3-policy', 'ses-sns', 'ses-sns-policy'];

function label(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

async function sesItemsAt(editor: vscode.TextEditor, position: vscode.Position): Promise<vscode.CompletionItem[]> {
  // The snippet service loads the contributed files once the extension is known; ask until they are there.
  return waitFor('the ses-* snippet completions', async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      editor.document.uri,
      position,
    );
    const items = list.items.filter((item) => label(item).startsWith('ses-') && item.kind === vscode.CompletionItemKind.Snippet);
    return items.length >= PREFIXES.length ? items : undefined;
  });
}

describe('SES snippets', () => {
  before(async () => {
    await activateExtension();
  });
  afterEach(resetEditors);

  for (const language of ['json', 'jsonc']) {
    it(`are offered in ${language} inside a Statement array`, async () => {
      const editor = await openText('{\n  "Version": "2012-10-17",\n  "Statement": [\n    ses\n  ]\n}\n', language);
      const items = await sesItemsAt(editor, new vscode.Position(3, 7));
      assert.deepEqual([...new Set(items.map(label))].sort(), PREFIXES);
    });
  }

  it('insert the generated body, placeholders as tab stops', async () => {
    const editor = await openText('ses', 'json');
    const items = await sesItemsAt(editor, new vscode.Position(0, 3));
    const s3 = items.find((item) => label(item) === 'ses-s3-policy');
    assert.ok(s3);
    const generatedText = new TextDecoder().decode(await vscode.workspace.fs.readFile(repoUri('snippets/json.json')));
    const generated = JSON.parse(generatedText) as Record<string, { prefix: string; body: string[] }>;
    const body = Object.values(generated).find((s) => s.prefix === 'ses-s3-policy')!.body.join('\n');
    const insertText = s3.insertText instanceof vscode.SnippetString ? s3.insertText.value : String(s3.insertText);
    assert.equal(insertText, body);
    assert.match(insertText, /\$\{1:BUCKET-NAME\}/);
  });
});
