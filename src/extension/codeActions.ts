import * as vscode from 'vscode';
import type { Finding } from '../policy/findings';
import type { FixProposal, OffsetEdit } from '../policy/fixes';
import { fixes, suppression, type Analysis } from '../service';
import { localizedFixTitle } from '../policy/messages.ja';
import { hasPlaceholders, renderSnippet } from '../policy/templates';
import { findingIdOf } from './diagnostics';
import { documentAnalysis, formattingFor, isPolicyDocument } from './documents';
import { FIX_ALL_KIND, fixAllAction } from './fixAll';
import { logFailure } from './log';
import { rangeOf, sameSpan, spanOf } from './ranges';
import { knownValues } from './settings';

/** The internal command behind "Show documentation for …" (not in the palette: it needs an id). */
export const SHOW_RULE_DOCS_COMMAND = 'sesGrants.showRuleDocs';

/**
 * Quick fixes for our diagnostics (one preferred per diagnostic), a documentation action per finding, and
 * the `source.fixAll.sesGrants` action when it is asked for (Source Action menu, `codeActionsOnSave`).
 */
export class SesGrantsCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(private readonly log: vscode.LogOutputChannel) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
    token: vscode.CancellationToken,
  ): vscode.CodeAction[] {
    try {
      if (!isPolicyDocument(document)) return [];
      const actions: vscode.CodeAction[] = [];
      if (wants(context, vscode.CodeActionKind.QuickFix)) actions.push(...this.quickFixes(document, context, token));
      // Only on request: a fix-all in the light bulb of every diagnostic would crowd the real fixes.
      if (context.only && wants(context, FIX_ALL_KIND)) {
        const fixAll = fixAllAction(document);
        if (fixAll) actions.push(fixAll);
      }
      return actions;
    } catch (error) {
      logFailure(this.log, `Code actions for ${document.uri.toString()}`, error);
      return [];
    }
  }

  private quickFixes(document: vscode.TextDocument, context: vscode.CodeActionContext, token: vscode.CancellationToken): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => findingIdOf(d) !== undefined);
    if (ours.length === 0) return [];
    // The diagnostics may be one debounce behind the text: re-lint and match findings by id and range.
    const analysis = documentAnalysis(document);
    const result = analysis.result;
    const values = knownValues(document);
    const formatting = formattingFor(document);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      if (token.isCancellationRequested) return [];
      const id = findingIdOf(diagnostic)!;
      const finding = matchingFinding(result.findings, id, spanOf(document, diagnostic.range));
      if (finding) {
        const proposals = fixes(analysis, finding, { values, formatting });
        actions.push(...fixActions(document, diagnostic, proposals));
        const suppress = suppressAction(document, analysis, diagnostic, finding);
        if (suppress) actions.push(suppress);
      }
      actions.push(docsAction(diagnostic, id));
    }
    return actions;
  }
}

function wants(context: vscode.CodeActionContext, kind: vscode.CodeActionKind): boolean {
  return !context.only || context.only.contains(kind);
}

function matchingFinding(findings: readonly Finding[], id: string, span: { offset: number; length: number }): Finding | undefined {
  return findings.find((f) => f.id === id && sameSpan(f.span, span));
}

function fixActions(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, proposals: readonly FixProposal[]): vscode.CodeAction[] {
  // Exactly one preferred fix per diagnostic: the core marks the safest; if it marked none or several, the first wins.
  const preferredIndex = Math.max(0, proposals.findIndex((p) => p.preferred));
  return proposals.map((proposal, index) => {
    const action = new vscode.CodeAction(localizedFixTitle(proposal, vscode.env.language), vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    action.isPreferred = index === preferredIndex;
    action.edit = workspaceEdit(document, proposal.edits);
    return action;
  });
}

/**
 * Edits carrying placeholder marks become snippet edits whose tab stops are named after the missing value
 * (`AWSACCOUNTID`, `REGION`…), so the user fills them in place; the rest are plain text edits.
 */
export function workspaceEdit(document: vscode.TextDocument, edits: readonly OffsetEdit[]): vscode.WorkspaceEdit {
  const result = new vscode.WorkspaceEdit();
  let nextTabStop = 1;
  const converted = edits.map((edit): vscode.TextEdit | vscode.SnippetTextEdit => {
    const range = rangeOf(document, edit);
    if (!hasPlaceholders(edit.content)) return vscode.TextEdit.replace(range, edit.content);
    const snippet = renderSnippet(edit.content, nextTabStop);
    nextTabStop += countTabStops(snippet);
    return new vscode.SnippetTextEdit(range, new vscode.SnippetString(snippet));
  });
  result.set(document.uri, converted);
  return result;
}

function countTabStops(snippet: string): number {
  return new Set([...snippet.matchAll(/(?<!\\)\$\{(\d+)/g)].map((m) => m[1])).size;
}

/** "Suppress <id> on this line": a `ses-grants-disable-next-line` comment, never the preferred action. */
function suppressAction(document: vscode.TextDocument, analysis: Analysis, diagnostic: vscode.Diagnostic, finding: Finding): vscode.CodeAction | undefined {
  const edit = suppression(analysis, finding);
  if (!edit) return undefined;
  const action = new vscode.CodeAction(vscode.l10n.t('Suppress {0} on this line', finding.id), vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.isPreferred = false;
  action.edit = workspaceEdit(document, [edit]);
  return action;
}

function docsAction(diagnostic: vscode.Diagnostic, id: string): vscode.CodeAction {
  const title = vscode.l10n.t('Show documentation for {0}', id);
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.command = { title, command: SHOW_RULE_DOCS_COMMAND, arguments: [id] };
  return action;
}

/**
 * A Markdown link that runs the docs command on a finding id: what a hover links. VS Code's hover keeps links
 * of http(s), mailto, file and vscode-remote only (links of other schemes, the pages' own `ses-grants-docs:`
 * among them, show as plain text) plus, in Markdown trusted for it, command links.
 */
export function showRuleDocsLink(id: string): string {
  return `command:${SHOW_RULE_DOCS_COMMAND}?${encodeURIComponent(JSON.stringify([id]))}`;
}

/** Opens a rule's bundled page: rendered when the Markdown preview is there, else as text. */
export async function showRuleDocs(docs: vscode.Uri, log: vscode.LogOutputChannel): Promise<void> {
  try {
    const commands = await vscode.commands.getCommands(true);
    if (commands.includes('markdown.showPreview')) {
      await vscode.commands.executeCommand('markdown.showPreview', docs);
      return;
    }
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(docs), { preview: true });
  } catch (error) {
    logFailure(log, `Opening ${docs.toString()}`, error);
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not open the documentation page {0}.', docs.fsPath));
  }
}
