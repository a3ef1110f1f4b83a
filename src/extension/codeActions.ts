import * as vscode from 'vscode';
import type { OffsetEdit } from '../policy/fixes';
import { hasPlaceholders, renderSnippet } from '../policy/templates';
import { findingIdOf } from './diagnostics';
import { askWorker, documentAnalysis, formattingFor, isPolicyDocument } from './documents';
import { quickFixPlans, type FindingFixPlan, type FindingTarget, type FixPlan, type FixRequestSettings } from './featurePlans';
import { FIX_ALL_KIND, fixAllAction } from './fixAll';
import { logFailure } from './log';
import { rangeOf, spanOf } from './ranges';
import { SHOW_RULE_DOCS_COMMAND } from './ruleDocsLink';
import { settingValues } from './settings';

/**
 * Quick fixes for our diagnostics (one preferred per diagnostic), a documentation action per finding, and
 * the `source.fixAll.sesGrants` action when it is asked for (Source Action menu, `codeActionsOnSave`).
 */
export class SesGrantsCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(private readonly log: vscode.LogOutputChannel) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeAction[]> {
    try {
      if (!isPolicyDocument(document)) return [];
      const actions: vscode.CodeAction[] = [];
      if (wants(context, vscode.CodeActionKind.QuickFix)) actions.push(...(await this.quickFixes(document, context, token)));
      // Only on request: a fix-all in the light bulb of every diagnostic would crowd the real fixes.
      if (context.only && wants(context, FIX_ALL_KIND)) {
        const fixAll = await fixAllAction(document);
        if (fixAll) actions.push(fixAll);
      }
      return actions;
    } catch (error) {
      logFailure(this.log, `Code actions for ${document.uri.toString()}`, error);
      return [];
    }
  }

  private async quickFixes(document: vscode.TextDocument, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => findingIdOf(d) !== undefined);
    if (ours.length === 0) return [];
    // The diagnostics may be one debounce behind the text: the version's findings are matched by id and range.
    const targets: FindingTarget[] = ours.map((diagnostic) => ({ id: findingIdOf(diagnostic)!, ...spanOf(document, diagnostic.range) }));
    const plans = await quickFixPlansFor(document, targets, token);
    if (!plans) return [];
    return ours.flatMap((diagnostic, index) => {
      const plan = plans[index];
      const suppress = plan?.suppression && suppressAction(document, diagnostic, targets[index]!.id, plan.suppression);
      return [...(plan ? fixActions(document, diagnostic, plan.fixes) : []), ...(suppress ? [suppress] : []), docsAction(diagnostic, targets[index]!.id)];
    });
  }
}

/**
 * The quick fixes of each target in the document's current version: from the analysis worker for a large
 * document, else (or when the worker cannot answer) from the version's analysis on this thread. Undefined
 * when the request was cancelled, or the document changed while the worker answered (VS Code asks again).
 */
async function quickFixPlansFor(document: vscode.TextDocument, targets: readonly FindingTarget[], token: vscode.CancellationToken): Promise<readonly (FindingFixPlan | undefined)[] | undefined> {
  const settings: FixRequestSettings = { settingValues: settingValues(document), formatting: formattingFor(document), locale: vscode.env.language };
  const fromWorker = await askWorker(document, { kind: 'codeActions', targets, settings });
  if (fromWorker.kind === 'stale' || token.isCancellationRequested) return undefined;
  if (fromWorker.kind === 'answered' && fromWorker.answer.kind === 'codeActions') return fromWorker.answer.plans;
  const plans = quickFixPlans(documentAnalysis(document), targets, settings, () => token.isCancellationRequested);
  return token.isCancellationRequested ? undefined : plans;
}

function wants(context: vscode.CodeActionContext, kind: vscode.CodeActionKind): boolean {
  return !context.only || context.only.contains(kind);
}

function fixActions(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, fixes: readonly FixPlan[]): vscode.CodeAction[] {
  return fixes.map((fix) => {
    const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    action.isPreferred = fix.preferred;
    action.edit = workspaceEdit(document, fix.edits);
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
function suppressAction(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, id: string, edit: OffsetEdit): vscode.CodeAction {
  const action = new vscode.CodeAction(vscode.l10n.t('Suppress {0} on this line', id), vscode.CodeActionKind.QuickFix);
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

/** Opens a rule's bundled page: rendered when the Markdown preview is there, else as text. */
export async function showRuleDocs(docs: vscode.Uri, log: vscode.LogOutputChannel): Promise<void> {
  try {
    if (await showRendered(docs, log)) return;
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(docs), { preview: true });
  } catch (error) {
    logFailure(log, `Opening ${docs.toString()}`, error);
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not open the documentation page {0}.', docs.fsPath));
  }
}

/**
 * The page in VS Code's Markdown preview; false where there is none. Its command is run rather than looked up: an
 * extension registers its commands when it starts, and running one starts it, so a lookup missed the preview when
 * no Markdown file had been opened yet or while the extension was still starting on a busy machine (the page then
 * showed as text).
 */
async function showRendered(docs: vscode.Uri, log: vscode.LogOutputChannel): Promise<boolean> {
  try {
    await vscode.commands.executeCommand('markdown.showPreview', docs);
    return true;
  } catch (error) {
    // No Markdown extension, or it is disabled or failed to start: the text still shows the page.
    log.info(`The Markdown preview did not open ${docs.toString()} (${error instanceof Error ? error.message : String(error)}): showing it as text.`);
    return false;
  }
}
