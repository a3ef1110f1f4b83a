import { lintPolicyFile, type LintOptions, type LintResult } from '../policy/lint';
import { parseJson } from '../policy/parseJson';
import { lineStartsOf } from '../policy/positions';
import { mightHoldSesGrant } from '../policy/prefilter';
import { applySuppressions, mayHoldSuppressions, type SourceComment } from '../policy/suppressions';
import type { ObjectNode } from '../policy/tree';
import { jsonComments, yamlComments } from './comments';
import { extractTemplate, knownAttributes, mightHoldTemplate, readsAsTemplate, templateResources } from './cloudformation/cloudformation';
import { extractJsonFile } from './embedded/encodedPolicies';
import { tokenizeIntrinsics } from './cloudformation/intrinsics';
import { lintMarkdown } from './markdown';
import { markdownComments } from './markdown/comments';
import type { FormatLintResult } from './result';
import { lintShell, shellComments, type CommentSpan } from './shell';
import { TEMPLATE_RULES } from './cloudformation/templateRules';
import { lintTerraform, mightHoldTerraformGrant, terraformComments, terraformSyntaxOf, type ModuleFile } from './terraform';
import { yamlLimitExceeded } from './yaml/yamlBudget';
import { parseYaml } from './yaml/yamlTree';

/**
 * The single entry point the CLI and the editor use: picks the format adapter for a file and lints it.
 * Plain JSON policies (and API output holding a policy as a string), CloudFormation templates in JSON (incl.
 * CDK synth output) and in YAML (incl. SAM and serverless.yml, and single resources as serverless.yml includes
 * them), Terraform (`*.tf`, `*.tf.json`), shell scripts, and Markdown, whose code blocks come back here by
 * their tag. YAML that is not a template yields nothing.
 */

export type SourceFormat = 'json' | 'yaml' | 'shell' | 'markdown' | 'terraform';

export interface FormatHint {
  readonly fileName?: string;
  /** Terraform: the other files of the file's module (its folder), for the checks across resources. */
  readonly moduleFiles?: readonly ModuleFile[];
  /** A VS Code language id (`json`, `jsonc`, `yaml`, `shellscript`, `markdown`, `terraform`); wins over the file name. */
  readonly languageId?: string;
}

const LANGUAGE_FORMATS: Readonly<Record<string, SourceFormat>> = {
  json: 'json',
  jsonc: 'json',
  yaml: 'yaml',
  shellscript: 'shell',
  markdown: 'markdown',
  terraform: 'terraform',
};

export const SHELL_EXTENSIONS: readonly string[] = ['.sh', '.bash', '.zsh'];
export const MARKDOWN_EXTENSIONS: readonly string[] = ['.md', '.markdown'];
export const TERRAFORM_EXTENSIONS: readonly string[] = ['.tf', '.tf.json'];

export function formatOf(text: string, hint: FormatHint): SourceFormat {
  const byLanguage = hint.languageId !== undefined ? LANGUAGE_FORMATS[hint.languageId] : undefined;
  const name = (hint.fileName ?? '').toLowerCase();
  // Terraform's JSON syntax is Terraform whichever JSON language an editor gives it.
  if ((byLanguage === undefined || byLanguage === 'json') && TERRAFORM_EXTENSIONS.some((extension) => name.endsWith(extension))) return 'terraform';
  if (byLanguage) return byLanguage;
  if (name.endsWith('.yaml') || name.endsWith('.yml')) return 'yaml';
  if (SHELL_EXTENSIONS.some((extension) => name.endsWith(extension))) return 'shell';
  if (MARKDOWN_EXTENSIONS.some((extension) => name.endsWith(extension))) return 'markdown';
  // `.template` files come in both: a JSON template starts with `{`.
  if (name.endsWith('.template')) return /^\uFEFF?\s*\{/.test(text) ? 'json' : 'yaml';
  return 'json';
}

/** Whether linting this file needs the Terraform parser loaded first (`initTerraform`). */
export function needsTerraformParser(hint: FormatHint): boolean {
  return formatOf('', hint) === 'terraform';
}

export type { EmbeddedDocument, FormatLintResult, SyntaxProblem } from './result';
export { innerSyntaxProblems } from './result';

/**
 * Lints a file and applies its inline suppressions (`ses-grants-disable…` comments). A result still waiting
 * for the Terraform parser (`parserLoading`) is returned as it is: its findings are not all there yet.
 */
export function lintText(text: string, hint: FormatHint = {}, options: LintOptions = {}): FormatLintResult {
  const format = formatOf(text, hint);
  const result = lintUnsuppressed(text, format, hint, options);
  if (options.ignoreSuppressions || result.parserLoading || !mayHoldSuppressions(text)) return result;
  return { ...result, findings: applySuppressions(result.findings, commentsOf(text, format, hint), lineStartsOf(text)) };
}

/** The comments of a file in its format, as suppressions read them: each comment's text and where it stands. */
function commentsOf(text: string, format: SourceFormat, hint: FormatHint): SourceComment[] {
  switch (format) {
    case 'yaml':
      return yamlComments(text);
    case 'json':
      return jsonComments(text);
    case 'terraform':
      // Terraform's JSON syntax is read as JSON with comments.
      return terraformSyntaxOf(hint.fileName) === 'json' ? jsonComments(text) : terraformComments(text);
    case 'shell':
      // `#` then the text to the end of the line.
      return shellComments(text).map((comment) => textOfComment(comment, comment.span.length - comment.text.length));
    case 'markdown':
      // `<!--` then the text.
      return markdownComments(text).map((comment) => textOfComment(comment, '<!--'.length));
  }
}

function textOfComment(comment: CommentSpan, markerLength: number): SourceComment {
  return { text: comment.text, span: { offset: comment.span.offset + markerLength, length: comment.text.length } };
}

const NOTHING: FormatLintResult = { file: undefined, findings: [], syntaxErrors: [] };

function lintUnsuppressed(text: string, format: SourceFormat, hint: FormatHint, options: LintOptions): FormatLintResult {
  // Fast path: nothing to parse when the text cannot hold SES content (the CLI looks for a skipped JSON file's
  // syntax errors itself). Terraform's receipt rules count as SES content, in Markdown code blocks too.
  if (!(format === 'terraform' || format === 'markdown' ? mightHoldTerraformGrant(text) : mightHoldSesGrant(text))) return NOTHING;
  if (format === 'terraform') return lintTerraform(text, terraformSyntaxOf(hint.fileName), options, hint.moduleFiles);
  if (format === 'shell') return lintShell(text, options);
  if (format === 'markdown') return lintMarkdown(text, options, (block, languageId, blockOptions) => lintText(block, { languageId }, blockOptions));
  // YAML that cannot be a template yields nothing (above): such a text is not even parsed.
  if (format === 'yaml' && !mightHoldTemplate(text)) return NOTHING;
  // The YAML reader's cost explodes on some shapes (see yamlBudget.ts): such a text is not parsed.
  const notRead = format === 'yaml' ? yamlLimitExceeded(text) : undefined;
  if (notRead) return { ...NOTHING, notRead };
  const { root, errors } = format === 'yaml' ? parseYaml(text) : parseJson(text);
  if (readsAsTemplate(root)) return lintTemplate(text, format, root, errors, options);
  if (format === 'yaml') return { file: undefined, findings: [], syntaxErrors: errors };
  const file = extractJsonFile(text, root);
  return { file, findings: lintPolicyFile(file, options), syntaxErrors: errors };
}

function lintTemplate(text: string, format: 'json' | 'yaml', root: ObjectNode, errors: LintResult['syntaxErrors'], options: LintOptions): LintResult {
  // Resource types are literal text, so the resources can be listed before the intrinsics become tokens.
  const tokenized = tokenizeIntrinsics(root, knownAttributes(templateResources(root)));
  if (!readsAsTemplate(tokenized)) return { file: undefined, findings: [], syntaxErrors: errors };
  const file = extractTemplate(text, tokenized, format);
  return { file, findings: lintPolicyFile(file, { ...options, extraFileRules: TEMPLATE_RULES }), syntaxErrors: errors };
}
