import type { SnippetDefinition } from '../../policy/snippets';
import { INSERT_KINDS, placeholder, renderSnippet, type InsertKind } from '../../policy/templates';
import { GRANT_RESOURCE_TYPES, TARGET_TYPES, terraformGrantResource } from './grantResources';

/**
 * The Terraform snippets: one whole resource per kind (`ses-tf-s3`…), from the same resource builder as
 * `ses-grants new --format terraform` and "Add SES grant" in a `.tf` file (grantResources.ts), so from the
 * same statement templates as everything else. `scripts/generate-snippets.mjs` writes
 * `snippets/terraform.json`; a unit test fails when the committed file has drifted.
 *
 * The target's name is the first tab stop (the grant refers to `aws_s3_bucket.<name>`…); the account, region,
 * rule set and rule are tab stops named after the guide's placeholders, so an unfinished snippet is
 * `placeholder-left`.
 */

/** The name the target tab stop starts with. */
export const SNIPPET_TARGET = 'mail';

function body(kind: InsertKind): string[] {
  return renderSnippet(terraformGrantResource(kind, { targetName: placeholder(SNIPPET_TARGET) })).split('\n');
}

export function buildTerraformSnippets(): Record<string, SnippetDefinition> {
  const snippets: Record<string, SnippetDefinition> = {};
  for (const kind of INSERT_KINDS) {
    snippets[`SES grant: Terraform ${GRANT_RESOURCE_TYPES[kind]}`] = {
      prefix: `ses-tf-${kind}`,
      description: `Terraform ${GRANT_RESOURCE_TYPES[kind]} letting Amazon SES email receiving use the ${TARGET_TYPES[kind]}, restricted to your account and receipt rule.`,
      body: body(kind),
    };
  }
  return snippets;
}

/** The exact text of `snippets/terraform.json`. */
export function terraformSnippetFileText(): string {
  return JSON.stringify(buildTerraformSnippets(), null, 2) + '\n';
}
