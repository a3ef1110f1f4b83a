import { build, defined, isLiteral } from './common';
import { filterList, replaceValues } from './listEdits';
import type { FixContext, FixProposal } from './types';

/** S3 bucket-policy fixes: the object ARN SES writes to, and nothing but `s3:PutObject`. */

const BUCKET_ARN = /^arn:[^:]*:s3:::[^/]+$/;
const OBJECT_ARN = /^arn:[^:]*:s3:::[^/]+\/.*$/;

export function notObjectArnFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  // Same suffix as the template's resource: `/PREFIX*`, or `/*` without a prefix.
  const suffix = `/${context.values.prefix ?? ''}*`;
  const replacements = statement.resources
    .filter((value) => isLiteral(value) && BUCKET_ARN.test(value.text.trim()))
    .map((value) => ({ value, text: value.text.trim() + suffix }));
  const first = replacements[0];
  if (!first) return [];
  return defined([
    build(context, { name: 'appendObjectPath', title: 'Change the resource to {resource}', args: { resource: first.text }, preferred: true }, (editor) =>
      replaceValues(editor, replacements),
    ),
  ]);
}

export function includesBucketArnFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement || !statement.resources.some((value) => OBJECT_ARN.test(value.text.trim()))) return [];
  const bucket = statement.resources.find((value) => BUCKET_ARN.test(value.text.trim()));
  if (!bucket) return [];
  return defined([
    build(context, { name: 'removeBucketArn', title: 'Remove {resource}', args: { resource: bucket.text.trim() }, preferred: true }, (editor) =>
      filterList(editor, statement.resourceProperty, (value) => !BUCKET_ARN.test(value.text.trim()), undefined),
    ),
  ]);
}

export function s3ActionTooBroadFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  return defined([
    build(context, { name: 'narrowS3Action', title: 'Allow only s3:PutObject', preferred: true }, (editor) =>
      filterList(editor, statement.actionProperty, (value) => value.text.trim().toLowerCase() === 's3:putobject', 's3:PutObject'),
    ),
  ]);
}
