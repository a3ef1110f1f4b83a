import { arnPattern, arnTextOf } from '../arn';
import type { PolicyValue } from '../model';
import { build, defined, isLiteral } from './common';
import { filterList, replaceValues } from './listEdits';
import type { PolicyEditor } from './policyEditor';
import type { FixContext, FixProposal } from './types';

/** S3 bucket-policy fixes: the object ARN SES writes to, and nothing but `s3:PutObject`. */

/** Template values are read as their adapter expanded them (`!GetAtt Bucket.Arn`, `${AWS::Partition}`). */
const BUCKET_ARN = arnPattern('^arn:{C}:s3:::[^/]+$');
const OBJECT_ARN = arnPattern('^arn:{C}:s3:::[^/]+/.*$');

export function notObjectArnFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  // Same suffix as the template's resource: `/PREFIX*`, or `/*` without a prefix.
  const suffix = `/${context.values.prefix ?? ''}*`;
  const bucketArns = statement.resources.filter((value) => BUCKET_ARN.test(arnTextOf(value)));
  const replacements = bucketArns.filter(isLiteral).map((value) => ({ value, text: value.text.trim() + suffix }));
  const templateValues = context.file.templateSyntax === 'cloudformation' || context.file.format === 'terraform' ? bucketArns.filter((value) => value.isToken) : [];
  const first = replacements[0]?.text ?? (templateValues[0] ? templateValues[0].text.trim() + suffix : undefined);
  if (!first) return [];
  return defined([
    build(context, { name: 'appendObjectPath', args: { resource: first }, preferred: true }, (editor) => {
      if (replacements.length > 0 && !replaceValues(editor, replacements, statement.node)) return false;
      for (const value of templateValues) if (!appendToIntrinsic(editor, context.text, value, suffix)) return false;
      return true;
    }),
  ]);
}

/**
 * A bucket ARN built by CloudFormation: `!Sub 'arn:…:s3:::${Bucket}'` gets the suffix inside its string,
 * `!GetAtt Bucket.Arn` becomes `!Sub '${Bucket.Arn}/*'`, `!Join ['', ['arn:…:s3:::', !Ref Bucket]]` gets one
 * more list item (so the Join stays a Join). Other intrinsics (a Sub with a variable map, a Join with a
 * delimiter) are left alone.
 */
function appendToIntrinsic(editor: PolicyEditor, text: string, value: PolicyValue, suffix: string): boolean {
  const path = editor.pathOf(value.span);
  if (!path) return false;
  const source = text.slice(value.span.offset, value.span.offset + value.span.length);
  if (editor.format === 'hcl') return appendToHclTemplate(editor, path, source, suffix);
  if (/^(!Sub\s+['"]?[^\s[-]|\{\s*"Fn::Sub"\s*:\s*"|!GetAtt\s|\{\s*"Fn::GetAtt"\s*:)/.test(source)) {
    editor.set(path, value.text.trim() + suffix);
    return true;
  }
  if (/^(!Join\b|\{\s*"Fn::Join")/.test(source)) {
    const plain = editor.valueAt(value.span);
    const args = Array.isArray(plain) ? plain : (plain as Record<string, unknown> | undefined)?.['Fn::Join'];
    if (!Array.isArray(args) || args[0] !== '' || !Array.isArray(args[1])) return false;
    editor.appendItem(editor.format === 'yaml' ? [...path, 1] : [...path, 'Fn::Join', 1], suffix);
    return true;
  }
  return false;
}

/**
 * A bucket ARN in Terraform: a reference (`aws_s3_bucket.inbox.arn`) becomes the string `"${aws_s3_bucket.inbox.arn}/*"`,
 * a plain template string (`"${aws_s3_bucket.inbox.arn}"`) gets the suffix inside it; anything else is left alone.
 */
function appendToHclTemplate(editor: PolicyEditor, path: (string | number)[], source: string, suffix: string): boolean {
  if (/^[A-Za-z_][\w.\-]*$/.test(source)) editor.set(path, `\${${source}}${suffix}`);
  else if (/^"[^"\\%]*"$/.test(source)) editor.set(path, source.slice(1, -1) + suffix);
  else return false;
  return true;
}

export function includesBucketArnFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement || !statement.resources.some((value) => OBJECT_ARN.test(arnTextOf(value)))) return [];
  const bucket = statement.resources.find((value) => BUCKET_ARN.test(arnTextOf(value)));
  if (!bucket) return [];
  return defined([
    build(context, { name: 'removeBucketArn', args: { resource: bucket.text.trim() }, preferred: true }, (editor) =>
      filterList(editor, statement.resourceProperty, (value) => !BUCKET_ARN.test(arnTextOf(value)), undefined, statement.node),
    ),
  ]);
}

export function s3ActionTooBroadFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  return defined([
    build(context, { name: 'narrowS3Action', preferred: true }, (editor) =>
      filterList(editor, statement.actionProperty, (value) => value.text.trim().toLowerCase() === 's3:putobject', 's3:PutObject', statement.node),
    ),
  ]);
}
