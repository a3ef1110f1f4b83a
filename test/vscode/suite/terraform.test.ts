// Terraform in the real editor, without the HashiCorp extension: `.tf` files open in the `terraform` language
// this extension declares (and are still read when shown as plain text), `.tf.json` files as JSON: exact
// diagnostics once the WebAssembly parser has loaded, the `ses-tf-*` snippets, the module's other files read for the checks across resources, Add SES Grant with arguments (exact text), and hover on a condition key in an
// `aws_iam_policy_document`; quick fixes in `.tf.json` too. Fixtures: test/vscode/workspace/terraform/ (the workspace settings give
// 111122223333, us-east-1, inbound, store).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activateExtension,
  describeDiagnostics,
  findingId,
  openFixture,
  openRepoFile,
  openText,
  repoUri,
  resetEditors,
  waitFor,
  waitForDiagnostics,
  waitForSesHovers,
} from './helpers';
import { assertFixedOnSave, assertSourceConditionsQuickFix, positionOf, withoutAccountSetting, workspaceJson } from './workspaceFiles';

function label(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

describe('Terraform files', () => {
  before(activateExtension);
  afterEach(resetEditors);

  it('a .tf file gets exactly the findings the linter reports, in the terraform language and as plain text', async () => {
    const editor = await openFixture('terraform/bucket-open.tf');
    assert.equal(editor.document.languageId, 'terraform');
    const expected = await workspaceJson<string[]>('terraform/bucket-open.expected.json');
    const diagnostics = await waitForDiagnostics(editor.document.uri, (ds) => ds.length === expected.length);
    assert.deepEqual(describeDiagnostics(diagnostics), expected);
    // Shown as plain text (no language for .tf), it is recognised by its name.
    const plain = await vscode.languages.setTextDocumentLanguage(editor.document, 'plaintext');
    assert.equal(plain.languageId, 'plaintext');
    const again = await waitForDiagnostics(plain.uri, (ds) => ds.length === expected.length);
    assert.deepEqual(describeDiagnostics(again), expected);
  });

  it('offers the four ses-tf-* snippets in a .tf file', async () => {
    const editor = await openText('ses', 'terraform');
    const items = await waitFor('the ses-tf-* snippet completions', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, new vscode.Position(0, 3));
      const found = list.items.filter((item) => label(item).startsWith('ses-tf-') && item.kind === vscode.CompletionItemKind.Snippet);
      return found.length >= 4 ? found : undefined;
    });
    assert.deepEqual([...new Set(items.map(label))].sort(), ['ses-tf-kms', 'ses-tf-lambda', 'ses-tf-s3', 'ses-tf-sns']);
    const s3 = items.find((item) => label(item) === 'ses-tf-s3')!;
    const insertText = s3.insertText instanceof vscode.SnippetString ? s3.insertText.value : String(s3.insertText);
    assert.match(insertText, /^resource "aws_s3_bucket_policy" "\$\{1:mail\}" \{\n {2}bucket = aws_s3_bucket\.\$\{1\}\.id\n/);
    assert.match(insertText, /"AWS:SourceAccount" = "\$\{2:AWSACCOUNTID\}"/);
  });

  it('a .tf.json file opened as JSON is read as Terraform', async () => {
    const editor = await openFixture('terraform/permission.tf.json');
    assert.equal(editor.document.languageId, 'json');
    const expected = await workspaceJson<string[]>('terraform/permission.expected.json');
    const diagnostics = await waitForDiagnostics(editor.document.uri, (ds) => ds.length === expected.length);
    assert.deepEqual(describeDiagnostics(diagnostics), expected);
  });

  it('a receipt rule whose grant is in another file of the module is not reported', async () => {
    const editor = await openFixture('terraform/module/rule.tf');
    // Linted alone the file would also have receipt-rule-target-without-grant on the rule's bucket.
    const diagnostics = await waitForDiagnostics(editor.document.uri);
    assert.deepEqual(describeDiagnostics(diagnostics), ['22:3-22:34 lambda-missing-source-arn']);
  });

  it('the preferred quick fix on aws_lambda_permission adds source_account and source_arn, comments kept', async () => {
    await assertSourceConditionsQuickFix('terraform/fix/permission-open.tf', 'lambda-missing-source-conditions', 'terraform/fix/permission-open.fixed.tf');
  });

  it('source.fixAll.sesGrants runs on save in a .tf file', async () => {
    await assertFixedOnSave({
      inputFixture: 'terraform/fix/permission-open.tf',
      expectedFixture: 'terraform/fix/permission-open.fixed.tf',
      fileName: 'main.tf',
      languageId: 'terraform',
      ready: (ds) => ds.some((d) => findingId(d) === 'lambda-missing-source-conditions'),
    });
  });

  it('Add SES Grant with arguments writes the grant into the bucket\'s jsonencode policy, in its style', async () => {
    await assertGrantAdded('s3-jsonencode');
  });

  it('Add SES Grant with arguments adds an aws_lambda_permission for the function the file defines', async () => {
    await assertGrantAdded('lambda-new-permission');
  });

  it('Add SES Grant with arguments and no account anywhere writes the module\'s data.aws_caller_identity', async () => {
    await withoutAccountSetting(() => assertGrantAdded('s3-jsonencode', { accountId: undefined }));
  });

  // Inside policies: HCL object syntax in jsonencode, condition blocks in an aws_iam_policy_document.
  for (const [fixture, id] of [
    ['jsonencode-open', 's3-missing-source-conditions'],
    ['document-open', 'sns-missing-source-conditions'],
  ] as const) {
    it(`the preferred quick fix inside ${fixture}.tf writes Terraform, comments kept`, async () => {
      await assertSourceConditionsQuickFix(`terraform/fix/${fixture}.tf`, id, `terraform/fix/${fixture}.fixed.tf`);
    });

    it(`fix-all on save inside ${fixture}.tf writes the same`, async () => {
      await assertFixedOnSave({
        inputFixture: `terraform/fix/${fixture}.tf`,
        expectedFixture: `terraform/fix/${fixture}.fixed.tf`,
        fileName: 'main.tf',
        languageId: 'terraform',
        ready: (ds) => ds.some((d) => findingId(d) === id),
      });
    });
  }

  // Terraform's JSON syntax: JSON members on aws_lambda_permission (the module's caller identity and region
  // as interpolations), HCL object syntax inside a "${jsonencode({…})}" string (the same data sources, declared
  // in the other file of the folder), written with the string's escapes.
  for (const [fixture, id] of [
    ['permission-open', 'lambda-missing-source-conditions'],
    ['jsonencode-open', 's3-missing-source-conditions'],
  ] as const) {
    it(`the preferred quick fix in ${fixture}.tf.json writes Terraform's JSON syntax`, async () => {
      await assertSourceConditionsQuickFix(`terraform/fix-json/${fixture}.tf.json`, id, `terraform/fix-json/${fixture}.fixed.tf.json`);
    });
  }

  it('hover explains a condition key of a policy document', async () => {
    const editor = await openFixture('terraform/document.tf');
    const position = positionOf(editor.document, 'AWS:SourceAccount', 4);
    const hovers = await waitForSesHovers(editor.document.uri, position);
    assert.equal(hovers.length, 1);
    // The key's range with its quotes, as in JSON.
    assert.equal(editor.document.getText(hovers[0]!.range), '"AWS:SourceAccount"');
  });
});

/** The settings' values of the unit test of these cases (test/unit/terraform-insert.test.ts), given as arguments. */
const SETTINGS = { accountId: '111122223333', region: 'us-east-1', ruleSet: 'inbound', rule: 'store' };

/**
 * Runs "Add SES Grant" with the request of a case of test/fixtures/insert-terraform/ on its `input.tf` and
 * compares the whole text with its `expected.tf` (`overrides` change the arguments). A second run finds the grant
 * and changes nothing.
 */
async function assertGrantAdded(name: string, overrides: Record<string, unknown> = {}): Promise<void> {
  const folder = `test/fixtures/insert-terraform/${name}`;
  const read = async (file: string) => new TextDecoder().decode(await vscode.workspace.fs.readFile(repoUri(`${folder}/${file}`)));
  // Through JSON: an override of undefined leaves the argument out.
  const argument = JSON.parse(JSON.stringify({ ...SETTINGS, ...(JSON.parse(await read('request.json')) as Record<string, unknown>), ...overrides })) as Record<string, unknown>;
  const expected = await read('expected.tf');
  const editor = await openRepoFile(`${folder}/input.tf`);
  editor.options = { tabSize: 2, insertSpaces: true };
  const result = await vscode.commands.executeCommand<{ outcome: string; uri: string } | undefined>('sesGrants.addGrant', argument);
  assert.deepEqual(result, { outcome: 'added', uri: editor.document.uri.toString() });
  assert.equal(editor.document.getText(), expected);
  const again = await vscode.commands.executeCommand<{ outcome: string } | undefined>('sesGrants.addGrant', argument);
  assert.equal(again?.outcome, 'unchanged');
  assert.equal(editor.document.getText(), expected);
}
