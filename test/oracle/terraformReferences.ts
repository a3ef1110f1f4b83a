import type { TerraformFile } from '../../src/formats/terraform';
import { attributeOf } from '../../src/formats/terraform/hcl';
import { literalText } from '../../src/formats/terraform/hclValues';
import { ACCOUNT, NotModelable, REGION } from './concrete';

/**
 * What Terraform would give a reference in account 111122223333, us-east-1 — the caller identity's account,
 * the region, the names and ARNs of the module's buckets, topics, functions, keys and receipt rules (their
 * literal names when the file writes them), and the few variables the fixtures use for the account, region
 * and rule names: the Terraform oracles' stand-ins (terraform-concrete.test.ts, terraform-insert.test.ts).
 */

const VARIABLES: Readonly<Record<string, string>> = {
  'var.account_id': ACCOUNT,
  'var.region': REGION,
  'var.rule_set': 'inbound',
  'var.rule': 'store',
};

/** The literal value of a resource's argument, else the resource's name. */
function nameOf(file: TerraformFile, address: string, argument: string): string {
  const resource = file.resources.find((r) => r.address === address);
  const literal = resource && literalText(file.text, attributeOf(resource.block.body, argument)?.value);
  return literal ?? address.split('.').pop()!;
}

export function resolveReference(file: TerraformFile, reference: string): string {
  // `$${aws:username}` is an IAM policy variable: IAM itself fills it in.
  if (reference.includes(':')) return '${' + reference + '}';
  if (VARIABLES[reference]) return VARIABLES[reference]!;
  if (/^data\.aws_caller_identity\.[\w-]+\.account_id$/.test(reference)) return ACCOUNT;
  if (/^data\.aws_region\.[\w-]+\.(name|region|id)$/.test(reference)) return REGION;
  if (/^data\.aws_partition\.[\w-]+\.partition$/.test(reference)) return 'aws';
  const match = /^((aws_[a-z0-9_]+)\.[\w-]+)\.([a-z_]+)$/.exec(reference);
  if (!match) throw new NotModelable(`no stand-in for ${reference}`);
  const [, address, type, attribute] = match as unknown as [string, string, string, string];
  const key = `${type}.${attribute}`;
  switch (key) {
    case 'aws_s3_bucket.bucket':
    case 'aws_s3_bucket.id':
      return nameOf(file, address, 'bucket');
    case 'aws_s3_bucket.arn':
      return `arn:aws:s3:::${nameOf(file, address, 'bucket')}`;
    case 'aws_sns_topic.arn':
      return `arn:aws:sns:${REGION}:${ACCOUNT}:${nameOf(file, address, 'name')}`;
    case 'aws_lambda_function.arn':
      return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${nameOf(file, address, 'function_name')}`;
    case 'aws_lambda_function.function_name':
      return nameOf(file, address, 'function_name');
    case 'aws_kms_key.arn':
      return `arn:aws:kms:${REGION}:${ACCOUNT}:key/${nameOf(file, address, 'key_id')}`;
    case 'aws_ses_receipt_rule_set.rule_set_name':
      return nameOf(file, address, 'rule_set_name');
    case 'aws_ses_receipt_rule.arn':
      return `arn:aws:ses:${REGION}:${ACCOUNT}:receipt-rule-set/${nameOf(file, address, 'rule_set_name')}:receipt-rule/${nameOf(file, address, 'name')}`;
    default:
      throw new NotModelable(`no stand-in for ${reference}`);
  }
}
