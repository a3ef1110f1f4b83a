import type { FileRule } from '../../policy/findings';
import type { PolicyFile } from '../../policy/model';
import type { ObjectNode } from '../../policy/tree';
import { extractTemplate, isTemplateFile, knownAttributes, readsAsTemplate, templateResources } from './cloudformation';
import { tokenizeIntrinsics } from './intrinsics';
import { TEMPLATE_RULES } from './templateRules';

/**
 * A CloudFormation template read as JSON or YAML onto the policy model; undefined when, its intrinsics read,
 * it is no template after all.
 */
export function templateFileOf(text: string, format: 'json' | 'yaml', root: ObjectNode): PolicyFile | undefined {
  // Resource types are literal text, so the resources can be listed before the intrinsics become tokens.
  const tokenized = tokenizeIntrinsics(root, knownAttributes(templateResources(root)));
  if (!readsAsTemplate(tokenized)) return undefined;
  return extractTemplate(text, tokenized, format);
}

/** The checks across a template's resources, for a file that is a template. */
export function templateRulesFor(file: PolicyFile): readonly FileRule[] | undefined {
  return isTemplateFile(file) ? TEMPLATE_RULES : undefined;
}
