import type { GrantValues } from '../../policy/templates';
import type { TerraformFile } from './terraformFile';

/**
 * The account and region a fix writes in a Terraform module: the module's own `data.aws_caller_identity` and
 * `data.aws_region` when it declares them (in this file or a sibling), written as references
 * (`${data.aws_caller_identity.current.account_id}`), else the values given (the settings'), else nothing, so
 * that the fix leaves a tab stop. Never an account the module or the settings do not name.
 */
export function terraformModuleValues(file: TerraformFile, known: GrantValues): GrantValues {
  const data = [file, ...(file.siblings ?? [])].flatMap((f) => f.resources ?? []).filter((r) => r.mode === 'data');
  const identity = data.find((r) => r.type === 'aws_caller_identity');
  const region = data.find((r) => r.type === 'aws_region');
  return {
    ...known,
    ...(identity ? { accountId: `\${${identity.address}.account_id}` } : {}),
    ...(region ? { region: `\${${region.address}.name}` } : {}),
  };
}
