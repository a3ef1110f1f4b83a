import { arnTextOf } from '../arn';
import type { StatementContext } from '../findings';
import { hasWildcard } from '../glob';
import type { PolicyValue } from '../model';
import { containsPlaceholder } from '../placeholders';
import { actionService, isReceivingGrantOf } from './ruleHelpers';

/**
 * SNS content (docs/rules): name the topic rather than `*`, and keep the topic in the receipt rule's region
 * (SES publishes only to topics in the rule's region [S1](docs/semantics.md#sources); IAM itself does not know this).
 */
export function snsContentRules(context: StatementContext): void {
  if (!isReceivingGrantOf(context, 'sns')) return;
  // Only with an explicit `sns:` action: `Action: "*"` with `Resource: "*"` is a key policy's shape as much as
  // a topic policy's, and the topic advice would be noise there.
  const namesSns = context.statement.actions.some((a) => actionService(a) === 'sns');
  const wildcard = context.statement.resources.find((r) => r.text.trim() === '*');
  if (wildcard && namesSns) context.report('sns-resource-wildcard', wildcard.span);
  checkRegion(context);
}

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/**
 * The region of an ARN of `service`, when it is written as a real region name (no wildcard, no placeholder,
 * no template value): `arn:${AWS::Partition}:sns:us-east-1:…` still names us-east-1.
 */
function literalRegion(value: PolicyValue, service: string): string | undefined {
  const trimmed = arnTextOf(value).replaceAll('${AWS::Partition}', 'aws');
  if (containsPlaceholder(trimmed)) return undefined;
  const parts = trimmed.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[2]?.toLowerCase() !== service) return undefined;
  const region = parts[3]!;
  return !hasWildcard(region) && REGION.test(region) ? region : undefined;
}

function checkRegion(context: StatementContext): void {
  const { statement } = context;
  const ruleRegions = new Set<string>();
  for (const entry of statement.conditions) {
    if (entry.keyLower !== 'aws:sourcearn') continue;
    for (const value of entry.values) {
      const region = literalRegion(value, 'ses');
      if (region) ruleRegions.add(region);
    }
  }
  if (ruleRegions.size === 0) return;
  for (const resource of statement.resources) {
    const topicRegion = literalRegion(resource, 'sns');
    if (!topicRegion || ruleRegions.has(topicRegion)) continue;
    context.report('sns-region-mismatch', resource.span, {
      resource: resource.text.trim(),
      topicRegion,
      ruleRegion: [...ruleRegions].join(', '),
    });
    return;
  }
}
