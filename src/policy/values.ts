import { isAccountId } from './aws/accounts';
/**
 * Validation of the values a user gives for a grant (account, region, names). Each validator returns an
 * English problem description, or undefined when the value is fine. The CLI, the command's input boxes and
 * the settings all use these, so the same value is refused everywhere with the same words.
 */

/** Regions where SES email receiving is offered; free entry of another well-formed region is still allowed. */
export const SES_RECEIVING_REGIONS: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'eu-south-1',
  'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'af-south-1', 'il-central-1', 'me-south-1', 'us-gov-west-1',
];

const REGION_SHAPE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

export function checkAccountId(value: string): string | undefined {
  return isAccountId(value) ? undefined : `an account id is 12 digits, got "${value}"`;
}

export function checkRegion(value: string): string | undefined {
  return REGION_SHAPE.test(value) ? undefined : `"${value}" is not a region name such as us-east-1`;
}

/** Receipt rule set and rule names: letters, digits, `.`, `_`, `-`; start and end with a letter or digit; ≤ 64. */
export function checkRuleName(value: string, what = 'name'): string | undefined {
  if (value.length === 0 || value.length > 64) return `a ${what} has 1 to 64 characters`;
  return /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(value)
    ? undefined
    : `"${value}" is not a valid ${what}: use letters, digits, ".", "_" and "-", starting and ending with a letter or digit`;
}

export function checkBucketName(value: string): string | undefined {
  const shape = /^[a-z0-9](?:[a-z0-9.-]{1,61})[a-z0-9]$/;
  if (!shape.test(value) || value.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(value)) {
    return `"${value}" is not a valid bucket name: 3 to 63 lower-case letters, digits, "." and "-"`;
  }
  return undefined;
}

/** An optional key prefix: no leading slash, printable characters. */
export function checkPrefix(value: string): string | undefined {
  if (value.startsWith('/')) return 'a key prefix does not start with "/"';
  return /^[\x20-\x7e]*$/.test(value) && !/[*?]/.test(value) ? undefined : `"${value}" is not a plain key prefix`;
}

export function checkFunctionName(value: string): string | undefined {
  return /^[A-Za-z0-9_-]{1,64}$/.test(value)
    ? undefined
    : `"${value}" is not a function name: 1 to 64 letters, digits, "-" and "_"`;
}

export interface TopicArnParts {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly name: string;
}

export function parseTopicArn(value: string): TopicArnParts | undefined {
  const match = /^arn:(aws[a-z-]*):sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,256}(?:\.fifo)?)$/.exec(value);
  if (!match) return undefined;
  return { partition: match[1]!, region: match[2]!, account: match[3]!, name: match[4]! };
}

export function checkTopicArn(value: string): string | undefined {
  return parseTopicArn(value) ? undefined : `"${value}" is not a topic ARN such as arn:aws:sns:us-east-1:111122223333:inbound-mail`;
}

/** The partition a region belongs to, for the ARNs we write. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
