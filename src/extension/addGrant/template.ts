import * as vscode from 'vscode';
import type { TemplateInsertPlan } from '../../formats/cloudformation/templateInsert';
import { writeEdits } from './writeEdits';
import type { AddGrantResult, GrantRequest } from './request';

/**
 * "Add SES grant" when the active document is a CloudFormation template (YAML or JSON): the planner
 * (src/formats/templateInsert.ts) chose the target's policy resource or a new resource; this asks what the
 * request leaves open (a grant already there) and writes the edits.
 */
export async function applyTemplatePlan(editor: vscode.TextEditor, plan: TemplateInsertPlan, request: GrantRequest): Promise<AddGrantResult | undefined> {
  const uri = editor.document.uri.toString();
  if (!plan.add) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The grant cannot be added to this template: {0}.', plan.problem ?? ''));
    return undefined;
  }
  if (plan.existingGrantLine !== undefined && plan.into) {
    const message = vscode.l10n.t('{0} already grants SES this resource (line {1}).', plan.into.logicalId, plan.existingGrantLine);
    // Updating a statement in place is not offered in templates: another is added only when asked for.
    if (request.ifExists === 'update') {
      void vscode.window.showInformationMessage(message);
      return { outcome: 'unchanged', uri };
    }
    if (request.ifExists === 'ask') {
      const add = vscode.l10n.t('Add Another');
      const answer = await vscode.window.showWarningMessage(message, { modal: true }, add);
      if (answer !== add) return undefined;
    }
  }
  if (plan.add.length === 0) return { outcome: 'unchanged', uri };
  return writeEdits(editor, plan.add, 'added');
}
