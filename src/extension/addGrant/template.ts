import * as vscode from 'vscode';
import type { TemplateInsertPlan } from '../../service';
import { writeEdits } from './writeEdits';
import type { AddGrantResult, GrantRequest } from './request';

/**
 * "Add SES grant" when the active document is a CloudFormation template (YAML or JSON): the planner
 * (src/formats/templateInsert.ts) chose the target's policy resource or a new resource; this asks what the
 * request leaves open (a grant already there: update it in place, or add another) and writes the edits.
 */
export async function applyTemplatePlan(
  editor: vscode.TextEditor,
  plan: TemplateInsertPlan,
  request: GrantRequest,
  plannedVersion: number,
): Promise<AddGrantResult | undefined> {
  const uri = editor.document.uri.toString();
  if (!plan.add) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The grant cannot be added to this template: {0}.', plan.problem ?? ''));
    return undefined;
  }
  if (plan.existingGrantLine !== undefined && plan.into) {
    const message = vscode.l10n.t('{0} already grants SES this resource (line {1}).', plan.into.logicalId, plan.existingGrantLine);
    // As in a JSON policy: the grant there is updated in place, unless another is asked for.
    let decision = plan.update ? request.ifExists : request.ifExists === 'update' ? 'unchanged' : request.ifExists;
    if (decision === 'ask') {
      const update = vscode.l10n.t('Update It');
      const add = vscode.l10n.t('Add Another');
      const answer = await vscode.window.showWarningMessage(message, { modal: true }, ...(plan.update ? [update] : []), add);
      if (answer === undefined) return undefined;
      decision = answer === update ? 'update' : 'add';
    }
    if (decision === 'unchanged') {
      void vscode.window.showInformationMessage(message);
      return { outcome: 'unchanged', uri };
    }
    if (decision === 'update' && plan.update) {
      if (plan.update.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('The document already holds this grant.'));
        return { outcome: 'unchanged', uri };
      }
      return writeEdits(editor, plan.update, 'updated', plannedVersion);
    }
  }
  if (plan.add.length === 0) return { outcome: 'unchanged', uri };
  return writeEdits(editor, plan.add, 'added', plannedVersion);
}
