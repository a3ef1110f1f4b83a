import * as vscode from 'vscode';
import { applyOffsetEdits, type FormattingPreferences, type OffsetEdit } from '../../policy/fixes';
import { addPermissionCommandLine, renderPlain } from '../../policy/templates';
import type { GrantInsertPlan, InsertPlan } from '../../service';
import { POLICY_LANGUAGES } from '../documents';
import { grantInsertPlan } from '../grantPlans';
import { askAboutCurrentVersion } from './fromWorker';
import { kindLabel } from './kinds';
import { applyTemplatePlan } from './template';
import { applyToTerraform, isTerraformSource } from './terraform';
import { writeEdits } from './writeEdits';
import type { AddGrantResult, GrantRequest } from './request';

/** A JSON, JSONC or YAML editor (a CloudFormation template) or a `.tf` file, the kinds the grant goes into; anything else gets a new document. */
export function policyEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor && (POLICY_LANGUAGES.includes(editor.document.languageId) || isTerraformSource(editor.document)) ? editor : undefined;
}

/** Writes the grant: into the active policy, or into a new untitled JSON document when none is open. */
export async function applyGrant(request: GrantRequest): Promise<AddGrantResult | undefined> {
  const editor = policyEditor();
  const result = editor ? await applyToEditor(editor, request) : await openNewDocument(request);
  // A Terraform user grants through Terraform: the command line is no alternative there.
  if (result && request.kind === 'lambda' && !(editor && isTerraformSource(editor.document))) await offerCommandLine(request);
  return result;
}

async function applyToEditor(editor: vscode.TextEditor, request: GrantRequest): Promise<AddGrantResult | undefined> {
  const document = editor.document;
  const formatting = editorFormatting(editor);
  if (isTerraformSource(document)) return applyToTerraform(editor, request, formatting);
  const { insert, plannedVersion } = await insertPlan(document, request, formatting);
  if (insert.into === 'template') return applyTemplatePlan(editor, insert.plan, request, plannedVersion);
  if (document.languageId === 'yaml') {
    void vscode.window.showInformationMessage(vscode.l10n.t('The active document is not a CloudFormation template: the grant opens in a new document.'));
    return openNewDocument(request);
  }
  const plan = insert.plan;
  if (plan.shape === 'not-a-policy') {
    void vscode.window.showInformationMessage(vscode.l10n.t('The active document is not a policy: the grant opens in a new document.'));
    return openNewDocument(request);
  }
  if (plan.otherKind) {
    const placement = await placeOtherKind(plan.otherKind, request);
    if (placement === undefined) return undefined;
    if (placement === 'new-document') return openNewDocument(request);
  }
  const choice = await chooseEdits(plan, request);
  if (!choice) return undefined;
  const { edits, outcome } = choice;
  if (edits.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The document already holds this grant.'));
    return { outcome: 'unchanged', uri: document.uri.toString() };
  }
  return writeEdits(editor, edits, outcome, plannedVersion);
}

/**
 * Where the grant goes in the document as it is now: planned in the analysis worker for a large document
 * (grantPlans.ts on both sides), else, or when the worker cannot answer, here; with the version planned on
 * (the worker answers about the current version, and nothing runs between its answer and this return).
 */
async function insertPlan(
  document: vscode.TextDocument,
  request: GrantRequest,
  formatting: FormattingPreferences,
): Promise<{ insert: InsertPlan; plannedVersion: number }> {
  const fromWorker = await askAboutCurrentVersion(document, { kind: 'grantPlan', grant: request.kind, values: request.values, formatting });
  const plannedVersion = document.version;
  // The document's language and name, as the worker's analysis has them: the plan reads no module's other files.
  const hint = { languageId: document.languageId, fileName: document.fileName };
  const insert = fromWorker?.plan ?? grantInsertPlan({ text: document.getText(), hint }, request.kind, request.values, formatting);
  return { insert, plannedVersion };
}

/**
 * The open policy is for another kind of resource (a KMS grant asked for while a bucket policy is open).
 * Asked: the user decides; from arguments: the grant goes to a new document rather than into the wrong policy.
 */
async function placeOtherKind(otherKind: GrantRequest['kind'], request: GrantRequest): Promise<'here' | 'new-document' | undefined> {
  const message = vscode.l10n.t(
    'The open document looks like a {0}, and a grant for a {1} does not belong in it.',
    kindLabel(otherKind),
    kindLabel(request.kind),
  );
  if (request.ifExists !== 'ask') {
    void vscode.window.showInformationMessage(message + ' ' + vscode.l10n.t('The grant opens in a new document.'));
    return 'new-document';
  }
  const newDocument = vscode.l10n.t('Open New Document');
  const here = vscode.l10n.t('Add Here Anyway');
  const answer = await vscode.window.showWarningMessage(message, { modal: true }, newDocument, here);
  if (answer === undefined) return undefined;
  return answer === here ? 'here' : 'new-document';
}

/** Adds, updates the same grant instead, or refuses, as the plan and the request allow. */
async function chooseEdits(
  plan: GrantInsertPlan,
  request: GrantRequest,
): Promise<{ edits: readonly OffsetEdit[]; outcome: 'added' | 'updated' } | undefined> {
  if (!plan.add && !plan.update) {
    void vscode.window.showErrorMessage(problemMessage(plan));
    return undefined;
  }
  if (plan.update && !plan.add) return { edits: plan.update.edits, outcome: 'updated' };
  if (!plan.update) return { edits: plan.add!, outcome: 'added' };
  let decision = request.ifExists;
  if (decision === 'ask') {
    const update = vscode.l10n.t('Update It');
    const add = vscode.l10n.t('Add Another');
    const existing = plan.update.existing;
    const answer = await vscode.window.showWarningMessage(
      existing.sid
        ? vscode.l10n.t('The policy already grants SES this resource (statement "{0}", line {1}). Update that statement instead of adding a duplicate?', existing.sid, existing.line)
        : vscode.l10n.t('The policy already grants SES this resource (line {0}). Update that statement instead of adding a duplicate?', existing.line),
      { modal: true },
      update,
      add,
    );
    if (answer === undefined) return undefined;
    decision = answer === update ? 'update' : 'add';
  }
  return decision === 'update' ? { edits: plan.update.edits, outcome: 'updated' } : { edits: plan.add!, outcome: 'added' };
}

function problemMessage(plan: GrantInsertPlan): string {
  switch (plan.shape) {
    case 'syntax-error':
      return vscode.l10n.t('The document is not valid JSON: fix its syntax first, then add the grant.');
    case 'add-permission':
      return vscode.l10n.t('The document is a Lambda AddPermission request: it can only hold the Lambda permission.');
    default:
      return vscode.l10n.t('The grant cannot be added to this document.');
  }
}

async function openNewDocument(request: GrantRequest): Promise<AddGrantResult> {
  const formatting = newDocumentFormatting();
  // An empty text is no template: the plan is always the new policy's.
  const insert = grantInsertPlan({ text: '', hint: { languageId: 'json' } }, request.kind, request.values, formatting);
  const content = renderPlain(applyOffsetEdits('', (insert.into === 'policy' ? insert.plan.add : undefined) ?? []));
  const document = await vscode.workspace.openTextDocument({ language: 'json', content });
  await vscode.window.showTextDocument(document, { preview: false });
  return { outcome: 'opened', uri: document.uri.toString() };
}

/** Lambda grants are usually made with AddPermission: the same values as a command line, on request. */
async function offerCommandLine(request: GrantRequest): Promise<void> {
  const commandLine = addPermissionCommandLine(request.values);
  if (request.copyCommandLine === true) {
    await vscode.env.clipboard.writeText(commandLine);
    return;
  }
  if (request.copyCommandLine === false) return;
  const copy = vscode.l10n.t('Copy Command Line');
  // Not awaited: the notification stays until the user answers, and the command has finished its work.
  void vscode.window
    .showInformationMessage(vscode.l10n.t('Copy the matching "aws lambda add-permission" command line to the clipboard?'), copy)
    .then((answer) => (answer === copy ? vscode.env.clipboard.writeText(commandLine) : undefined));
}

export function editorFormatting(editor: vscode.TextEditor): FormattingPreferences {
  const tabSize = typeof editor.options.tabSize === 'number' ? editor.options.tabSize : 4;
  const insertSpaces = typeof editor.options.insertSpaces === 'boolean' ? editor.options.insertSpaces : true;
  return { tabSize, insertSpaces, eol: editor.document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n' };
}

/** A new document has no editor yet: the user's JSON editor settings decide its indentation. */
function newDocumentFormatting(): FormattingPreferences {
  const editorConfig = vscode.workspace.getConfiguration('editor', { languageId: 'json' });
  const eol = vscode.workspace.getConfiguration('files', { languageId: 'json' }).get<string>('eol');
  return {
    tabSize: editorConfig.get<number>('tabSize', 4),
    insertSpaces: editorConfig.get<boolean>('insertSpaces', true),
    eol: eol === '\r\n' ? '\r\n' : '\n',
  };
}
