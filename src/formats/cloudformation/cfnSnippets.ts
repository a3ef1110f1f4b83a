import type { SnippetDefinition } from '../../policy/snippets';
import { INSERT_KINDS, renderSnippet, type InsertKind } from '../../policy/templates';
import { cfnResourceYaml } from './cloudformationTemplates';

/**
 * The YAML snippets: one whole CloudFormation resource per kind (`ses-cfn-s3`…), from the same resource
 * builder as "Add SES grant" in a template (cloudformationTemplates.ts), so from the same statement
 * templates as everything else. `scripts/generate-snippets.mjs` writes `snippets/yaml.json`; a unit test
 * fails when the committed file has drifted.
 *
 * The account and region are the stack's pseudo parameters; the target's logical id, the rule set and the
 * rule are tab stops named after the guide's placeholders, so an unfinished snippet is `placeholder-left`.
 */

const RESOURCE_LABELS: Record<InsertKind, string> = {
  s3: 'AWS::S3::BucketPolicy',
  kms: 'AWS::KMS::Key',
  lambda: 'AWS::Lambda::Permission',
  sns: 'AWS::SNS::TopicPolicy',
};

/**
 * The resource at indentation 0 (VS Code indents every further line like the line the snippet starts on).
 * Two spaces per level, not tabs: a tab would become the editor's indentation unit, and with four columns
 * a list item's keys would no longer line up under its `- `.
 */
function body(kind: InsertKind): string[] {
  return renderSnippet(cfnResourceYaml(kind, {}, 0)).split('\n');
}

export function buildYamlSnippets(): Record<string, SnippetDefinition> {
  const snippets: Record<string, SnippetDefinition> = {};
  for (const kind of INSERT_KINDS) {
    snippets[`SES grant: CloudFormation ${RESOURCE_LABELS[kind]}`] = {
      prefix: `ses-cfn-${kind}`,
      description: `CloudFormation ${RESOURCE_LABELS[kind]} letting Amazon SES email receiving use the resource, restricted to the stack's account and your receipt rule.`,
      body: body(kind),
    };
  }
  return snippets;
}

/** The exact text of `snippets/yaml.json`. */
export function yamlSnippetFileText(): string {
  return JSON.stringify(buildYamlSnippets(), null, 2) + '\n';
}
