import * as vscode from 'vscode';
import { askWorker, documentAnalysis, isPolicyDocument } from './documents';
import { hoverPlan, type HoverPlan } from './featurePlans';
import { logFailure } from './log';
import { rangeOf } from './ranges';
import { SHOW_RULE_DOCS_COMMAND } from './ruleDocsLink';
import { getSettings } from './settings';

/**
 * Explains SES condition keys and receipt-rule ARNs under the pointer. The texts and the search for what is
 * under the pointer live in the core (hoverText.ts), asked of the analysis worker for a large document
 * (featurePlans.ts); this only converts offsets and wraps the Markdown.
 */
export class SesGrantsHover implements vscode.HoverProvider {
  constructor(private readonly log: vscode.LogOutputChannel) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    try {
      if (!isPolicyDocument(document) || !getSettings(document.uri).enable) return undefined;
      const hover = await hoverIn(document, document.offsetAt(position), token);
      if (!hover) return undefined;
      // The Markdown carries document text (escaped in the core): no HTML, no theme icons, and of the commands
      // only the docs command of the footer's rule link (showRuleDocsLink), which opens known ids' pages only.
      const contents = new vscode.MarkdownString(hover.markdown, false);
      contents.isTrusted = { enabledCommands: [SHOW_RULE_DOCS_COMMAND] };
      contents.supportHtml = false;
      return new vscode.Hover(contents, rangeOf(document, hover.span));
    } catch (error) {
      logFailure(this.log, `Hover in ${document.uri.toString()}`, error);
      return undefined;
    }
  }
}

/** The hover at an offset of the current version: from the worker, else (or when it cannot answer) from the thread's analysis. */
async function hoverIn(document: vscode.TextDocument, offset: number, token: vscode.CancellationToken): Promise<HoverPlan | undefined> {
  const fromWorker = await askWorker(document, { kind: 'hover', offset, locale: vscode.env.language });
  // The document changed meanwhile: the offset names other text now, and VS Code asks again.
  if (fromWorker.kind === 'stale' || token.isCancellationRequested) return undefined;
  if (fromWorker.kind === 'answered' && fromWorker.answer.kind === 'hover') return fromWorker.answer.hover;
  return hoverPlan(documentAnalysis(document), offset, vscode.env.language);
}
