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
  const templateValues = context.file.allowsTemplateValues ? bucketArns.filter((value) => value.isToken) : [];
  const first = replacements[0]?.text ?? (templateValues[0] ? templateValues[0].text.trim() + suffix : undefined);
  if (!first) return [];
  return defined([
    build(context, { name: 'appendObjectPath', args: { resource: first }, preferred: true }, (editor) => {
      if (replacements.length > 0 && !replaceValues(editor, replacements, statement.node)) return false;
      for (const value of templateValues) if (!appendToTemplateValue(context, editor, value, suffix)) return false;
      return true;
    }),
  ]);
}

/** A bucket ARN written as a template value gets the suffix the way its format writes one (its editing's hook). */
function appendToTemplateValue(context: FixContext, editor: PolicyEditor, value: PolicyValue, suffix: string): boolean {
  const path = editor.pathOf(value.span);
  const append = context.file.editing?.appendToTemplateValue;
  if (!path || !append) return false;
  return append(editor, path, context.text.slice(value.span.offset, value.span.offset + value.span.length), value, suffix);
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
