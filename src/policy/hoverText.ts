import { KMS_CONTEXT_PREFIX, REFERER, SOURCE_ACCOUNT, SOURCE_ARN, SOURCE_OWNER } from './aws/conditionKeys';
import { parseReceiptRuleArn } from './aws/receiptRuleArn';
import { classify } from './grant';
import { markdownCode, markdownText } from './markdownText';
import { formatMessage, type MessageArgs } from './catalogue';
import { HOVER_TEXTS_JA, localizedText } from './messages.ja';
import type { ConditionEntry, PolicyFile } from './model';
import type { Span } from './tree';

/**
 * What the editor shows when the pointer rests on an SES condition key or a receipt-rule ARN inside a grant.
 * Editor-free: the extension's hover provider finds the target with `hoverTargetAt` (offsets) and renders
 * `hoverMarkdown`, passing how a rule id becomes a link (the bundled docs page there, the web page in tests).
 * Every piece of document text goes through `markdownText` or `markdownCode`, so a key or value written as
 * `![t](https://…)` or `[Click](…)` shows as that text; the only links are the footer's, to our docs pages
 * and the SES guide.
 */

export type HoverTarget =
  | { readonly kind: 'key'; readonly key: string; readonly span: Span }
  | { readonly kind: 'arn'; readonly arn: string; readonly operator: string; readonly span: Span };

export const SES_RECEIVING_GUIDE_URL = 'https://docs.aws.amazon.com/ses/latest/dg/receiving-email-permissions.html';

function contains(span: Span, offset: number): boolean {
  return offset >= span.offset && offset <= span.offset + span.length;
}

/** The key or receipt-rule ARN under `offset`, only inside statements that grant SES or carry SES marks. */
export function hoverTargetAt(file: PolicyFile, offset: number): HoverTarget | undefined {
  for (const statement of file.statements) {
    if (!contains(statement.node.span, offset)) continue;
    const grant = classify(statement);
    if (!grant.isSesGrant && !grant.isSesMarked && grant.sesPrincipals.length === 0) continue;
    for (const entry of statement.conditions) {
      if (contains(entry.keySpan, offset) && keyTopic(entry.keyLower) !== undefined) {
        return { kind: 'key', key: entry.key, span: entry.keySpan };
      }
      const arn = arnUnder(entry, offset);
      if (arn) return arn;
    }
  }
  return undefined;
}

function arnUnder(entry: ConditionEntry, offset: number): HoverTarget | undefined {
  if (entry.keyLower !== SOURCE_ARN) return undefined;
  for (const value of entry.values) {
    if (!value.isToken && contains(value.span, offset) && /^arn:[^:]*:ses:/i.test(value.text)) {
      return { kind: 'arn', arn: value.text, operator: entry.operator, span: value.span };
    }
  }
  return undefined;
}

type KeyTopic = 'sourceAccount' | 'sourceArn' | 'referer' | 'sourceOwner' | 'contextAccount' | 'contextRule' | 'contextMessage' | 'contextUnknown';

function keyTopic(keyLower: string): KeyTopic | undefined {
  switch (keyLower) {
    case SOURCE_ACCOUNT:
      return 'sourceAccount';
    case SOURCE_ARN:
      return 'sourceArn';
    case REFERER:
      return 'referer';
    case SOURCE_OWNER:
      return 'sourceOwner';
  }
  if (!keyLower.startsWith(KMS_CONTEXT_PREFIX)) return undefined;
  switch (keyLower.slice(KMS_CONTEXT_PREFIX.length)) {
    case 'source-account':
      return 'contextAccount';
    case 'rule-name':
      return 'contextRule';
    case 'message-id':
      return 'contextMessage';
    default:
      return 'contextUnknown';
  }
}

const EXPECTED_FORM = '`arn:aws:ses:REGION:ACCOUNT:receipt-rule-set/RULE_SET:receipt-rule/RULE`';

/**
 * The hover's English texts. Their Japanese is `HOVER_TEXTS_JA` in messages.ja.ts, under the same keys and
 * with the same `{args}`, chosen by `localizedText` as finding messages and fix titles are.
 */
export const HOVER_TEXTS: Readonly<Record<string, string>> = {
  'key.sourceAccount':
    'The AWS account whose receipt rule is calling. SES sends it on every call, so `aws:SourceAccount` keeps other AWS customers\' receipt rules from using this resource (the confused-deputy problem).',
  'key.sourceArn':
    'The ARN of the receipt rule that is calling. Pinning it to your rule (or your rule set with `ArnLike` and `*`) means only that rule can use this resource. Use it together with `aws:SourceAccount`.',
  'key.referer':
    'The old guide\'s way of naming the receiving account. It is a caller-supplied header, not a value AWS vouches for: replace it with `aws:SourceAccount` and `aws:SourceArn`.',
  'key.sourceOwner':
    'An older key for the calling account, superseded by `aws:SourceAccount`. Rename it.',
  'key.contextAccount':
    'The receiving account that SES puts in the KMS encryption context. The old guide bound keys through it (with two `Null` checks); it still works, but `aws:SourceAccount` and `aws:SourceArn` are the current form.',
  'key.contextRule':
    'The receipt rule name that SES puts in the KMS encryption context when it encrypts a message.',
  'key.contextMessage':
    'The message id that SES puts in the KMS encryption context; it differs per message, so it rarely belongs in a key policy.',
  'key.contextUnknown':
    'SES puts only `source-account`, `rule-name` and `message-id` in the encryption context: a condition on this key never matches.',
  related: 'Rule',
  guide: 'SES guide: permissions for email receiving',
  arnTitle: 'Receipt-rule ARN',
  partition: 'partition',
  region: 'region',
  account: 'account',
  ruleSet: 'rule set',
  rule: 'rule',
  any: 'any {what}',
  pattern: 'pattern: `*` matches any characters, `?` one character',
  // `{operator}` is Markdown already (a code span).
  wildcardNeedsLike: '{operator} compares `*` and `?` literally, so this ARN never matches: use `ArnLike` or `StringLike`.',
  wildcardOk:
    'Wildcards let several receipt rules use the resource; that is needed when the rule is created in the same stack (SES test-writes while the rule is created).',
  exact: 'Only this one receipt rule can use the resource.',
  sendingSide: 'An SES {what} ARN: this restricts the sending side, not email receiving.',
  notReceiptRule: `Not a receipt-rule ARN. SES receiving calls carry ${EXPECTED_FORM}.`,
  identity: 'identity',
  configurationSet: 'configuration set',
};

/** One hover text in the locale, its `{args}` filled. */
type HoverText = (key: string, args?: MessageArgs) => string;

function hoverTexts(locale: string | undefined): HoverText {
  return (key, args = {}) => localizedText(HOVER_TEXTS_JA, key, formatMessage(HOVER_TEXTS[key] ?? key, args), locale, args);
}

const RELATED_RULE: Partial<Record<KeyTopic, string>> = {
  referer: 'legacy-referer-only',
  sourceOwner: 'legacy-source-owner',
  contextAccount: 'kms-legacy-encryption-context',
  contextUnknown: 'kms-encryption-context-key-unknown',
};

/** Links the hover ends with: a finding's docs page (through `docsLink`) and the SES guide. */
function footer(t: HoverText, relatedRule: string | undefined, docsLink: (id: string) => string): string {
  const links: string[] = [];
  if (relatedRule) links.push(`${t('related')}: [${relatedRule}](${docsLink(relatedRule)})`);
  links.push(`[${t('guide')}](${SES_RECEIVING_GUIDE_URL})`);
  return links.join(' · ');
}

export function keyHoverMarkdown(key: string, locale: string | undefined, docsLink: (id: string) => string): string | undefined {
  const topic = keyTopic(key.toLowerCase());
  if (!topic) return undefined;
  const t = hoverTexts(locale);
  return [`**${markdownText(key)}**`, t(`key.${topic}`), footer(t, RELATED_RULE[topic], docsLink)].join('\n\n');
}

function hasWildcard(text: string): boolean {
  return /[*?]/.test(text);
}

function describeComponent(t: HoverText, label: string, value: string): string {
  if (value === '*') return `- ${label}: ${t('any', { what: label })} (\`*\`)`;
  if (hasWildcard(value)) return `- ${label}: ${markdownCode(value)} (${t('pattern')})`;
  return `- ${label}: ${markdownCode(value)}`;
}

const EXACT_OPERATORS = /^(?:ForAnyValue:|ForAllValues:)?(?:StringEquals|StringEqualsIgnoreCase)(?:IfExists)?$/;

export function arnHoverMarkdown(
  arn: string,
  operator: string,
  locale: string | undefined,
  docsLink: (id: string) => string,
): string | undefined {
  if (!/^arn:[^:]*:ses:/i.test(arn)) return undefined;
  const t = hoverTexts(locale);
  const sending = /^arn:[^:]*:ses:[^:]*:[^:]*:(identity|configuration-set)\//i.exec(arn);
  if (sending) {
    const what = sending[1]!.toLowerCase() === 'identity' ? t('identity') : t('configurationSet');
    return [`**${t('arnTitle')}?**`, t('sendingSide', { what }), footer(t, 'source-arn-not-receipt-rule', docsLink)].join('\n\n');
  }
  const parts = parseReceiptRuleArn(arn, 'layout');
  if (!parts) {
    return [`**${t('arnTitle')}?**`, t('notReceiptRule'), footer(t, 'source-arn-malformed', docsLink)].join('\n\n');
  }
  const components = [
    describeComponent(t, t('partition'), parts.partition),
    describeComponent(t, t('region'), parts.region),
    describeComponent(t, t('account'), parts.account),
    describeComponent(t, t('ruleSet'), parts.ruleSet),
    describeComponent(t, t('rule'), parts.rule),
  ].join('\n');
  const wildcard = Object.values(parts).some(hasWildcard);
  const verdict = !wildcard ? t('exact') : EXACT_OPERATORS.test(operator) ? t('wildcardNeedsLike', { operator: markdownCode(operator) }) : t('wildcardOk');
  const related = !wildcard ? undefined : EXACT_OPERATORS.test(operator) ? 'condition-wildcard-without-like' : 'source-arn-wildcard';
  return [`**${t('arnTitle')}**`, components, verdict, footer(t, related, docsLink)].join('\n\n');
}

/** The hover for a target found by `hoverTargetAt`. */
export function hoverMarkdown(target: HoverTarget, locale: string | undefined, docsLink: (id: string) => string): string | undefined {
  return target.kind === 'key'
    ? keyHoverMarkdown(target.key, locale, docsLink)
    : arnHoverMarkdown(target.arn, target.operator, locale, docsLink);
}
