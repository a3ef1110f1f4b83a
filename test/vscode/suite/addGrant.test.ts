// "SES: Add SES Grant…" in the real editor, run with an argument object (no prompts). Each case starts from a
// file of test/vscode/workspace/addGrant/ (or an empty / no editor) and compares the whole resulting text with
// the `.expected` file beside it. Values not given come from the workspace settings (111122223333, us-east-1,
// rule set inbound, rule store).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, openFixture, openText, resetEditors, WAIT_MS } from './helpers';
import { withoutAccountSetting, workspaceText } from './workspaceFiles';

const COMMAND = 'sesGrants.addGrant';

interface AddGrantResult {
  readonly outcome: 'added' | 'updated' | 'unchanged' | 'opened';
  readonly uri: string;
}

function expectedText(name: string): Promise<string> {
  return workspaceText(`addGrant/${name}`);
}

async function addGrant(argument: Record<string, unknown>): Promise<AddGrantResult | undefined> {
  return vscode.commands.executeCommand<AddGrantResult | undefined>(COMMAND, argument);
}

/** The fixtures are indented with two spaces; say so, rather than depend on indentation detection. */
async function openPolicy(name: string): Promise<vscode.TextEditor> {
  const editor = await openFixture(`addGrant/${name}`);
  editor.options = { tabSize: 2, insertSpaces: true };
  return editor;
}

/**
 * Runs the command without arguments, i.e. through its real quick picks and input boxes, and answers every
 * prompt that shows up with `quickInputCommand` (accept the default, or close) until the command finishes.
 * A command sent while no prompt is open does nothing, so this waits on the command's own promise rather
 * than guessing when the next prompt appears. After `answers` answers the prompts are closed instead:
 * `stopped` says the command was still asking then.
 */
async function runPrompted(
  quickInputCommand: string,
  answers = Number.POSITIVE_INFINITY,
): Promise<{ result: AddGrantResult | undefined; answered: number; stopped: boolean }> {
  let finished = false;
  const running = Promise.resolve(vscode.commands.executeCommand<AddGrantResult | undefined>(COMMAND)).finally(() => {
    finished = true;
  });
  const deadline = Date.now() + WAIT_MS;
  let answered = 0;
  let stopped = false;
  while (!finished) {
    assert.ok(Date.now() < deadline, `the prompts did not finish within ${WAIT_MS} ms`);
    stopped = answered >= answers;
    await vscode.commands.executeCommand(stopped ? 'workbench.action.closeQuickOpen' : quickInputCommand);
    answered++;
    await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 50))]);
  }
  return { result: await running, answered, stopped };
}

describe('Add SES Grant command', () => {
  before(async () => {
    await activateExtension();
  });
  afterEach(resetEditors);

  it('is contributed with the SES category', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes(COMMAND));
  });

  it('fills an empty untitled JSON editor with a whole bucket policy', async () => {
    const editor = await openText('', 'json');
    editor.options = { tabSize: 2, insertSpaces: true };
    const result = await addGrant({ kind: 's3', bucket: 'inbox-mail', prefix: 'mail/' });
    assert.deepEqual(result, { outcome: 'added', uri: editor.document.uri.toString() });
    assert.equal(editor.document.getText(), await expectedText('empty-s3.expected.json'));
  });

  it('turns a single Statement object into an array holding the KMS grant', async () => {
    const editor = await openPolicy('object-statement.json');
    const result = await addGrant({ kind: 'kms' });
    assert.equal(result?.outcome, 'added');
    assert.equal(editor.document.getText(), await expectedText('object-statement.expected.json'));
  });

  it('appends the SNS grant to a Statement array', async () => {
    const editor = await openPolicy('array-statement.json');
    await addGrant({ kind: 'sns', topicArn: 'arn:aws:sns:us-east-1:444455556666:inbound-mail' });
    assert.equal(editor.document.getText(), await expectedText('array-statement.expected.json'));
  });

  it('keeps the comments of a JSONC policy, and copies the add-permission command line for Lambda', async () => {
    const editor = await openPolicy('comments.jsonc');
    assert.equal(editor.document.languageId, 'jsonc');
    await vscode.env.clipboard.writeText('');
    await addGrant({ kind: 'lambda', functionName: 'process-mail', copyCommandLine: true });
    assert.equal(editor.document.getText(), await expectedText('comments.expected.jsonc'));
    const copied = await vscode.env.clipboard.readText();
    assert.match(copied, /^aws lambda add-permission --function-name 'process-mail' /);
    assert.match(copied, /--source-arn 'arn:aws:ses:us-east-1:111122223333:receipt-rule-set\/inbound:receipt-rule\/store'/);
  });

  it('updates the grant for the same bucket instead of adding a duplicate', async () => {
    const editor = await openPolicy('existing-grant.json');
    const result = await addGrant({ kind: 's3', bucket: 'inbox-mail' });
    assert.equal(result?.outcome, 'updated');
    assert.equal(editor.document.getText(), await expectedText('existing-grant.expected.json'));
    // Asked again, the grant is already there: nothing changes.
    const again = await addGrant({ kind: 's3', bucket: 'inbox-mail' });
    assert.equal(again?.outcome, 'unchanged');
    assert.equal(editor.document.getText(), await expectedText('existing-grant.expected.json'));
  });

  it('updates the grant already in a CloudFormation template in place, as in a JSON policy', async () => {
    const editor = await openPolicy('existing-grant-template.yaml');
    const result = await addGrant({ kind: 's3', bucket: 'inbox-mail' });
    assert.equal(result?.outcome, 'updated');
    assert.equal(editor.document.getText(), await expectedText('existing-grant-template.expected.yaml'));
    const again = await addGrant({ kind: 's3', bucket: 'inbox-mail' });
    assert.equal(again?.outcome, 'unchanged');
    assert.equal(editor.document.getText(), await expectedText('existing-grant-template.expected.yaml'));
  });

  it('adds a second grant when told to, with a Sid of its own', async () => {
    const editor = await openPolicy('existing-grant.json');
    const result = await addGrant({ kind: 's3', bucket: 'inbox-mail', ifExists: 'add' });
    assert.equal(result?.outcome, 'added');
    const statements = (JSON.parse(editor.document.getText()) as { Statement: { Sid: string }[] }).Statement;
    assert.deepEqual(statements.map((s) => s.Sid), ['AllowSESPuts', 'AllowSESPuts2']);
  });

  it('opens a new JSON document with the AddPermission request when no editor is open', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const result = await addGrant({ kind: 'lambda', functionName: 'process-mail' });
    assert.equal(result?.outcome, 'opened');
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === result?.uri);
    assert.ok(document, 'the new document is open');
    assert.equal(document.languageId, 'json');
    assert.equal(document.isUntitled, true);
    // A new document takes the JSON editor settings: VS Code's default of 4 spaces here.
    assert.equal(document.getText(), await expectedText('no-editor-lambda.expected.json'));
    assert.equal(vscode.window.activeTextEditor?.document, document);
  });

  it('asks step by step, defaults from the settings and the policy, when run without arguments', async () => {
    // Every default is accepted: S3 (the first kind), the account, region, rule set and rule of the
    // workspace settings, the bucket the policy already names, and no key prefix.
    const editor = await openPolicy('prompted-bucket.json');
    const { result, answered } = await runPrompted('workbench.action.acceptSelectedQuickOpenItem');
    assert.ok(answered >= 8, `eight prompts were answered (${answered} accepts sent)`);
    assert.deepEqual(result, { outcome: 'added', uri: editor.document.uri.toString() });
    assert.equal(editor.document.getText(), await expectedText('prompted-bucket.expected.json'));
  });

  it('in a Terraform module with a caller identity, asks for no account and writes data.aws_caller_identity.current.account_id', async () => {
    // main.tf holds the bucket's policy; identity.tf beside it declares the caller identity and the region.
    const editor = await openPolicy('terraform-identity/main.tf');
    await withoutAccountSetting(async () => {
      const { result, answered } = await runPrompted('workbench.action.acceptSelectedQuickOpenItem');
      // S3, one rule, rule set, rule, bucket, no prefix: the account and the region are the module's.
      assert.ok(answered >= 6, `six prompts were answered (${answered} accepts sent)`);
      assert.deepEqual(result, { outcome: 'added', uri: editor.document.uri.toString() });
    });
    assert.equal(editor.document.getText(), await expectedText('terraform-identity/main.tf.expected'));
  });

  it('in a Terraform module without a caller identity, still asks for the account and writes the one given', async () => {
    const editor = await openPolicy('terraform-settings/main.tf');
    const { result, answered } = await runPrompted('workbench.action.acceptSelectedQuickOpenItem');
    assert.ok(answered >= 8, `eight prompts were answered (${answered} accepts sent)`);
    assert.deepEqual(result, { outcome: 'added', uri: editor.document.uri.toString() });
    assert.equal(editor.document.getText(), await expectedText('terraform-settings/main.tf.expected'));
  });

  it('in a Terraform module without a caller identity, waits at the account prompt when the settings give none', async () => {
    const editor = await openPolicy('terraform-settings/main.tf');
    const before = editor.document.getText();
    await withoutAccountSetting(async () => {
      // Far more accepts than the eight prompts: the empty account input box refuses every one.
      const { result, stopped } = await runPrompted('workbench.action.acceptSelectedQuickOpenItem', 30);
      assert.equal(stopped, true, 'the command was still asking');
      assert.equal(result, undefined);
    });
    assert.equal(editor.document.getText(), before);
  });

  it('changes nothing when the prompts are closed with Escape', async () => {
    const editor = await openPolicy('prompted-bucket.json');
    const before = editor.document.getText();
    const { result } = await runPrompted('workbench.action.closeQuickOpen');
    assert.equal(result, undefined);
    assert.equal(editor.document.getText(), before);
    assert.equal(editor.document.isDirty, false);
  });

  it('does not put a grant into the policy of another kind of resource: it opens a new document', async () => {
    const editor = await openPolicy('object-statement.json');
    const before = editor.document.getText();
    const result = await addGrant({ kind: 's3', bucket: 'inbox-mail' });
    assert.equal(result?.outcome, 'opened');
    assert.notEqual(result?.uri, editor.document.uri.toString());
    assert.equal(editor.document.getText(), before, 'the key policy is untouched');
    const opened = vscode.window.activeTextEditor?.document;
    assert.equal(opened?.uri.toString(), result?.uri);
    assert.match(opened?.getText() ?? '', /"Resource": "arn:aws:s3:::inbox-mail\/\*"/);
  });

  it('refuses invalid arguments and changes nothing', async () => {
    const editor = await openPolicy('array-statement.json');
    const before = editor.document.getText();
    for (const argument of [
      { kind: 's3', bucket: 'Not_A_Bucket' },
      { kind: 'queue' },
      { kind: 'kms', accountId: '1234' },
      { kind: 'sns', topicArn: 'arn:aws:sns:eu-west-1:444455556666:inbound-mail' },
      { kind: 's3', bucket: 'inbox-mail', colour: 'blue' },
    ]) {
      assert.equal(await addGrant(argument), undefined, JSON.stringify(argument));
      assert.equal(editor.document.getText(), before, JSON.stringify(argument));
      assert.equal(editor.document.isDirty, false);
    }
  });
});
