import * as vscode from 'vscode';
import { GRANTS_VIEW_ID, GrantsTree, REVEAL_COMMAND } from './grantsView';
import { ADD_GRANT_FOR_TARGET_COMMAND, addGrantForTarget, APPLY_FIX_COMMAND, applyPreferredFix, reveal, SHOW_DOCS_COMMAND, showFindingDocs } from './viewCommands';
import { CHECK_WORKSPACE_COMMAND, WorkspaceCheck, type CheckArguments } from './workspaceCheck';

export { CHECK_WORKSPACE_COMMAND } from './workspaceCheck';
/** Internal: the tree's nodes as the view shows them (the extension-host tests read them). */
export const VIEW_NODES_COMMAND = 'sesGrants.view.nodes';

/** The workspace check, the "SES Grants" view over its results, and their commands. */
export function registerWorkspace(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, onConfigFilesChange: vscode.Event<void>): void {
  const check = new WorkspaceCheck(log, onConfigFilesChange);
  const tree = new GrantsTree(check);
  const view = vscode.window.createTreeView(GRANTS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  tree.attach(view);
  context.subscriptions.push(
    check,
    tree,
    view,
    vscode.commands.registerCommand(CHECK_WORKSPACE_COMMAND, (argument?: CheckArguments) => check.run(argument)),
    vscode.commands.registerCommand(REVEAL_COMMAND, (file: vscode.Uri, offset: number, length: number) => reveal(file, offset, length)),
    vscode.commands.registerCommand(APPLY_FIX_COMMAND, (node) => applyPreferredFix(node, log)),
    vscode.commands.registerCommand(SHOW_DOCS_COMMAND, (node) => showFindingDocs(node)),
    vscode.commands.registerCommand(ADD_GRANT_FOR_TARGET_COMMAND, (node) => addGrantForTarget(node, log)),
    vscode.commands.registerCommand(VIEW_NODES_COMMAND, () => ({ nodes: tree.rootNodes, openGrants: tree.openGrantCount(), item: (node: Parameters<typeof tree.getTreeItem>[0]) => tree.getTreeItem(node) })),
  );
  check.startIfWanted();
}
