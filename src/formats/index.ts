import { extractPolicies } from '../policy/extract';
import { lintPolicyFile, type LintOptions, type LintResult } from '../policy/lint';
import { parseJson } from '../policy/parseJson';
import { mightHoldSesGrant } from '../policy/prefilter';
import type { TreeNode } from '../policy/tree';
import { extractTemplate, isTemplate } from './cloudformation';
import { tokenizeIntrinsics } from './intrinsics';
import { TEMPLATE_RULES } from './templateRules';
import { lintTerraform, mightHoldTerraformGrant, terraformSyntaxOf, type ModuleFile } from './terraform';
import { parseYaml } from './yamlTree';

/**
 * The single entry point the CLI and the editor use: picks the format adapter for a file and lints it.
 * Plain JSON policies, CloudFormation templates in JSON (incl. CDK synth output) and in YAML (incl. SAM and
 * serverless.yml), Terraform (`*.tf`). YAML that is not a template yields nothing.
 */

export type SourceFormat = 'json' | 'yaml' | 'terraform';

export interface FormatHint {
  readonly fileName?: string;
  /** Terraform: the other files of the file's module (its folder), for the checks across resources. */
  readonly moduleFiles?: readonly ModuleFile[];
  /** A VS Code language id (`json`, `jsonc`, `yaml`, `terraform`); wins over the file name. */
  readonly languageId?: string;
}

export function formatOf(text: string, hint: FormatHint): SourceFormat {
  const name = (hint.fileName ?? '').toLowerCase();
  if (hint.languageId === 'yaml') return 'yaml';
  // Terraform's JSON syntax is Terraform whichever JSON language an editor gives it.
  if (hint.languageId === 'terraform' || name.endsWith('.tf') || name.endsWith('.tf.json')) return 'terraform';
  if (hint.languageId === 'json' || hint.languageId === 'jsonc') return 'json';
  if (name.endsWith('.yaml') || name.endsWith('.yml')) return 'yaml';
  // `.template` files come in both: a JSON template starts with `{`.
  if (name.endsWith('.template')) return /^\uFEFF?\s*\{/.test(text) ? 'json' : 'yaml';
  return 'json';
}

export function lintText(text: string, hint: FormatHint = {}, options: LintOptions = {}): LintResult {
  const format = formatOf(text, hint);
  if (format === 'terraform') return mightHoldTerraformGrant(text) ? lintTerraform(text, terraformSyntaxOf(hint.fileName), options, hint.moduleFiles) : NOTHING;
  // Fast path: nothing to parse when the text cannot hold SES content (syntax errors: see syntaxErrorsOf).
  if (!mightHoldSesGrant(text)) return NOTHING;
  const { root, errors } = format === 'yaml' ? parseYaml(text) : parseJson(text);
  if (isTemplate(root)) return lintTemplate(text, format, root, errors, options);
  if (format === 'yaml') return { file: undefined, findings: [], syntaxErrors: errors };
  const file = extractPolicies(text, root);
  return { file, findings: lintPolicyFile(file, options), syntaxErrors: errors };
}

const NOTHING: LintResult = { file: undefined, findings: [], syntaxErrors: [] };

/** Whether linting this file needs the Terraform parser loaded first (`initTerraform`). */
export function needsTerraformParser(hint: FormatHint): boolean {
  return formatOf('', hint) === 'terraform';
}

function lintTemplate(text: string, format: 'json' | 'yaml', root: TreeNode, errors: LintResult['syntaxErrors'], options: LintOptions): LintResult {
  const tokenized = tokenizeIntrinsics(root);
  if (!isTemplate(tokenized)) return { file: undefined, findings: [], syntaxErrors: errors };
  const file = extractTemplate(text, tokenized, format);
  return { file, findings: lintPolicyFile(file, { ...options, extraFileRules: TEMPLATE_RULES }), syntaxErrors: errors };
}

/** Syntax errors of a file whatever its content, for the CLI's `parse-error` (the editor leaves them to VS Code). */
export function syntaxErrorsOf(text: string, hint: FormatHint = {}): LintResult['syntaxErrors'] {
  const format = formatOf(text, hint);
  if (format === 'terraform') return lintTerraform(text, terraformSyntaxOf(hint.fileName)).syntaxErrors;
  return format === 'yaml' ? parseYaml(text).errors : parseJson(text).errors;
}
