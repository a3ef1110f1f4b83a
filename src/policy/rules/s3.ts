import { arnPattern, arnTextOf } from '../arn';
import type { StatementContext } from '../findings';
import type { PolicyValue } from '../model';
import { hasWildcard } from '../glob';
import { actionCovers } from '../grant';
import { isReceivingGrantOf, normalizedAction } from './ruleHelpers';

/**
 * S3 content (docs/rules): the grant must name objects (`bucket/*`), and should allow only `s3:PutObject`.
 */

type ResourceScope = 'objects' | 'bucket' | 'unknown';

/** `arn:<partition>:s3:::<rest>`: `rest` is the bucket, then `/key` for objects. */
const S3_ARN = arnPattern('^arn:{C}:s3:::(.*)$', 'is');

/**
 * Whether a Resource value can match an object ARN. `*` anywhere after `:::` can (`bucket*` matches
 * `bucket/key` under IAM's glob). Template values are read as their adapter expanded them, so `!GetAtt B.Arn`
 * of the template's own bucket is the bucket. A value we cannot read (another service, an opaque reference
 * such as a parameter) is `unknown`, so that no finding is guessed from it.
 */
export function s3ResourceScope(resource: PolicyValue): ResourceScope {
  const text = arnTextOf(resource);
  if (text === '*') return 'objects';
  const rest = S3_ARN.exec(text)?.[1];
  if (rest === undefined) return 'unknown';
  if (rest.includes('/') || rest.includes('*')) return 'objects';
  return rest.length > 0 ? 'bucket' : 'unknown';
}

export function s3ContentRules(context: StatementContext): void {
  if (!isReceivingGrantOf(context, 's3')) return;
  checkResources(context);
  checkActions(context);
}

function checkResources(context: StatementContext): void {
  const { statement } = context;
  const resources = statement.resources;
  if (!statement.resourceProperty || resources.length === 0) return;
  // One pass, no lists: the first bucket, and whether every resource is a bucket or some names objects.
  let firstBucket: PolicyValue | undefined;
  let allBuckets = true;
  let someObjects = false;
  for (const resource of resources) {
    const scope = s3ResourceScope(resource);
    if (scope === 'bucket') firstBucket ??= resource;
    else allBuckets = false;
    if (scope === 'objects') someObjects = true;
  }
  if (firstBucket === undefined) return;
  if (allBuckets) {
    const span = resources.length === 1 ? firstBucket.span : statement.resourceProperty.value.span;
    context.report('s3-resource-not-object-arn', span, { resource: firstBucket.text.trim() });
  } else if (someObjects) {
    context.report('s3-resource-includes-bucket-arn', firstBucket.span, { resource: firstBucket.text.trim() });
  }
}

/**
 * Anything but `s3:PutObject` is broader than SES needs: wildcards covering it (`s3:*`, `s3:Put*`, `*`) and
 * other S3 actions. Actions of other services belong to their own kind's checks.
 */
function checkActions(context: StatementContext): void {
  for (const action of context.statement.actions) {
    // As usually written: nothing to trim or lower-case (a new string per action).
    if (action.text === 's3:PutObject') continue;
    const text = normalizedAction(action);
    if (text === 's3:putobject') continue;
    // `s3:GetObject`, `s3:Put*`, `*`, and odd wildcards such as `s*:Put*` that still cover PutObject.
    if (text.startsWith('s3:') || (hasWildcard(text) && actionCovers(text, 's3:PutObject'))) {
      context.report('s3-action-too-broad', action.span, { action: action.text });
      return;
    }
  }
}
