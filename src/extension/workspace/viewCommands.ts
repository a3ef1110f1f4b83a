import * as vscode from 'vscode';
import { isKnownRuleId } from '../../policy/catalogue';
import { addGrantPrompted } from '../addGrant';
import { SHOW_RULE_DOCS_COMMAND } from '../ruleDocsLink';
import { findingIdOf } from '../diagnostics';
import { logFailure } from '../log';
import type { GrantsNode } from './grantsView';

export const APPLY_FIX_COMMAND = 'sesGrants.view.applyFix';
export const SHOW_DOCS_COMMAND = 'sesGrants.view.showDocs';
export const ADD_GRANT_FOR_TARGET_COMMAND = 'sesGrants.view.addGrant';

/** How long the context action waits for an opened file's live diagnostics before giving up. */
const DIAGNOSTICS_WAIT_MS = 5_000;

/** Opens a file with the span selected (a click on a rule, target or grant). */
export async function reveal(file: vscode.Uri, offset: number, length: number): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(file);
  const range = new vscode.Range(document.positionAt(offset), document.positionAt(offset + length));
  return vscode.window.showTextDocument(document, { selection: range, preview: false });
}

/**
 * "Apply Preferred Fix": opens the grant's file and applies the preferred quick fix of its first finding that
 * has one, through the same code actions the light bulb offers. True when a fix was applied.
 */
export async function applyPreferredFix(node: GrantsNode | undefined, log: vscode.LogOutputChannel): Promise<boolean> {
  if (node?.type !== 'grant') return false;
  try {
    const span = node.grant.statement.node.span;
    const editor = await reveal(node.file, span.offset, span.length);
    const uri = editor.document.uri;
    const ids = new Set(node.grant.findings.map((finding) => finding.id));
    const statementRange = editor.selection;
    await liveDiagnostics(uri, (d) => ids.has(findingIdOf(d) ?? '') && statementRange.contains(d.range));
    // The editor's markers reach the code-action pipeline a moment after the extension host has them.
    const deadline = Date.now() + DIAGNOSTICS_WAIT_MS;
    do {
      const preferred = await preferredFix(uri, ids, statementRange);
      if (preferred) {
        if (preferred.edit) await vscode.workspace.applyEdit(preferred.edit);
        if (preferred.command) await vscode.commands.executeCommand(preferred.command.command, ...(preferred.command.arguments ?? []));
        return true;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    } while (Date.now() < deadline);
    void vscode.window.showInformationMessage(vscode.l10n.t('This grant has no fix to apply.'));
    return false;
  } catch (error) {
    logFailure(log, 'Applying the preferred fix from the SES Grants view', error);
    return false;
  }
}

async function preferredFix(uri: vscode.Uri, ids: ReadonlySet<string>, statementRange: vscode.Range): Promise<vscode.CodeAction | undefined> {
  for (const diagnostic of vscode.languages.getDiagnostics(uri)) {
    const id = findingIdOf(diagnostic);
    if (!id || !ids.has(id) || !statementRange.contains(diagnostic.range)) continue;
    let actions: vscode.CodeAction[] | undefined;
    try {
      actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    } catch {
      // The request is cancelled when the editor's state moves under it (the document just opened): ask again.
      return undefined;
    }
    const preferred = actions?.find((action) => action.isPreferred && (action.diagnostics ?? [diagnostic]).some((d) => findingIdOf(d) === id));
    if (preferred) return preferred;
  }
  return undefined;
}

/** "Show Finding Documentation": the page of the grant's first finding (the one its status comes from first). */
export async function showFindingDocs(node: GrantsNode | undefined): Promise<void> {
  if (node?.type !== 'grant') return;
  const id = node.grant.findings.map((finding) => finding.id).find(isKnownRuleId);
  if (id) await vscode.commands.executeCommand(SHOW_RULE_DOCS_COMMAND, id);
}

/**
 * "Add SES Grant" on a target without one: opens the file at the target and runs the command's prompts, the
 * target's kind (bucket, key, function, topic) offered first and its name as the default.
 */
export async function addGrantForTarget(node: GrantsNode | undefined, log: vscode.LogOutputChannel): Promise<unknown> {
  if (node?.type !== 'target' || node.target.kind === 'sts') return undefined;
  await reveal(node.file, node.target.span.offset, node.target.span.length);
  return addGrantPrompted(log, { kind: node.target.kind, name: node.target.name });
}

/** Resolves when the file has a diagnostic of ours matching, or after a while (the fix then finds none). */
function liveDiagnostics(uri: vscode.Uri, wanted: (diagnostic: vscode.Diagnostic) => boolean): Promise<void> {
  if (vscode.languages.getDiagnostics(uri).some(wanted)) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, DIAGNOSTICS_WAIT_MS);
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === uri.toString()) && vscode.languages.getDiagnostics(uri).some(wanted)) done();
    });
    function done(): void {
      clearTimeout(timer);
      listener.dispose();
      resolve();
    }
  });
}
