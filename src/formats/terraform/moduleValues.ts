import type { GrantValues } from '../../policy/templates';
import type { TerraformFile } from './terraformFile';

/**
 * The account and region a Terraform module names itself: the expressions of its own
 * `data "aws_caller_identity"` and `data "aws_region"` (in this file or a sibling), e.g.
 * `data.aws_caller_identity.current.account_id`. Absent when the module declares no such data source.
 */
export function terraformModuleReferences(file: TerraformFile): { readonly accountId?: string; readonly region?: string } {
  const data = [file, ...(file.siblings ?? [])].flatMap((f) => f.resources ?? []).filter((r) => r.mode === 'data');
  const identity = data.find((r) => r.type === 'aws_caller_identity');
  const region = data.find((r) => r.type === 'aws_region');
  return {
    ...(identity ? { accountId: `${identity.address}.account_id` } : {}),
    ...(region ? { region: `${region.address}.name` } : {}),
  };
}

/**
 * The account and region a fix writes in a Terraform module: the module's own references
 * (`terraformModuleReferences`) written as interpolations (`${data.aws_caller_identity.current.account_id}`),
 * else the values given (the settings'), else nothing, so that the fix leaves a tab stop. Never an account the
 * module or the settings do not name.
 */
export function terraformModuleValues(file: TerraformFile, known: GrantValues): GrantValues {
  const references = terraformModuleReferences(file);
  return {
    ...known,
    ...(references.accountId ? { accountId: `\${${references.accountId}}` } : {}),
    ...(references.region ? { region: `\${${references.region}}` } : {}),
  };
}
