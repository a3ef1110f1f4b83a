// The "SES Grants" view over test/vscode/workspace/workspaceCheck/: its tree (receipt rules → targets → grants
// with their status, then the grants no known rule uses) as expected-tree.json beside the fixtures, the badge's
// count, a click revealing the grant, the context actions (apply the preferred fix, show the finding's page, Add
// SES Grant on a target without one), and the tree following a file written and deleted on disk.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, fixtureUri, resetEditors, waitFor, WAIT_MS } from './helpers';
import { workspaceJson, workspaceText } from './workspaceFiles';

interface ViewNode {
  readonly type: 'rule' | 'target' | 'grant' | 'unused';
}

interface ViewState {
  readonly nodes: readonly ViewNode[];
  readonly openGrants: number;
  item(node: ViewNode): vscode.TreeItem;
}

function children(node: ViewNode): ViewNode[] {
  const withChildren = node as { targets?: ViewNode[]; grants?: ViewNode[] };
  return [...(withChildren.targets ?? []), ...(withChildren.grants ?? [])];
}

function label(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

function describeTree(state: ViewState): string[] {
  const lines: string[] = [];
  const walk = (node: ViewNode, depth: number) => {
    const item = state.item(node);
    const name = node.type === 'unused' ? 'group' : node.type;
    const description = node.type === 'rule' ? ` (${item.description})` : item.description ? `: ${item.description}` : '';
    const context = item.contextValue === 'target.withoutGrant' ? ' [target.withoutGrant]' : '';
    lines.push(`${'  '.repeat(depth)}${name} ${label(item)}${description}${context}`);
    for (const child of children(node)) walk(child, depth + 1);
  };
  for (const node of state.nodes) walk(node, 0);
  return lines;
}

async function viewState(): Promise<ViewState> {
  return (await vscode.commands.executeCommand<ViewState>('sesGrants.view.nodes'))!;
}

function allNodes(state: ViewState): ViewNode[] {
  const all: ViewNode[] = [];
  const walk = (node: ViewNode) => {
    all.push(node);
    children(node).forEach(walk);
  };
  state.nodes.forEach(walk);
  return all;
}

function grantsIn(state: ViewState, file: string): ViewNode[] {
  return allNodes(state).filter((node) => node.type === 'grant' && String(state.item(node).description).endsWith(file));
}

function findGrant(state: ViewState, labelText: string, file: string): ViewNode {
  const found = grantsIn(state, file).find((node) => label(state.item(node)) === labelText);
  assert.ok(found, `no grant ${labelText} in ${file}`);
  return found;
}

function docsTabOpen(id: string): boolean {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .some((tab) => tab.label.includes(id) || (tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === `ses-grants-docs:/rules/${id}.md`));
}

/**
 * Runs a view command that opens the Add SES Grant prompts and accepts what each prompt offers first, until
 * the command finishes (a command sent while no prompt is open does nothing).
 */
async function acceptEveryPrompt<T>(running: Thenable<T>): Promise<T> {
  let finished = false;
  const done = Promise.resolve(running).finally(() => {
    finished = true;
  });
  const deadline = Date.now() + 3 * WAIT_MS;
  let answered = 0;
  while (!finished) {
    assert.ok(Date.now() < deadline, `the prompts did not finish within ${3 * WAIT_MS} ms (${answered} accepts sent)`);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    answered++;
    await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 50))]);
  }
  return done;
}

describe('SES Grants view', () => {
  before(async () => {
    await activateExtension();
    await vscode.commands.executeCommand('sesGrants.checkWorkspace', { include: 'workspaceCheck/**' });
  });
  afterEach(resetEditors);

  it('the tree shows rules, targets and grants with their status, as expected-tree.json', async () => {
    const expected = await workspaceJson<{ tree: string[]; openGrants: number }>('workspaceCheck/expected-tree.json');
    const state = await viewState();
    assert.deepEqual(describeTree(state), expected.tree);
    assert.equal(state.openGrants, expected.openGrants);
  });

  it('the view opens from its container, and a click reveals the grant in its file', async () => {
    await vscode.commands.executeCommand('sesGrants.grants.focus');
    const state = await viewState();
    const grant = findGrant(state, 'AllowSESPuts (bucket)', 'template.yaml');
    const command = state.item(grant).command!;
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const editor = await waitFor('the template in an editor', () => vscode.window.activeTextEditor?.document.uri.toString() === fixtureUri('workspaceCheck/template.yaml').toString() && vscode.window.activeTextEditor);
    assert.match(editor.document.getText(editor.selection), /^Sid: AllowSESPuts[\s\S]*Resource: !Sub '\$\{MailBucket\.Arn\}\/\*'$/);
  });

  it('"Apply Preferred Fix" on an open grant writes the source conditions (the file is left unsaved)', async () => {
    const state = await viewState();
    const grant = findGrant(state, 'topic', 'open-topic.json');
    assert.equal(state.item(grant).contextValue, 'grant.withFindings');
    const applied = await vscode.commands.executeCommand<boolean>('sesGrants.view.applyFix', grant);
    assert.equal(applied, true);
    const document = vscode.window.activeTextEditor!.document;
    assert.equal(document.uri.toString(), fixtureUri('workspaceCheck/policies/open-topic.json').toString());
    assert.ok(document.isDirty);
    assert.match(document.getText(), /"aws:SourceAccount": "111122223333"/i);
    assert.match(document.getText(), /receipt-rule-set\/inbound:receipt-rule\/store/);
  });

  it('"Show Finding Documentation" opens the page of the grant\'s finding', async () => {
    const state = await viewState();
    const dead = findGrant(state, 'bucket', 'dead-bucket.json');
    assert.equal(docsTabOpen('s3-resource-not-object-arn'), false);
    await vscode.commands.executeCommand('sesGrants.view.showDocs', dead);
    await waitFor('a tab showing the s3-resource-not-object-arn page', () => docsTabOpen('s3-resource-not-object-arn'));
  });

  it('"Add SES Grant" on a function without a grant offers the Lambda permission first and writes it', async () => {
    const state = await viewState();
    const target = allNodes(state).find((node) => node.type === 'target' && label(state.item(node)) === 'ProcessMail');
    assert.ok(target, 'the ProcessMail target is in the tree');
    assert.equal(state.item(target).contextValue, 'target.withoutGrant');
    const result = await acceptEveryPrompt(vscode.commands.executeCommand<{ outcome: string; uri: string } | undefined>('sesGrants.view.addGrant', target));
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.toString(), fixtureUri('workspaceCheck/template.yaml').toString(), 'the template is the editor the grant went to');
    assert.deepEqual(result, { outcome: 'added', uri: editor.document.uri.toString() });
    assert.match(editor.document.getText(), /Type: AWS::Lambda::Permission/);
    assert.match(editor.document.getText(), /Principal: ses\.amazonaws\.com/);
    // The target's logical id was the default function name: the permission refers to that resource.
    assert.match(editor.document.getText(), /FunctionName: !(GetAtt ProcessMail\.Arn|Ref ProcessMail)/);
  });

  it('the tree follows a policy written to disk and deleted again', async () => {
    const written = fixtureUri('workspaceCheck/policies/written-for-view.json');
    const before = await viewState();
    assert.deepEqual(grantsIn(before, 'written-for-view.json'), []);
    try {
      await vscode.workspace.fs.writeFile(written, new TextEncoder().encode(await workspaceText('workspaceCheck/policies/open-topic.json')));
      const after = await waitFor('the written policy\'s grant in the tree', async () => {
        const state = await viewState();
        return grantsIn(state, 'written-for-view.json').length === 1 && state;
      });
      assert.equal(after.openGrants, before.openGrants + 1, 'the badge counts the new open grant');
    } finally {
      await vscode.workspace.fs.delete(written).then(undefined, () => undefined);
    }
    await waitFor('the deleted policy\'s grant gone from the tree', async () => grantsIn(await viewState(), 'written-for-view.json').length === 0);
  });
});
