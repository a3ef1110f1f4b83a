import * as vscode from 'vscode';

/**
 * Which documents are Terraform for the editor: the HashiCorp extension's `terraform` language (its
 * `terraform-vars` language, `*.tfvars`, holds variable values, never a policy), and `.tf` / `.tf.json` files
 * shown as plain text when no Terraform extension is installed. `.tf.json` files opened as JSON are already
 * policy documents; the format adapters read them as Terraform by their name.
 */
export const TERRAFORM_SELECTOR: vscode.DocumentFilter[] = [
  { language: 'terraform' },
  { language: 'plaintext', pattern: '**/*.tf' },
  { language: 'plaintext', pattern: '**/*.tf.json' },
];

export function isTerraformDocument(document: vscode.TextDocument): boolean {
  if (document.languageId === 'terraform') return true;
  const name = document.fileName.toLowerCase();
  if (name.endsWith('.tf.json')) return ['plaintext', 'json', 'jsonc'].includes(document.languageId);
  return document.languageId === 'plaintext' && name.endsWith('.tf');
}
