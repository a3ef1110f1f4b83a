import * as vscode from 'vscode';
import { terraformParserAvailability } from '../../formats/terraform/parser';
import { planInsert } from '../../service';
import { isTerraformDocument } from '../terraform/documents';
import { applyTemplatePlan } from './template';
import type { FormattingPreferences } from '../../policy/fixes';
import type { AddGrantResult, GrantRequest } from './request';

/** A `.tf` file (native syntax): the grant is written as Terraform. `.tf.json` is not edited this way. */
export function isTerraformSource(document: vscode.TextDocument): boolean {
  return isTerraformDocument(document) && !document.fileName.toLowerCase().endsWith('.tf.json');
}

/**
 * "Add SES grant" in a `.tf` file: into the target's policy, else a new resource (the Terraform adapter's
 * planner, src/formats/terraform/grantInsert.ts, through the facade). The parser may still be loading when the
 * command runs right after activation: the plan waits for it.
 */
export async function applyToTerraform(editor: vscode.TextEditor, request: GrantRequest, formatting: FormattingPreferences): Promise<AddGrantResult | undefined> {
  const availability = terraformParserAvailability();
  if (availability.kind === 'pending') await availability.settled;
  const document = editor.document;
  const insert = planInsert({ text: document.getText(), hint: { languageId: 'terraform', fileName: document.fileName } }, request.kind, request.values, formatting);
  return insert.into === 'template' ? applyTemplatePlan(editor, insert.plan, request) : undefined;
}
