import * as vscode from 'vscode';
import { terraformParserAvailability } from '../../formats/terraform/parser';
import { moduleReferencesOf, planInsert, type FormatHint } from '../../service';
import { isTerraformDocument } from '../terraform/documents';
import { ensureTerraformModuleFor, terraformSiblingsOf } from '../terraform/modules';
import { applyTemplatePlan } from './template';
import type { FormattingPreferences } from '../../policy/fixes';
import type { AddGrantResult, GrantRequest } from './request';

/** A `.tf` file (native syntax): the grant is written as Terraform. `.tf.json` is not edited this way. */
export function isTerraformSource(document: vscode.TextDocument): boolean {
  return isTerraformDocument(document) && !document.fileName.toLowerCase().endsWith('.tf.json');
}

/** The account and region a module names itself, as expressions (`data.aws_caller_identity.current.account_id`). */
export interface ModuleReferences {
  readonly accountId?: string;
  readonly region?: string;
}

/** The references the grant uses without asking, in prompt order (account, then region). */
export function referencesUsed(fromModule: ModuleReferences): string[] {
  return [fromModule.accountId, fromModule.region].filter((reference): reference is string => reference !== undefined);
}

/**
 * "Add SES grant" in a `.tf` file: into the target's policy, else a new resource (the Terraform adapter's
 * planner, src/formats/terraform/grantInsert.ts, through the facade). The parser may still be loading when the
 * command runs right after activation: the plan waits for it.
 */
export async function applyToTerraform(editor: vscode.TextEditor, request: GrantRequest, formatting: FormattingPreferences): Promise<AddGrantResult | undefined> {
  const document = editor.document;
  const hint = await moduleHint(document);
  const plannedVersion = document.version;
  const insert = planInsert({ text: document.getText(), hint }, request.kind, request.values, formatting);
  return insert.into === 'template' ? applyTemplatePlan(editor, insert.plan, request, plannedVersion) : undefined;
}

/**
 * What the `.tf` file's module (the file or another file of its folder) names itself: the grant will use its
 * `data.aws_caller_identity` / `data.aws_region`, so the prompts do not ask for them. Empty for other documents.
 */
export async function moduleReferencesFor(document: vscode.TextDocument | undefined): Promise<ModuleReferences> {
  if (!document || !isTerraformSource(document)) return {};
  return moduleReferencesOf({ text: document.getText(), hint: await moduleHint(document) });
}

/** The document's hint with its module's other files, once the parser and the folder are read. */
async function moduleHint(document: vscode.TextDocument): Promise<FormatHint> {
  const availability = terraformParserAvailability();
  if (availability.kind === 'pending') await availability.settled;
  await ensureTerraformModuleFor(document.uri);
  return { languageId: 'terraform', fileName: document.fileName, moduleFiles: terraformSiblingsOf(document.uri) };
}
