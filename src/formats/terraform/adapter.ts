import { formatAdapter } from '../adapter';
import { jsonComments } from '../comments';
import { TERRAFORM_EDITING } from './editing';
import { planTerraformInsert } from './grantInsert';
import { terraformModuleReferences, terraformModuleValues } from './moduleValues';
import type { TerraformFile } from './terraformFile';
import { extractTerraformFile, mightHoldTerraformGrant, parseTerraform, siblingsOf, TERRAFORM_RULES, terraformComments, terraformSyntaxOf } from './index';

export const TERRAFORM_EXTENSIONS: readonly string[] = ['.tf', '.tf.json'];

/** Terraform in its native syntax (`*.tf`) and its JSON syntax (`*.tf.json`). */
export const TERRAFORM_FORMAT = formatAdapter({
  id: 'terraform',
  displayName: 'Terraform',
  languageIds: ['terraform'],
  extensions: TERRAFORM_EXTENSIONS,
  // Terraform's JSON syntax is Terraform whichever JSON language an editor gives it.
  winsOverLanguagesOf: ['json'],
  // Receipt rules count as SES content: a rule whose target has no grant names no SES principal.
  mightHold: mightHoldTerraformGrant,
  parse: (text, hint) => parseTerraform(text, terraformSyntaxOf(hint.fileName)),
  extract: ({ tree }, text, hint) => extractTerraformFile(text, tree, hint.moduleFiles),
  crossResourceRules: () => TERRAFORM_RULES,
  // Terraform's JSON syntax is read as JSON with comments.
  commentsOf: (text, hint) => (terraformSyntaxOf(hint.fileName) === 'json' ? jsonComments(text) : terraformComments(text)),
  codeBlockTags: ['hcl', 'terraform', 'tf'],
  syntaxErrorsAlwaysCount: true,
  fixing: {
    editingFor: () => TERRAFORM_EDITING,
    lineComment: '//',
    // JSON in a heredoc or string takes the module's own account and region, written as interpolations.
    embeddedValues: (values, file) => terraformModuleValues(file as TerraformFile, values),
  },
  // Into the native syntax only (needs the parser loaded); a `.tf.json` file takes the grant as a JSON policy would.
  planInsert: (text, hint, kind, values, formatting) =>
    terraformSyntaxOf(hint.fileName) === 'hcl'
      ? { into: 'template', plan: planTerraformInsert(text, kind, values, formatting, siblingsOf(hint.moduleFiles ?? [])) }
      : undefined,
  // The module's own caller identity and region: "Add SES Grant" writes them and does not ask for them.
  moduleReferences: (file) => terraformModuleReferences(file as TerraformFile),
});
