import * as vscode from 'vscode';
import { terraformParserAvailability } from '../../formats/terraform/parser';
import { planTerraformInsert } from '../../formats/terraform/grantInsert';
import { isTerraformDocument } from '../terraform/documents';
import { applyTemplatePlan } from './template';
import type { FormattingPreferences } from '../../policy/fixes';
import type { AddGrantResult, GrantRequest } from './request';

/** A `.tf` file (native syntax): the grant is written as Terraform. `.tf.json` is not edited this way. */
export function isTerraformSource(document: vscode.TextDocument): boolean {
  return isTerraformDocument(document) && !document.fileName.toLowerCase().endsWith('.tf.json');
}

/**
 * "Add SES grant" in a `.tf` file: into the target's policy, else a new resource (src/formats/terraform/grantInsert.ts).
 * The parser may still be loading when the command runs right after activation: the plan waits for it.
 */
export async function applyToTerraform(editor: vscode.TextEditor, request: GrantRequest, formatting: FormattingPreferences): Promise<AddGrantResult | undefined> {
  const availability = terraformParserAvailability();
  if (availability.kind === 'pending') await availability.settled;
  const plan = planTerraformInsert(editor.document.getText(), request.kind, request.values, formatting);
  return applyTemplatePlan(editor, plan, request);
}
