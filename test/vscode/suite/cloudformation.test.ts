// CloudFormation templates in the real editor (VS Code's built-in `yaml` language): exact diagnostics on a YAML
// template, a quick fix and fix-all on save with their exact results (comments kept, the stack's account as
// `!Ref AWS::AccountId`), hover on a condition key, no diagnostics on a GitHub workflow that mentions SES,
// the `ses-cfn-*` snippets, and "Add SES Grant" with arguments into a template. Fixtures:
// test/vscode/workspace/cloudformation/ (the workspace settings give 111122223333, us-east-1, inbound, store).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activateExtension,
  describeDiagnostics,
  openFixture,
  openText,
  resetEditors,
  sesGrantsDiagnostics,
  waitFor,
  waitForDiagnostics,
  waitForSesHovers,
} from './helpers';
import { assertFixedOnSave, assertSameText, assertSourceConditionsQuickFix, positionOf, workspaceJson, workspaceText } from './workspaceFiles';

const TEMPLATE = 'cloudformation/bucket-open.yaml';

function label(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

describe('CloudFormation templates', () => {
  before(activateExtension);
  afterEach(resetEditors);

  it('a YAML template gets exactly the findings the linter reports', async () => {
    const editor = await openFixture(TEMPLATE);
    assert.equal(editor.document.languageId, 'yaml');
    const expected = await workspaceJson<string[]>('cloudformation/bucket-open.expected.json');
    const diagnostics = await waitForDiagnostics(editor.document.uri, (ds) => ds.length === expected.length);
    assert.deepEqual(describeDiagnostics(diagnostics), expected);
  });

  it('the preferred quick fix adds the source conditions as YAML, comments kept', async () => {
    await assertSourceConditionsQuickFix(TEMPLATE, 's3-missing-source-conditions', 'cloudformation/bucket-open.fixed.yaml');
  });

  it('source.fixAll.sesGrants runs on save for YAML', async () => {
    await assertFixedOnSave({
      inputFixture: TEMPLATE,
      expectedFixture: 'cloudformation/bucket-open.fixall.yaml',
      fileName: 'template.yaml',
      languageId: 'yaml',
      ready: (ds) => ds.length === 2,
    });
  });

  it('hover explains a condition key in a template', async () => {
    const editor = await openFixture('cloudformation/bucket-open.fixed.yaml');
    const position = positionOf(editor.document, 'AWS:SourceAccount', 4);
    const hovers = await waitForSesHovers(editor.document.uri, position);
    assert.equal(hovers.length, 1);
    assert.equal(editor.document.getText(hovers[0]!.range), 'AWS:SourceAccount');
  });

  it('a GitHub workflow that mentions SES gets no diagnostics', async () => {
    const editor = await openFixture('cloudformation/workflow.yaml');
    assert.equal(editor.document.languageId, 'yaml');
    // Diagnostics are computed when a document opens: a template opened after it has its findings by then.
    const template = await openFixture(TEMPLATE);
    await waitForDiagnostics(template.document.uri);
    assert.deepEqual(describeDiagnostics(sesGrantsDiagnostics(editor.document.uri)), []);
  });

  it('offers the ses-cfn-* snippets in YAML', async () => {
    const editor = await openText('Resources:\n  ses', 'yaml');
    const items = await waitFor('the ses-cfn-* snippet completions', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, new vscode.Position(1, 5));
      const found = list.items.filter((item) => label(item).startsWith('ses-cfn-') && item.kind === vscode.CompletionItemKind.Snippet);
      return found.length >= 4 ? found : undefined;
    });
    assert.deepEqual([...new Set(items.map(label))].sort(), ['ses-cfn-kms', 'ses-cfn-lambda', 'ses-cfn-s3', 'ses-cfn-sns']);
    const s3 = items.find((item) => label(item) === 'ses-cfn-s3')!;
    const insertText = s3.insertText instanceof vscode.SnippetString ? s3.insertText.value : String(s3.insertText);
    assert.match(insertText, /^MailBucketPolicy:\n {2}Type: AWS::S3::BucketPolicy\n/);
    assert.match(insertText, /AWS:SourceAccount: !Ref AWS::AccountId/);
  });

  it('Add SES Grant with arguments adds a BucketPolicy resource to the template', async () => {
    const editor = await openFixture('cloudformation/add-grant.yaml');
    editor.options = { tabSize: 2, insertSpaces: true };
    const result = await vscode.commands.executeCommand<{ outcome: string; uri: string } | undefined>('sesGrants.addGrant', { kind: 's3', bucket: 'inbox-mail' });
    assert.deepEqual(result, { outcome: 'added', uri: editor.document.uri.toString() });
    assertSameText(editor.document.getText(), await workspaceText('cloudformation/add-grant.expected.yaml'), 'after Add SES Grant');
  });
});
