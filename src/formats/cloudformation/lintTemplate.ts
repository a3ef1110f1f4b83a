import { lintPolicyFile, type LintOptions, type LintResult } from '../../policy/lint';
import type { ObjectNode } from '../../policy/tree';
import { extractTemplate, knownAttributes, readsAsTemplate, templateResources } from './cloudformation';
import { tokenizeIntrinsics } from './intrinsics';
import { TEMPLATE_RULES } from './templateRules';

/** A CloudFormation template read as JSON or YAML, linted with the checks across its resources. */
export function lintTemplate(text: string, format: 'json' | 'yaml', root: ObjectNode, errors: LintResult['syntaxErrors'], options: LintOptions): LintResult {
  // Resource types are literal text, so the resources can be listed before the intrinsics become tokens.
  const tokenized = tokenizeIntrinsics(root, knownAttributes(templateResources(root)));
  if (!readsAsTemplate(tokenized)) return { file: undefined, findings: [], syntaxErrors: errors };
  const file = extractTemplate(text, tokenized, format);
  return { file, findings: lintPolicyFile(file, { ...options, extraFileRules: TEMPLATE_RULES }), syntaxErrors: errors };
}
