import * as vscode from 'vscode';
import { fixAll } from '../service';
import { minimalReplacement } from '../policy/textDiff';
import { documentAnalysis, formattingFor, isPolicyDocument } from './documents';
import { logFailure } from './log';
import { rangeOf } from './ranges';
import { getSettings, knownValues } from './settings';

/** `editor.codeActionsOnSave: {"source.fixAll.sesGrants": "explicit"}` runs this kind. */
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('sesGrants');
export const FIX_ALL_COMMAND = 'sesGrants.fixAll';

/**
 * One replacement covering only the region fix-all changed (common prefix and suffix kept), so the cursor,
 * folding and undo history outside it stay put. Undefined when there is nothing to fix.
 */
export function fixAllEdit(document: vscode.TextDocument, options?: vscode.FormattingOptions): vscode.WorkspaceEdit | undefined {
  if (!isPolicyDocument(document) || !getSettings(document.uri).enable) return undefined;
  const before = document.getText();
  // Fix-all inserts no tab stops (there is no snippet session on save): the core renders unknown values as the
  // guide's names inside the text it inserts, and only there; the rest of the document is never rendered.
  // Re-linted between rounds by the document's format: CloudFormation templates in YAML and JSON too.
  // The first round reads the document's analysis; the texts of later rounds exist only here.
  const after = fixAll(documentAnalysis(document), knownValues(document), formattingFor(document, options));
  const replacement = minimalReplacement(before, after);
  if (!replacement) return undefined;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, rangeOf(document, replacement), replacement.content);
  return edit;
}

export function fixAllAction(document: vscode.TextDocument): vscode.CodeAction | undefined {
  const edit = fixAllEdit(document);
  if (!edit) return undefined;
  const action = new vscode.CodeAction(vscode.l10n.t('Fix all SES grant problems'), FIX_ALL_KIND);
  action.edit = edit;
  return action;
}

/** The `sesGrants.fixAll` command: fix-all on the active editor, with a word when there is nothing to do. */
export async function runFixAllCommand(log: vscode.LogOutputChannel): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isPolicyDocument(editor.document)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a JSON policy to fix its SES grants.'));
    return false;
  }
  try {
    const options = { tabSize: Number(editor.options.tabSize) || 4, insertSpaces: editor.options.insertSpaces !== false };
    const edit = fixAllEdit(editor.document, options);
    if (!edit) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No SES grant problems to fix.'));
      return false;
    }
    return await vscode.workspace.applyEdit(edit);
  } catch (error) {
    logFailure(log, 'Fix all', error);
    void vscode.window.showErrorMessage(vscode.l10n.t('Fixing SES grants failed; see the "SES Grants" log.'));
    return false;
  }
}
