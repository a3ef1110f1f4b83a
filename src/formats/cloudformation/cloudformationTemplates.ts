import { grantStatement, keyAdministrationStatement, placeholder, type GrantValues, type InsertKind, type JsonTemplate } from '../../policy/templates';

/**
 * CloudFormation resources holding an SES grant, built from the same statement templates as everything
 * else (templates.ts) with the account and region taken from pseudo parameters, and written as YAML with
 * short-form intrinsics. Values still unknown (rule set, rule, bucket…) stay placeholders.
 */

export interface CfnGrantValues extends Omit<GrantValues, 'accountId' | 'region'> {
  /** Logical id of the target resource in the template (bucket, key, function, topic). */
  readonly targetLogicalId?: string | undefined;
}

const ACCOUNT = '${AWS::AccountId}';
const REGION = '${AWS::Region}';

const RESOURCE_TYPE: Record<InsertKind, string> = {
  s3: 'AWS::S3::BucketPolicy',
  kms: 'AWS::KMS::Key',
  lambda: 'AWS::Lambda::Permission',
  sns: 'AWS::SNS::TopicPolicy',
};

const DEFAULT_TARGET: Record<InsertKind, string> = { s3: 'MailBucket', kms: 'MailKey', lambda: 'MailFunction', sns: 'MailTopic' };

function target(values: CfnGrantValues, kind: InsertKind): string {
  return values.targetLogicalId ?? placeholder(DEFAULT_TARGET[kind]);
}

/** The logical id of the resource the snippet or command creates. */
export function cfnResourceName(kind: InsertKind): string {
  return { s3: 'MailBucketPolicy', kms: 'MailKey', lambda: 'MailFunctionSesPermission', sns: 'MailTopicPolicy' }[kind];
}

/** The resource as a template object (before YAML rendering). */
export function cfnResource(kind: InsertKind, values: CfnGrantValues): { [key: string]: JsonTemplate } {
  const grantValues: GrantValues = { ...values, accountId: ACCOUNT, region: REGION };
  const statement = grantStatement(kind, grantValues);
  const logicalTarget = target(values, kind);
  switch (kind) {
    case 's3':
      return {
        Type: RESOURCE_TYPE.s3,
        Properties: {
          Bucket: `\${${logicalTarget}}`,
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ ...statement, Resource: `arn:\${AWS::Partition}:s3:::\${${logicalTarget}}/${values.prefix ?? ''}*` }],
          },
        },
      };
    case 'kms':
      // The key's whole policy: the account's own access beside the grant, as AWS's default key policy has it.
      return { Type: RESOURCE_TYPE.kms, Properties: { KeyPolicy: { Version: '2012-10-17', Statement: [keyAdministrationStatement(grantValues, '${AWS::Partition}'), statement] } } };
    case 'lambda':
      return {
        Type: RESOURCE_TYPE.lambda,
        Properties: {
          FunctionName: `\${${logicalTarget}.Arn}`,
          Action: 'lambda:InvokeFunction',
          Principal: 'ses.amazonaws.com',
          SourceAccount: ACCOUNT,
          SourceArn: sourceArnOf(statement['Condition'] ?? ''),
        },
      };
    case 'sns':
      return {
        Type: RESOURCE_TYPE.sns,
        Properties: {
          Topics: [`\${${logicalTarget}}`],
          PolicyDocument: { Version: '2012-10-17', Statement: [{ ...statement, Resource: `\${${logicalTarget}}` }] },
        },
      };
  }
}

function sourceArnOf(condition: JsonTemplate): string {
  if (typeof condition !== 'object' || Array.isArray(condition)) return '';
  for (const block of Object.values(condition)) {
    if (typeof block === 'object' && !Array.isArray(block) && typeof block['AWS:SourceArn'] === 'string') return block['AWS:SourceArn'];
  }
  return '';
}

/** A whole resource entry as YAML, `indent` spaces deep (the level of the other resources' logical ids). */
export function cfnResourceYaml(kind: InsertKind, values: CfnGrantValues, indent = 2): string {
  const lines = [`${' '.repeat(indent)}${cfnResourceName(kind)}:`];
  emitMapping(cfnResource(kind, values), indent + 2, lines);
  return lines.join('\n');
}

/** A string that is exactly one `${Name}` becomes `!Ref Name` (or `!GetAtt` for `${Name.Attr}`); any other `${…}` makes `!Sub`. */
export function yamlScalar(value: string): string {
  // Placeholder marks (\uE000…\uE001) may wrap the logical id: they survive into the tab stop.
  const whole = /^\$\{([A-Za-z0-9:\uE000\uE001]+)(?:\.([A-Za-z0-9.]+))?\}$/.exec(value);
  if (whole) return whole[2] ? `!GetAtt ${whole[1]}.${whole[2]}` : `!Ref ${whole[1]}`;
  if (value.includes('${')) return `!Sub '${value.replace(/'/g, "''")}'`;
  return /^[A-Za-z0-9_.:/*-]+$/.test(value) && !/^[0-9.]+$/.test(value) && !/^\d{4}-\d{2}-\d{2}$/.test(value) && !/^(true|false|null|yes|no|on|off)$/i.test(value) && !value.startsWith('*')
    ? value
    : `'${value.replace(/'/g, "''")}'`;
}

function emitMapping(object: { [key: string]: JsonTemplate }, indent: number, lines: string[]): void {
  for (const [key, value] of Object.entries(object)) emitEntry(`${' '.repeat(indent)}${key}:`, value, indent, lines);
}

function emitEntry(prefix: string, value: JsonTemplate, indent: number, lines: string[]): void {
  if (typeof value === 'string') {
    lines.push(`${prefix} ${yamlScalar(value)}`);
  } else if (Array.isArray(value)) {
    lines.push(prefix);
    for (const item of value) {
      if (typeof item === 'string') lines.push(`${' '.repeat(indent + 2)}- ${yamlScalar(item)}`);
      else if (!Array.isArray(item)) {
        const itemLines: string[] = [];
        emitMapping(item, indent + 4, itemLines);
        // The first key of a list item shares the dash's line.
        if (itemLines[0] !== undefined) itemLines[0] = `${' '.repeat(indent + 2)}- ${itemLines[0].trimStart()}`;
        lines.push(...itemLines);
      }
    }
  } else {
    lines.push(prefix);
    emitMapping(value, indent + 2, lines);
  }
}
