import type { HclBlock, HclBody } from './hcl';

/**
 * The resources and data sources of a Terraform file that matter for SES grants (docs/semantics.md#terraform): where policies
 * live, and what a receipt rule can deliver to.
 */

export interface TerraformResource {
  readonly mode: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
  /** How other blocks refer to it: `aws_s3_bucket.inbox`, `data.aws_iam_policy_document.ses`. */
  readonly address: string;
  readonly block: HclBlock;
}

/** Resource types whose attribute holds a policy document. */
export const POLICY_ATTRIBUTE: Readonly<Record<string, string>> = {
  aws_s3_bucket_policy: 'policy',
  aws_sns_topic_policy: 'policy',
  aws_kms_key_policy: 'policy',
  // Inline policies: the legacy bucket argument, and the topic's and key's own.
  aws_s3_bucket: 'policy',
  aws_sns_topic: 'policy',
  aws_kms_key: 'policy',
  // The role an S3 action may use (the `sts` kind).
  aws_iam_role: 'assume_role_policy',
};

export const LAMBDA_PERMISSION = 'aws_lambda_permission';
export const RECEIPT_RULE = 'aws_ses_receipt_rule';
export const POLICY_DOCUMENT = 'aws_iam_policy_document';

const WANTED_RESOURCES = new Set([...Object.keys(POLICY_ATTRIBUTE), LAMBDA_PERMISSION, RECEIPT_RULE, 'aws_lambda_function']);
/** The account and region data sources are read for what fixes will write; the document for its statements. */
const WANTED_DATA = new Set([POLICY_DOCUMENT, 'aws_caller_identity', 'aws_region', 'aws_partition']);

/** The top-level blocks worth reading (the reader skips every other block unread). */
export function isWantedBlock(type: string, labels: readonly string[]): boolean {
  if (type === 'resource') return WANTED_RESOURCES.has(labels[0] ?? '');
  if (type === 'data') return WANTED_DATA.has(labels[0] ?? '');
  return false;
}

export function resourcesOf(body: HclBody): TerraformResource[] {
  const resources: TerraformResource[] = [];
  for (const block of body.blocks) {
    if ((block.type !== 'resource' && block.type !== 'data') || block.labels.length < 2) continue;
    const type = block.labels[0]!.value;
    const name = block.labels[1]!.value;
    const mode = block.type;
    resources.push({ mode, type, name, address: mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`, block });
  }
  return resources;
}
