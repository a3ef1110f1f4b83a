import { extractPolicies } from '../policy/extract';
import { lintPolicyFile, type LintOptions, type LintResult } from '../policy/lint';
import { parseJson } from '../policy/parseJson';
import { lineStartsOf } from '../policy/positions';
import { mightHoldSesGrant } from '../policy/prefilter';
import { applySuppressions, mayHoldSuppressions } from '../policy/suppressions';
import type { ObjectNode } from '../policy/tree';
import { jsonComments, yamlComments } from './comments';
import { extractTemplate, knownAttributes, readsAsTemplate, templateResources } from './cloudformation';
import { tokenizeIntrinsics } from './intrinsics';
import { TEMPLATE_RULES } from './templateRules';
import { yamlLimitExceeded } from './yamlBudget';
import { parseYaml } from './yamlTree';

/**
 * The single entry point the CLI and the editor use: picks the format adapter for a file and lints it.
 * Plain JSON policies, CloudFormation templates in JSON (incl. CDK synth output) and in YAML (incl. SAM and
 * serverless.yml, and single resources as serverless.yml includes them). YAML that is not a template yields nothing.
 */

export type SourceFormat = 'json' | 'yaml';

export interface FormatHint {
  readonly fileName?: string;
  /** A VS Code language id (`json`, `jsonc`, `yaml`); wins over the file name. */
  readonly languageId?: string;
}

export function formatOf(text: string, hint: FormatHint): SourceFormat {
  if (hint.languageId === 'yaml') return 'yaml';
  if (hint.languageId === 'json' || hint.languageId === 'jsonc') return 'json';
  const name = (hint.fileName ?? '').toLowerCase();
  if (name.endsWith('.yaml') || name.endsWith('.yml')) return 'yaml';
  // `.template` files come in both: a JSON template starts with `{`.
  if (name.endsWith('.template')) return /^\uFEFF?\s*\{/.test(text) ? 'json' : 'yaml';
  return 'json';
}

/** Lints a file and applies its inline suppressions (`ses-grants-disable…` comments). */
export function lintText(text: string, hint: FormatHint = {}, options: LintOptions = {}): LintResult {
  const format = formatOf(text, hint);
  const result = lintUnsuppressed(text, format, options);
  if (options.ignoreSuppressions || !mayHoldSuppressions(text)) return result;
  const comments = format === 'yaml' ? yamlComments(text) : jsonComments(text);
  return { ...result, findings: applySuppressions(result.findings, comments, lineStartsOf(text)) };
}

function lintUnsuppressed(text: string, format: SourceFormat, options: LintOptions): LintResult {
  // Fast path: nothing to parse when the text cannot hold SES content (syntax errors: see syntaxErrorsOf).
  if (!mightHoldSesGrant(text)) return { file: undefined, findings: [], syntaxErrors: [] };
  // The YAML reader's cost explodes on some shapes (see yamlBudget.ts): such a text is not parsed.
  const notRead = format === 'yaml' ? yamlLimitExceeded(text) : undefined;
  if (notRead) return { file: undefined, findings: [], syntaxErrors: [], notRead };
  const { root, errors } = format === 'yaml' ? parseYaml(text) : parseJson(text);
  if (readsAsTemplate(root)) return lintTemplate(text, format, root, errors, options);
  if (format === 'yaml') return { file: undefined, findings: [], syntaxErrors: errors };
  const file = extractPolicies(text, root);
  return { file, findings: lintPolicyFile(file, options), syntaxErrors: errors };
}

function lintTemplate(text: string, format: SourceFormat, root: ObjectNode, errors: LintResult['syntaxErrors'], options: LintOptions): LintResult {
  // Resource types are literal text, so the resources can be listed before the intrinsics become tokens.
  const tokenized = tokenizeIntrinsics(root, knownAttributes(templateResources(root)));
  if (!readsAsTemplate(tokenized)) return { file: undefined, findings: [], syntaxErrors: errors };
  const file = extractTemplate(text, tokenized, format);
  return { file, findings: lintPolicyFile(file, { ...options, extraFileRules: TEMPLATE_RULES }), syntaxErrors: errors };
}

/** Syntax errors of a file whatever its content, for the CLI's `parse-error` (the editor leaves them to VS Code). */
export function syntaxErrorsOf(text: string, hint: FormatHint = {}): LintResult['syntaxErrors'] {
  return formatOf(text, hint) === 'yaml' ? parseYaml(text).errors : parseJson(text).errors;
}
