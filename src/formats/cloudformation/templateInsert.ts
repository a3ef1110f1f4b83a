import type { FormattingPreferences } from '../../policy/fixes/types';
import type { GrantValues, InsertKind } from '../../policy/templates';
import { formatOf, type FormatHint } from '../index';
import type { TemplateInsertPlan } from '../adapter';
import { planTemplateInsertAs } from './templatePlan';

/**
 * "Add SES grant" in a CloudFormation template whose format the hint settles (YAML, else JSON); undefined
 * when it is no template. The facade's `planInsert` reaches the same planner through the format's adapter.
 */
export function planTemplateInsert(text: string, hint: FormatHint, kind: InsertKind, values: GrantValues, formatting: FormattingPreferences): TemplateInsertPlan | undefined {
  return planTemplateInsertAs(text, formatOf(text, hint) === 'yaml' ? 'yaml' : 'json', kind, values, formatting);
}
