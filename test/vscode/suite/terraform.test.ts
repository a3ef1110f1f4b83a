// Terraform in the real editor. code-server has no Terraform extension, so `.tf` files open as plain text
// (recognised by their name) and `.tf.json` files as JSON: exact diagnostics once the WebAssembly parser has
// loaded, the module's other files read for the checks across resources, and hover on a condition key in an
// `aws_iam_policy_document`. Fixtures: test/vscode/workspace/terraform/ (the workspace settings give
// 111122223333, us-east-1, inbound, store).
import * as assert from 'node:assert/strict';
import { activateExtension, describeDiagnostics, openFixture, resetEditors, waitForDiagnostics, waitForSesHovers } from './helpers';
import { positionOf, workspaceJson } from './workspaceFiles';

describe('Terraform files', () => {
  before(activateExtension);
  afterEach(resetEditors);

  it('a .tf file opened as plain text gets exactly the findings the linter reports', async () => {
    const editor = await openFixture('terraform/bucket-open.tf');
    assert.equal(editor.document.languageId, 'plaintext');
    const expected = await workspaceJson<string[]>('terraform/bucket-open.expected.json');
    const diagnostics = await waitForDiagnostics(editor.document.uri, (ds) => ds.length === expected.length);
    assert.deepEqual(describeDiagnostics(diagnostics), expected);
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

  it('hover explains a condition key of a policy document', async () => {
    const editor = await openFixture('terraform/document.tf');
    const position = positionOf(editor.document, 'AWS:SourceAccount', 4);
    const hovers = await waitForSesHovers(editor.document.uri, position);
    assert.equal(hovers.length, 1);
    // The key's range with its quotes, as in JSON.
    assert.equal(editor.document.getText(hovers[0]!.range), '"AWS:SourceAccount"');
  });
});
