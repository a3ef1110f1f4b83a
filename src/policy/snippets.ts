import { addPermissionBody, grantDocument, grantStatement, renderSnippet, toJsonText, type InsertKind, type JsonTemplate } from './templates';

/**
 * The editor snippets, built from the grant templates so that a snippet can never say something the
 * command or a fix would not. `scripts/generate-snippets.mjs` writes `snippets/json.json` from this, and a
 * unit test regenerates it in memory and fails when the committed file has drifted.
 *
 * Values are left out on purpose: each becomes a tab stop named after the guide's placeholder, so a
 * snippet the user does not finish is still caught by `placeholder-left`.
 */

export interface SnippetDefinition {
  readonly prefix: string;
  readonly description: string;
  readonly body: readonly string[];
}

const KIND_LABELS: Record<InsertKind, string> = {
  s3: 'S3 bucket policy',
  kms: 'KMS key policy',
  lambda: 'Lambda function policy',
  sns: 'SNS topic policy',
};

/** Snippet bodies use tabs: VS Code turns each into the editor's own indentation unit on insertion. */
function body(template: JsonTemplate): string[] {
  return renderSnippet(toJsonText(template, { indent: '\t', eol: '\n' })).split('\n');
}

export function buildSnippets(): Record<string, SnippetDefinition> {
  const snippets: Record<string, SnippetDefinition> = {};
  const kinds: readonly InsertKind[] = ['s3', 'kms', 'lambda', 'sns'];
  for (const kind of kinds) {
    snippets[`SES grant: ${KIND_LABELS[kind]} statement`] = {
      prefix: `ses-${kind}`,
      description: `Statement letting Amazon SES email receiving use this resource (${KIND_LABELS[kind]}), restricted to your account and receipt rule.`,
      body: body(grantStatement(kind, {})),
    };
  }
  for (const kind of ['s3', 'kms', 'sns'] as const) {
    snippets[`SES grant: ${KIND_LABELS[kind]} document`] = {
      prefix: `ses-${kind}-policy`,
      description: `Whole ${KIND_LABELS[kind]} granting Amazon SES email receiving, restricted to your account and receipt rule.`,
      body: body(grantDocument(kind, {})),
    };
  }
  snippets['SES grant: Lambda AddPermission request'] = {
    prefix: 'ses-lambda-permission',
    description: 'Lambda AddPermission request body letting Amazon SES email receiving invoke the function, restricted to your account and receipt rule.',
    body: body(addPermissionBody({})),
  };
  return snippets;
}

/** The exact text of `snippets/json.json`. */
export function snippetFileText(): string {
  return JSON.stringify(buildSnippets(), null, 2) + '\n';
}
