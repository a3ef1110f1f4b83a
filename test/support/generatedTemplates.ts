/**
 * Generated CloudFormation templates for the benchmark and the cost tests: buckets, their bucket policies
 * granting SES (restricted or open), and the receipt rules that store mail there.
 */

export const TEMPLATE_HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n';

/** A YAML template with `count` buckets whose SES bucket policies lack the source conditions. */
export function templateWithOpenGrants(count: number): string {
  return TEMPLATE_HEAD + Array.from({ length: count }, (_, i) => bucketBlock(i, false)).join('');
}

/**
 * A YAML template of about `bytes`: buckets with SES bucket policies (good and open ones) and receipt rules
 * (every third bucket's policy open: `s3-missing-source-*` findings). The node and editor benches share it.
 */
export function templateOfSize(bytes: number): string {
  const parts = [TEMPLATE_HEAD];
  let size = parts[0]!.length;
  for (let i = 0; size < bytes; i++) {
    const block = bucketBlock(i, i % 3 !== 0);
    parts.push(block);
    size += block.length;
  }
  return parts.join('');
}

/** Bucket `i`, its policy granting SES (restricted or open) and the receipt rule that stores mail there. */
export function bucketBlock(i: number, restricted: boolean): string {
  const condition = restricted
    ? [
        '            Condition:',
        '              StringEquals:',
        '                AWS:SourceAccount: !Ref AWS::AccountId',
        `                AWS:SourceArn: !Sub 'arn:aws:ses:\${AWS::Region}:\${AWS::AccountId}:receipt-rule-set/inbound:receipt-rule/rule${i}'`,
        '',
      ].join('\n')
    : '';
  return [
    `  Bucket${i}:`,
    '    Type: AWS::S3::Bucket',
    `  Bucket${i}Policy:`,
    '    Type: AWS::S3::BucketPolicy',
    '    Properties:',
    `      Bucket: !Ref Bucket${i}`,
    '      PolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Sid: AllowSESPuts # the receipt rule stores mail here',
    '            Effect: Allow',
    '            Principal: { Service: ses.amazonaws.com }',
    '            Action: s3:PutObject',
    `            Resource: !Sub '\${Bucket${i}.Arn}/*'`,
    condition + `  Rule${i}:`,
    '    Type: AWS::SES::ReceiptRule',
    i % 2 === 0 ? `    DependsOn: Bucket${i}Policy` : '    DependsOn: []',
    '    Properties:',
    '      RuleSetName: inbound',
    '      Rule:',
    `        Name: rule${i}`,
    '        Actions:',
    '          - S3Action:',
    `              BucketName: !Ref Bucket${i}`,
    '',
  ].join('\n');
}
