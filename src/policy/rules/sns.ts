import { arnTextOf } from '../arn';
import type { StatementContext } from '../findings';
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
  const wildcard = context.statement.resources.find(isWildcardText);
  if (wildcard && context.statement.actions.some(isSnsAction)) context.report('sns-resource-wildcard', wildcard.span);
  checkRegion(context);
}

function isWildcardText(value: PolicyValue): boolean {
  return value.text.trim() === '*';
}

function isSnsAction(action: PolicyValue): boolean {
  return actionService(action) === 'sns';
}

/** A region name followed by the colon that ends its ARN component (read in place, `lastIndex` at the component). */
const REGION_COMPONENT = /[a-z]{2}(?:-[a-z]+)+-\d{1,2}:/y;
const PARTITION_PARAMETER = '${AWS::Partition}';

/**
 * The region of an ARN of `service`, when it is written as a real region name (no wildcard, no placeholder,
 * no template value): `arn:${AWS::Partition}:sns:us-east-1:…` still names us-east-1. Read at the colons, not
 * split: this is asked of every resource and SourceArn value of every SNS grant. Exported for its test.
 */
export function literalRegion(value: PolicyValue, service: string): string | undefined {
  let text = arnTextOf(value);
  if (text.includes(PARTITION_PARAMETER)) text = text.replaceAll(PARTITION_PARAMETER, 'aws');
  // `arn`, partition, service, region, account, resource: at least five colons, the first after `arn`.
  if (!text.startsWith('arn:')) return undefined;
  const serviceStart = text.indexOf(':', 4) + 1;
  if (serviceStart === 0) return undefined;
  const regionStart = text.indexOf(':', serviceStart) + 1;
  if (regionStart === 0 || !isService(text, serviceStart, regionStart - 1, service)) return undefined;
  const regionEnd = text.indexOf(':', regionStart);
  if (regionEnd < 0 || text.indexOf(':', regionEnd + 1) < 0) return undefined;
  REGION_COMPONENT.lastIndex = regionStart;
  if (!REGION_COMPONENT.test(text) || REGION_COMPONENT.lastIndex !== regionEnd + 1) return undefined;
  return containsPlaceholder(text) ? undefined : text.slice(regionStart, regionEnd);
}

/** text[start, end) lower-cased is `service` (lower-case): compared in place when written in lower case. */
function isService(text: string, start: number, end: number, service: string): boolean {
  if (end - start === service.length && text.startsWith(service, start)) return true;
  return text.slice(start, end).toLowerCase() === service;
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
