import { lintPolicyFile, type LintOptions, type LintResult } from '../policy/lint';
import { parseJson } from '../policy/parseJson';
import { mightHoldSesGrant } from '../policy/prefilter';
import type { TreeNode } from '../policy/tree';
import { extractTemplate, isTemplate } from './cloudformation';
import { extractJsonFile } from './embedded/encodedPolicies';
import { tokenizeIntrinsics } from './intrinsics';
import { lintMarkdown } from './markdown';
import type { FormatLintResult } from './result';
import { lintShell } from './shell';
import { TEMPLATE_RULES } from './templateRules';
import { parseYaml } from './yamlTree';

/**
 * The single entry point the CLI and the editor use: picks the format adapter for a file and lints it.
 * Plain JSON policies (and API output holding a policy as a string), CloudFormation templates in JSON (incl.
 * CDK synth output) and in YAML (incl. SAM and serverless.yml), shell scripts, and Markdown, whose code
 * blocks come back here by their tag. YAML that is not a template yields nothing.
 */

export type SourceFormat = 'json' | 'yaml' | 'shell' | 'markdown';

export interface FormatHint {
  readonly fileName?: string;
  /** A VS Code language id (`json`, `jsonc`, `yaml`, `shellscript`, `markdown`); wins over the file name. */
  readonly languageId?: string;
}

const LANGUAGE_FORMATS: Readonly<Record<string, SourceFormat>> = {
  json: 'json',
  jsonc: 'json',
  yaml: 'yaml',
  shellscript: 'shell',
  markdown: 'markdown',
};

export const SHELL_EXTENSIONS: readonly string[] = ['.sh', '.bash', '.zsh'];
export const MARKDOWN_EXTENSIONS: readonly string[] = ['.md', '.markdown'];

export function formatOf(text: string, hint: FormatHint): SourceFormat {
  const byLanguage = hint.languageId !== undefined ? LANGUAGE_FORMATS[hint.languageId] : undefined;
  if (byLanguage) return byLanguage;
  const name = (hint.fileName ?? '').toLowerCase();
  if (name.endsWith('.yaml') || name.endsWith('.yml')) return 'yaml';
  if (SHELL_EXTENSIONS.some((extension) => name.endsWith(extension))) return 'shell';
  if (MARKDOWN_EXTENSIONS.some((extension) => name.endsWith(extension))) return 'markdown';
  // `.template` files come in both: a JSON template starts with `{`.
  if (name.endsWith('.template')) return /^\uFEFF?\s*\{/.test(text) ? 'json' : 'yaml';
  return 'json';
}

export type { EmbeddedDocument, FormatLintResult, SyntaxProblem } from './result';
export { innerSyntaxProblems } from './result';

export function lintText(text: string, hint: FormatHint = {}, options: LintOptions = {}): FormatLintResult {
  const format = formatOf(text, hint);
  // Fast path: nothing to parse when the text cannot hold SES content (syntax errors: see syntaxErrorsOf).
  if (!mightHoldSesGrant(text)) return { file: undefined, findings: [], syntaxErrors: [] };
  if (format === 'shell') return lintShell(text, options);
  if (format === 'markdown') return lintMarkdown(text, options, (block, languageId, blockOptions) => lintText(block, { languageId }, blockOptions));
  const { root, errors } = format === 'yaml' ? parseYaml(text) : parseJson(text);
  if (isTemplate(root)) return lintTemplate(text, format, root, errors, options);
  if (format === 'yaml') return { file: undefined, findings: [], syntaxErrors: errors };
  const file = extractJsonFile(text, root);
  return { file, findings: lintPolicyFile(file, options), syntaxErrors: errors };
}

function lintTemplate(text: string, format: 'json' | 'yaml', root: TreeNode, errors: LintResult['syntaxErrors'], options: LintOptions): LintResult {
  const tokenized = tokenizeIntrinsics(root);
  if (!isTemplate(tokenized)) return { file: undefined, findings: [], syntaxErrors: errors };
  const file = extractTemplate(text, tokenized, format);
  return { file, findings: lintPolicyFile(file, { ...options, extraFileRules: TEMPLATE_RULES }), syntaxErrors: errors };
}

/** Syntax errors of a file whatever its content, for the CLI's `parse-error` (the editor leaves them to VS Code). */
export function syntaxErrorsOf(text: string, hint: FormatHint = {}): LintResult['syntaxErrors'] {
  return formatOf(text, hint) === 'yaml' ? parseYaml(text).errors : parseJson(text).errors;
}
