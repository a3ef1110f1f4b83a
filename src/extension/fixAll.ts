import * as vscode from 'vscode';
import type { OffsetEdit } from '../policy/fixes';
import { askWorker, documentAnalysis, formattingFor, isPolicyDocument } from './documents';
import { fixAllPlan } from './featurePlans';
import { logFailure } from './log';
import { rangeOf } from './ranges';
import { getSettings, settingValues } from './settings';

/** `editor.codeActionsOnSave: {"source.fixAll.sesGrants": "explicit"}` runs this kind. */
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('sesGrants');
export const FIX_ALL_COMMAND = 'sesGrants.fixAll';

/**
 * One replacement covering only the region fix-all changed (common prefix and suffix kept), so the cursor,
 * folding and undo history outside it stay put (featurePlans.ts, fixAllPlan). Undefined when there is nothing
 * to fix. A large document's fix-all runs in the analysis worker, from the analysis it holds of the version.
 */
export async function fixAllEdit(document: vscode.TextDocument, options?: vscode.FormattingOptions): Promise<vscode.WorkspaceEdit | undefined> {
  if (!isPolicyDocument(document) || !getSettings(document.uri).enable) return undefined;
  const replacement = await fixAllReplacement(document, options);
  if (!replacement) return undefined;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, rangeOf(document, replacement), replacement.content);
  return edit;
}

/**
 * Fix-all of the document's current version: in the worker for a large document, else (or when it cannot
 * answer) on this thread. The edit is for the text as it is when it comes back: a version that changed while
 * the worker worked is fixed again, here.
 */
async function fixAllReplacement(document: vscode.TextDocument, options: vscode.FormattingOptions | undefined): Promise<OffsetEdit | undefined> {
  const values = settingValues(document);
  const formatting = formattingFor(document, options);
  const fromWorker = await askWorker(document, { kind: 'fixAll', settingValues: values, formatting });
  if (fromWorker.kind === 'answered' && fromWorker.answer.kind === 'fixAll') return fromWorker.answer.replacement;
  return fixAllPlan(documentAnalysis(document), values, formatting);
}

export async function fixAllAction(document: vscode.TextDocument): Promise<vscode.CodeAction | undefined> {
  const edit = await fixAllEdit(document);
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
    const edit = await fixAllEdit(editor.document, options);
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
