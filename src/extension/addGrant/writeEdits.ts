import * as vscode from 'vscode';
import type { OffsetEdit } from '../../policy/fixes';
import { renderPlain } from '../../policy/templates';
import type { AddGrantResult } from './request';

/**
 * Writes the edits (placeholders as the guide's names) and shows them; undefined when the editor refused.
 * `plannedVersion` is the document version the edits' offsets were planned on: a question the user answered
 * meanwhile (a modal prompt) leaves time for the document to change (a reload from disk, another extension),
 * and offsets of an older text would land in the wrong places, so nothing is written then.
 */
export async function writeEdits(
  editor: vscode.TextEditor,
  edits: readonly OffsetEdit[],
  outcome: 'added' | 'updated',
  plannedVersion: number,
): Promise<AddGrantResult | undefined> {
  const document = editor.document;
  const version = document.version;
  if (version !== plannedVersion) return notWritten();
  const applied = await editor.edit((builder) => {
    for (const edit of edits) {
      const range = new vscode.Range(document.positionAt(edit.offset), document.positionAt(edit.offset + edit.length));
      builder.replace(range, renderPlain(edit.content));
    }
  });
  // VS Code refuses the edit when the document changed meanwhile or cannot be edited (read-only).
  if (!applied) return notWritten();
  if (document.version === version) return { outcome: 'unchanged', uri: document.uri.toString() };
  revealEdit(editor, edits);
  return { outcome, uri: document.uri.toString() };
}

function notWritten(): undefined {
  void vscode.window.showErrorMessage(vscode.l10n.t('The grant could not be written: the document changed meanwhile or is read-only. Nothing was changed.'));
  return undefined;
}

/** Shows the changed text: the edit's range, rendered, in the updated document. */
function revealEdit(editor: vscode.TextEditor, edits: readonly OffsetEdit[]): void {
  const first = edits[0];
  if (!first) return;
  const document = editor.document;
  const start = document.positionAt(first.offset);
  const end = document.positionAt(first.offset + renderPlain(first.content).length);
  editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
