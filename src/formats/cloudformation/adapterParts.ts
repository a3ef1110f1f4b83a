import type { FormatEditing } from '../../policy/fixes/policyEditor';
import type { PolicyFile } from '../../policy/model';
import type { FormatAdapter } from '../adapter';
import { isTemplateFile } from './cloudformation';
import { CLOUDFORMATION_JSON_EDITING, CLOUDFORMATION_YAML_EDITING } from './editing';
import { planTemplateInsertAs } from './templatePlan';

/** What the JSON and YAML adapters take from CloudFormation: how fixes edit a template, and where a grant goes in one. */
export function templateParts(format: 'json' | 'yaml'): Required<Pick<FormatAdapter, 'planInsert'>> & { editingFor(file: PolicyFile): FormatEditing | undefined } {
  const editing = format === 'yaml' ? CLOUDFORMATION_YAML_EDITING : CLOUDFORMATION_JSON_EDITING;
  return {
    // A template writes `${…}` values as intrinsics and the stack's own account; other files are the format's.
    editingFor: (file) => (isTemplateFile(file) ? editing : undefined),
    planInsert(text, _hint, kind, values, formatting) {
      const plan = planTemplateInsertAs(text, format, kind, values, formatting);
      return plan && { into: 'template', plan };
    },
  };
}
