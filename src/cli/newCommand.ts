import {
  addPermissionCommandLine,
  grantDocument,
  grantStatement,
  INSERT_KINDS,
  PLACEHOLDERS,
  renderPlain,
  toJsonText,
  type GrantValues,
  type InsertKind,
} from '../policy/templates';
import {
  checkAccountId,
  checkBucketName,
  checkFunctionName,
  checkPrefix,
  checkRegion,
  checkRuleName,
  checkTopicArn,
  parseTopicArn,
} from '../policy/values';
import { terraformGrantResource } from '../formats/terraform/grantResources';
import { flagOption, parseArgs, stringOption, type OptionSpec, type ParsedArgs } from './args';
import { EXIT_OK, UsageError, type CliIo } from './io';

const NEW_OPTIONS: readonly OptionSpec[] = [
  { name: 'account', takesValue: true },
  { name: 'region', takesValue: true },
  { name: 'rule-set', takesValue: true },
  { name: 'rule', takesValue: true },
  { name: 'any-rule', takesValue: false },
  { name: 'bucket', takesValue: true },
  { name: 'prefix', takesValue: true },
  { name: 'decrypt', takesValue: false },
  { name: 'function', takesValue: true },
  { name: 'topic-arn', takesValue: true },
  { name: 'statement', takesValue: false },
  { name: 'cli', takesValue: false },
  { name: 'format', takesValue: true },
  { name: 'help', takesValue: false, short: 'h' },
];

/** Options that only make sense for one kind; given for another kind they are a mistake worth naming. */
const KIND_OPTIONS: Readonly<Record<string, InsertKind>> = {
  bucket: 's3',
  prefix: 's3',
  decrypt: 'kms',
  function: 'lambda',
  cli: 'lambda',
  'topic-arn': 'sns',
};

export const NEW_HELP = `Usage: ses-grants new <s3|kms|lambda|sns> [options]

Prints the grant SES email receiving needs, in the current guide's form: a bucket policy (s3), a key
policy (kms), an AddPermission request body (lambda) or a topic policy (sns).

Options:
  --account <id>        the receiving AWS account (12 digits)
  --region <region>     the region of the receipt rule set, e.g. us-east-1
  --rule-set <name>     the receipt rule set
  --rule <name>         the receipt rule
  --any-rule            allow any rule of the account (receipt-rule-set/*:receipt-rule/* under ArnLike)
  --bucket <name>       s3: the bucket
  --prefix <prefix>     s3: the object key prefix
  --decrypt             kms: also allow kms:Decrypt (buckets encrypted with SSE-KMS)
  --function <name>     lambda: the function name
  --cli                 lambda: print the aws lambda add-permission command line instead
  --topic-arn <arn>     sns: the topic (it must be in the receipt rule's region)
  --statement           print only the statement, not a whole policy
  --format <json|terraform>
                        terraform: print a Terraform resource (aws_s3_bucket_policy, aws_kms_key,
                        aws_lambda_permission, aws_sns_topic_policy) with the policy in jsonencode
  -h, --help            show this help

Values left out are printed as the guide's placeholders (AWSACCOUNTID, REGION, ...) and listed on stderr;
ses-grants lint reports them as placeholder-left until they are filled in.
`;

export function runNew(argv: readonly string[], io: CliIo): number {
  const args = parseArgs(argv, NEW_OPTIONS);
  if (flagOption(args, 'help')) {
    io.out(NEW_HELP);
    return EXIT_OK;
  }
  const [kindArg, ...extra] = args.positionals;
  if (kindArg === undefined) throw new UsageError('new needs a kind: s3, kms, lambda or sns');
  if (!(INSERT_KINDS as readonly string[]).includes(kindArg)) {
    throw new UsageError(`unknown kind "${kindArg}": use s3, kms, lambda or sns`);
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const kind = kindArg as InsertKind;
  checkOptionsFitKind(args, kind);

  const values = readValues(args, kind);
  const missing = missingValues(values, kind);
  const format = stringOption(args, 'format') ?? 'json';
  if (format !== 'json' && format !== 'terraform') throw new UsageError(`--format: unknown format "${format}": use json or terraform`);
  let output: string;
  if (format === 'terraform') {
    if (flagOption(args, 'cli') || flagOption(args, 'statement')) throw new UsageError('--format terraform prints a whole resource: it cannot be combined with --cli or --statement');
    output = renderPlain(terraformGrantResource(kind, values));
  } else if (flagOption(args, 'cli')) {
    if (flagOption(args, 'statement')) throw new UsageError('--cli and --statement cannot be combined');
    output = addPermissionCommandLine(values);
  } else {
    const template = flagOption(args, 'statement') ? grantStatement(kind, values) : grantDocument(kind, values);
    output = renderPlain(toJsonText(template));
  }
  io.out(output + '\n');
  if (kind === 'kms' && !flagOption(args, 'statement')) {
    // put-key-policy replaces the whole policy: this one alone would leave no principal able to manage the key.
    io.err('ses-grants: add this statement to the key\'s existing policy; a key policy holding only this statement leaves nobody able to manage the key.\n');
  }
  if (missing.length > 0) {
    io.err(`ses-grants: placeholders left for ${missing.join(', ')}: fill them in before applying the policy.\n`);
  }
  return EXIT_OK;
}

function checkOptionsFitKind(args: ParsedArgs, kind: InsertKind): void {
  for (const [option, owner] of Object.entries(KIND_OPTIONS)) {
    if (owner !== kind && args.options.has(option)) throw new UsageError(`--${option} applies to "new ${owner}" only`);
  }
  if (flagOption(args, 'any-rule') && (args.options.has('rule') || args.options.has('rule-set'))) {
    throw new UsageError('--any-rule cannot be combined with --rule or --rule-set');
  }
}

/** Reads and validates every value; a bad value stops the command with the flag and the problem. */
function readValues(args: ParsedArgs, kind: InsertKind): GrantValues {
  const value = (option: string, check: (value: string) => string | undefined): string | undefined => {
    const given = stringOption(args, option);
    if (given === undefined) return undefined;
    const problem = check(given);
    if (problem) throw new UsageError(`--${option}: ${problem}`);
    return given;
  };
  const topicArn = value('topic-arn', checkTopicArn);
  let region = value('region', checkRegion);
  if (kind === 'sns' && topicArn) {
    const topicRegion = parseTopicArn(topicArn)!.region;
    if (region !== undefined && region !== topicRegion) {
      throw new UsageError(
        `--region ${region} differs from the topic's region ${topicRegion}: SES publishes only to topics in the receipt rule's region`,
      );
    }
    // The rule set must live where the topic is, so the topic fixes the region.
    region ??= topicRegion;
  }
  return {
    accountId: value('account', checkAccountId),
    region,
    ruleSet: value('rule-set', (v) => checkRuleName(v, 'rule set name')),
    rule: value('rule', (v) => checkRuleName(v, 'rule name')),
    anyRule: flagOption(args, 'any-rule'),
    bucket: value('bucket', checkBucketName),
    prefix: value('prefix', checkPrefix),
    includeDecrypt: flagOption(args, 'decrypt'),
    functionName: value('function', checkFunctionName),
    topicArn,
  };
}

/** The options still missing, each with the placeholder printed in its place. */
function missingValues(values: GrantValues, kind: InsertKind): string[] {
  const missing: string[] = [];
  const need = (present: unknown, option: string, placeholder: string) => {
    if (present === undefined) missing.push(`--${option} (${placeholder})`);
  };
  need(values.accountId, 'account', PLACEHOLDERS.accountId);
  need(values.region, 'region', PLACEHOLDERS.region);
  if (!values.anyRule) {
    need(values.ruleSet, 'rule-set', PLACEHOLDERS.ruleSet);
    need(values.rule, 'rule', PLACEHOLDERS.rule);
  }
  if (kind === 's3') need(values.bucket, 'bucket', PLACEHOLDERS.bucket);
  if (kind === 'lambda') need(values.functionName, 'function', PLACEHOLDERS.functionName);
  if (kind === 'sns') need(values.topicArn, 'topic-arn', `${PLACEHOLDERS.topicName}`);
  return missing;
}
