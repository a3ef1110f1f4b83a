// The "SES Grants" view over test/vscode/workspace/workspaceCheck/: its tree (receipt rules → targets → grants
// with their status, then the grants no known rule uses) as expected-tree.json beside the fixtures, the badge's
// count, a click revealing the grant, and the context action applying the preferred fix.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, fixtureUri, resetEditors, waitFor } from './helpers';
import { workspaceJson } from './workspaceFiles';

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

function findGrant(state: ViewState, labelText: string, file: string): ViewNode {
  const all: ViewNode[] = [];
  const walk = (node: ViewNode) => {
    all.push(node);
    children(node).forEach(walk);
  };
  state.nodes.forEach(walk);
  const found = all.find((node) => node.type === 'grant' && label(state.item(node)) === labelText && String(state.item(node).description).endsWith(file));
  assert.ok(found, `no grant ${labelText} in ${file}`);
  return found;
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
});
