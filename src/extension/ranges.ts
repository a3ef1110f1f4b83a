import * as vscode from 'vscode';
import type { Span } from '../policy/tree';

/** The core speaks offsets; VS Code speaks ranges. This is the one place that converts (ARCHITECTURE.md, house rule 2). */
export function rangeOf(document: vscode.TextDocument, span: Span): vscode.Range {
  return new vscode.Range(document.positionAt(span.offset), document.positionAt(span.offset + span.length));
}

export function spanOf(document: vscode.TextDocument, range: vscode.Range): Span {
  const offset = document.offsetAt(range.start);
  return { offset, length: document.offsetAt(range.end) - offset };
}
