import { grantStatement, keyAdministrationStatement, placeholder, PLACEHOLDERS, receiptRuleArn, type GrantValues, type InsertKind, type JsonTemplate } from '../../policy/templates';
import { hclBlock, jsonencode, type HclRaw } from './hclWriter';

/**
 * Terraform resources holding an SES grant, built from the same statement templates as everything else
 * (templates.ts): the snippets `ses-tf-*`, `ses-grants new --format terraform` and "Add SES grant" into a
 * `.tf` file. The account and region are whatever the caller passes: a literal, or an interpolation of what
 * the module declares (`${data.aws_caller_identity.current.account_id}`), or a placeholder.
 */

export interface TerraformGrantValues extends GrantValues {
  /**
   * The name of the target resource in the module (`inbox` for `aws_s3_bucket.inbox`): the grant then
   * refers to it. Without it, the bucket, function or topic is written literally.
   */
  readonly targetName?: string | undefined;
}

/** The resource type of the target, per kind: what `targetName` names. */
export const TARGET_TYPES: Readonly<Record<InsertKind, string>> = {
  s3: 'aws_s3_bucket',
  kms: 'aws_kms_key',
  lambda: 'aws_lambda_function',
  sns: 'aws_sns_topic',
};

/** The resource type each kind's grant is written as. */
export const GRANT_RESOURCE_TYPES: Readonly<Record<InsertKind, string>> = {
  s3: 'aws_s3_bucket_policy',
  kms: 'aws_kms_key',
  lambda: 'aws_lambda_permission',
  sns: 'aws_sns_topic_policy',
};

/** The grant resource's own name. */
export function grantResourceName(kind: InsertKind, values: TerraformGrantValues): string {
  const target = values.targetName ?? 'mail';
  return kind === 'lambda' ? `${target}_ses` : target;
}

/** The grant's statement with the target written as a reference when the module defines it. */
export function terraformStatement(kind: InsertKind, values: TerraformGrantValues): { [key: string]: JsonTemplate } {
  const statement = grantStatement(kind, values);
  const target = values.targetName === undefined ? undefined : `${TARGET_TYPES[kind]}.${values.targetName}`;
  if (!target) return statement;
  if (kind === 's3') return { ...statement, Resource: `\${${target}.arn}/${values.prefix ?? ''}*` };
  if (kind === 'sns') return { ...statement, Resource: `\${${target}.arn}` };
  return statement;
}

function policyDocument(kind: InsertKind, values: TerraformGrantValues): HclRaw {
  // A new key's policy is the whole policy: it keeps the account's own access beside the grant.
  const statements = kind === 'kms' ? [keyAdministrationStatement(values), terraformStatement(kind, values)] : [terraformStatement(kind, values)];
  return jsonencode({ Version: '2012-10-17', Statement: statements }, 1);
}

/** The attributes of the grant resource, in the order `terraform fmt` users write them. */
export function grantResourceEntries(kind: InsertKind, values: TerraformGrantValues): [string, JsonTemplate | HclRaw][] {
  const target = values.targetName === undefined ? undefined : `${TARGET_TYPES[kind]}.${values.targetName}`;
  switch (kind) {
    case 's3':
      return [
        ['bucket', target ? `\${${target}.id}` : values.bucket ?? placeholder(PLACEHOLDERS.bucket)],
        ['policy', policyDocument(kind, values)],
      ];
    case 'kms':
      return [
        ['description', 'Encrypts the mail Amazon SES receives'],
        ['policy', policyDocument(kind, values)],
      ];
    case 'lambda':
      return [
        ['statement_id', 'GiveSESPermissionToInvokeFunction'],
        ['action', 'lambda:InvokeFunction'],
        ['function_name', target ? `\${${target}.function_name}` : values.functionName ?? placeholder(PLACEHOLDERS.functionName)],
        ['principal', 'ses.amazonaws.com'],
        ['source_account', values.accountId ?? placeholder(PLACEHOLDERS.accountId)],
        ['source_arn', receiptRuleArn(values)],
      ];
    case 'sns':
      return [
        ['arn', target ? `\${${target}.arn}` : String(grantStatement('sns', values)['Resource'])],
        ['policy', policyDocument(kind, values)],
      ];
  }
}

/** The whole `resource "…" "…" { … }` block. */
export function terraformGrantResource(kind: InsertKind, values: TerraformGrantValues): string {
  return hclBlock(['resource', GRANT_RESOURCE_TYPES[kind], grantResourceName(kind, values)], grantResourceEntries(kind, values));
}
