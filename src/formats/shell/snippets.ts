import type { SnippetDefinition } from '../../policy/snippets';
import { addPermissionCommandParts, renderSnippet } from '../../policy/templates';

/**
 * The shell snippet `ses-sh-lambda-permission`: the `aws lambda add-permission` command line of the Lambda
 * template (the same parts `ses-grants new lambda --cli` prints), one option per continued line, every value
 * the user must give a tab stop named after the guide's placeholder. `scripts/generate-snippets.mjs` writes
 * `snippets/shellscript.json`; a unit test fails when the committed file has drifted.
 */
export function buildShellSnippets(): Record<string, SnippetDefinition> {
  const lines = renderSnippet(addPermissionCommandParts({}).join(' \\\n  ')).split('\n');
  return {
    'SES grant: aws lambda add-permission': {
      prefix: 'ses-sh-lambda-permission',
      description: 'aws lambda add-permission letting Amazon SES email receiving invoke the function, restricted to your account and receipt rule.',
      body: lines,
    },
  };
}

/** The exact text of `snippets/shellscript.json`. */
export function shellSnippetFileText(): string {
  return JSON.stringify(buildShellSnippets(), null, 2) + '\n';
}
