import * as vscode from 'vscode';
import { joinSetups, type SetupGrant, type SetupTarget } from '../../formats/receivingSetup';
import type { GrantStatus } from '../../policy/grantStatus';
import type { GrantKind } from '../../policy/model';
import type { Span } from '../../policy/tree';
import type { WorkspaceCheck } from './workspaceCheck';

export const GRANTS_VIEW_ID = 'sesGrants.grants';
export const REVEAL_COMMAND = 'sesGrants.view.reveal';

/** A node of the tree: what it shows and where it lives. */
export type GrantsNode =
  | { readonly type: 'rule'; readonly file: vscode.Uri; readonly name: string; readonly span: Span; readonly targets: readonly GrantsNode[] }
  | { readonly type: 'target'; readonly file: vscode.Uri; readonly target: SetupTarget; readonly grants: readonly GrantsNode[] }
  | { readonly type: 'grant'; readonly file: vscode.Uri; readonly grant: SetupGrant }
  | { readonly type: 'unused'; readonly grants: readonly GrantsNode[] };

const STATUS_ICON: Record<GrantStatus, [icon: string, color: string]> = {
  dead: ['circle-slash', 'errorForeground'],
  open: ['unlock', 'list.errorForeground'],
  legacy: ['history', 'list.warningForeground'],
  account: ['shield', 'charts.blue'],
  pinned: ['lock', 'testing.iconPassed'],
};

const KIND_ICON: Record<GrantKind, string> = { s3: 'database', kms: 'key', lambda: 'symbol-function', sns: 'broadcast', sts: 'person' };

export function statusText(status: GrantStatus): string {
  switch (status) {
    case 'dead':
      return vscode.l10n.t('dead: can never allow SES');
    case 'open':
      return vscode.l10n.t('open to any account');
    case 'legacy':
      return vscode.l10n.t('legacy form');
    case 'account':
      return vscode.l10n.t('account only');
    case 'pinned':
      return vscode.l10n.t('pinned to a rule');
  }
}

function kindNoun(kind: GrantKind): string {
  switch (kind) {
    case 's3':
      return vscode.l10n.t('bucket');
    case 'kms':
      return vscode.l10n.t('key');
    case 'lambda':
      return vscode.l10n.t('function');
    case 'sns':
      return vscode.l10n.t('topic');
    case 'sts':
      return vscode.l10n.t('role');
  }
}

/**
 * The "SES Grants" view: receipt rules → their targets → the grants that let SES use them, then the grants no
 * known rule uses. It shows what the workspace check has read, and follows its updates. The badge counts
 * grants open to any account.
 */
export class GrantsTree implements vscode.TreeDataProvider<GrantsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<GrantsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: GrantsNode[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  private view: vscode.TreeView<GrantsNode> | undefined;

  constructor(private readonly check: WorkspaceCheck) {
    this.subscriptions.push(this.changed, check.onDidUpdate(() => this.refresh()));
    this.refresh();
  }

  attach(view: vscode.TreeView<GrantsNode>): void {
    this.view = view;
    this.updateBadge();
  }

  /** The tree as nodes (the view and the tests read the same). */
  get rootNodes(): readonly GrantsNode[] {
    return this.roots;
  }

  refresh(): void {
    const setup = joinSetups(this.check.locatedSetups.sort((a, b) => (a.file.toString() < b.file.toString() ? -1 : 1)));
    const grantNode = ({ file, grant }: { file: vscode.Uri; grant: SetupGrant }): GrantsNode => ({ type: 'grant', file, grant });
    this.roots = setup.rules.map((rule) => ({
      type: 'rule' as const,
      file: rule.file,
      name: rule.rule.name,
      span: rule.rule.span,
      targets: rule.targets.map((target) => ({ type: 'target' as const, file: rule.file, target: target.target, grants: target.grants.map(grantNode) })),
    }));
    if (setup.unused.length > 0) this.roots.push({ type: 'unused', grants: setup.unused.map(grantNode) });
    this.changed.fire(undefined);
    this.updateBadge();
  }

  /** Grants open to any account, each counted once (a grant can serve several rules). */
  openGrantCount(): number {
    const open = new Set<SetupGrant>();
    for (const located of this.check.locatedSetups) for (const grant of located.setup.grants) if (grant.status === 'open') open.add(grant);
    return open.size;
  }

  private updateBadge(): void {
    if (!this.view) return;
    const count = this.openGrantCount();
    this.view.badge = count > 0 ? { value: count, tooltip: vscode.l10n.t('{0} grants open to any account', count) } : undefined;
  }

  getChildren(node?: GrantsNode): GrantsNode[] {
    if (!node) return this.roots;
    switch (node.type) {
      case 'rule':
        return [...node.targets];
      case 'target':
      case 'unused':
        return [...node.grants];
      case 'grant':
        return [];
    }
  }

  getTreeItem(node: GrantsNode): vscode.TreeItem {
    switch (node.type) {
      case 'rule': {
        const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = new vscode.ThemeIcon('mail');
        item.description = fileName(node.file);
        item.contextValue = 'rule';
        item.command = revealCommand(node.file, node.span);
        return item;
      }
      case 'target': {
        const none = node.grants.length === 0;
        const item = new vscode.TreeItem(node.target.name, none ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = new vscode.ThemeIcon(KIND_ICON[node.target.kind]);
        item.description = none ? vscode.l10n.t('{0} · no grant', kindNoun(node.target.kind)) : kindNoun(node.target.kind);
        item.contextValue = none ? 'target.withoutGrant' : 'target';
        item.command = revealCommand(node.file, node.target.span);
        return item;
      }
      case 'unused': {
        const item = new vscode.TreeItem(vscode.l10n.t('Grants no known receipt rule uses'), vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = new vscode.ThemeIcon('question');
        item.contextValue = 'unused';
        return item;
      }
      case 'grant':
        return grantItem(node.file, node.grant);
    }
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

function grantItem(file: vscode.Uri, grant: SetupGrant): vscode.TreeItem {
  const sid = grant.statement.sid?.text;
  const kinds = grant.classification.kinds.map(kindNoun).join(', ');
  const item = new vscode.TreeItem(sid ? `${sid} (${kinds})` : kinds, vscode.TreeItemCollapsibleState.None);
  const [icon, color] = STATUS_ICON[grant.status];
  item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
  const count = grant.findings.length;
  item.description = `${statusText(grant.status)} · ${count === 1 ? vscode.l10n.t('1 finding') : vscode.l10n.t('{0} findings', count)} · ${fileName(file)}`;
  item.tooltip = `${vscode.workspace.asRelativePath(file)}\n${grant.findings.map((finding) => finding.id).join('\n')}`;
  // The context menu offers the fix and the documentation only when there is a finding to act on.
  item.contextValue = count > 0 ? 'grant.withFindings' : 'grant';
  item.command = revealCommand(file, grant.statement.node.span);
  return item;
}

function revealCommand(file: vscode.Uri, span: Span): vscode.Command {
  return { command: REVEAL_COMMAND, title: vscode.l10n.t('Reveal'), arguments: [file, span.offset, span.length] };
}

function fileName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
