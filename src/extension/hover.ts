import * as vscode from 'vscode';
import { hoverAt } from '../service';
import { SHOW_RULE_DOCS_COMMAND, showRuleDocsLink } from './codeActions';
import { documentAnalysis, isPolicyDocument } from './documents';
import { logFailure } from './log';
import { rangeOf } from './ranges';
import { getSettings } from './settings';

/**
 * Explains SES condition keys and receipt-rule ARNs under the pointer. The texts and the search for what is
 * under the pointer live in the core (hoverText.ts); this only converts offsets and wraps the Markdown.
 */
export class SesGrantsHover implements vscode.HoverProvider {
  constructor(private readonly log: vscode.LogOutputChannel) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    try {
      if (!isPolicyDocument(document) || !getSettings(document.uri).enable) return undefined;
      const hover = hoverAt(documentAnalysis(document), document.offsetAt(position), vscode.env.language, showRuleDocsLink);
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
