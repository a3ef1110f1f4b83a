import { KMS_CONTEXT_PREFIX, REFERER, SOURCE_ACCOUNT, SOURCE_ARN, SOURCE_OWNER } from './aws/conditionKeys';
import { parseReceiptRuleArn } from './aws/receiptRuleArn';
import { classify } from './grant';
import { markdownCode, markdownText } from './markdownText';
import { isJapanese } from './messages.ja';
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

interface Texts {
  readonly keys: Record<KeyTopic, string>;
  readonly related: string;
  readonly guide: string;
  readonly arnTitle: string;
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly ruleSet: string;
  readonly rule: string;
  readonly any: (what: string) => string;
  readonly pattern: string;
  /** `operator` is Markdown already (a code span). */
  readonly wildcardNeedsLike: (operator: string) => string;
  readonly wildcardOk: string;
  readonly exact: string;
  readonly sendingSide: (what: string) => string;
  readonly notReceiptRule: string;
  readonly identity: string;
  readonly configurationSet: string;
}

const EXPECTED_FORM = '`arn:aws:ses:REGION:ACCOUNT:receipt-rule-set/RULE_SET:receipt-rule/RULE`';

const EN: Texts = {
  keys: {
    sourceAccount:
      'The AWS account whose receipt rule is calling. SES sends it on every call, so `aws:SourceAccount` keeps other AWS customers\' receipt rules from using this resource (the confused-deputy problem).',
    sourceArn:
      'The ARN of the receipt rule that is calling. Pinning it to your rule (or your rule set with `ArnLike` and `*`) means only that rule can use this resource. Use it together with `aws:SourceAccount`.',
    referer:
      'The old guide\'s way of naming the receiving account. It is a caller-supplied header, not a value AWS vouches for: replace it with `aws:SourceAccount` and `aws:SourceArn`.',
    sourceOwner:
      'An older key for the calling account, superseded by `aws:SourceAccount`. Rename it.',
    contextAccount:
      'The receiving account that SES puts in the KMS encryption context. The old guide bound keys through it (with two `Null` checks); it still works, but `aws:SourceAccount` and `aws:SourceArn` are the current form.',
    contextRule:
      'The receipt rule name that SES puts in the KMS encryption context when it encrypts a message.',
    contextMessage:
      'The message id that SES puts in the KMS encryption context; it differs per message, so it rarely belongs in a key policy.',
    contextUnknown:
      'SES puts only `source-account`, `rule-name` and `message-id` in the encryption context: a condition on this key never matches.',
  },
  related: 'Rule',
  guide: 'SES guide: permissions for email receiving',
  arnTitle: 'Receipt-rule ARN',
  partition: 'partition',
  region: 'region',
  account: 'account',
  ruleSet: 'rule set',
  rule: 'rule',
  any: (what) => `any ${what}`,
  pattern: 'pattern: `*` matches any characters, `?` one character',
  wildcardNeedsLike: (operator) =>
    `${operator} compares \`*\` and \`?\` literally, so this ARN never matches: use \`ArnLike\` or \`StringLike\`.`,
  wildcardOk:
    'Wildcards let several receipt rules use the resource; that is needed when the rule is created in the same stack (SES test-writes while the rule is created).',
  exact: 'Only this one receipt rule can use the resource.',
  sendingSide: (what) => `An SES ${what} ARN: this restricts the sending side, not email receiving.`,
  notReceiptRule: `Not a receipt-rule ARN. SES receiving calls carry ${EXPECTED_FORM}.`,
  identity: 'identity',
  configurationSet: 'configuration set',
};

const JA: Texts = {
  keys: {
    sourceAccount:
      '呼び出し元の受信ルールが属する AWS アカウントです。SES は毎回この値を送るので、`aws:SourceAccount` を指定すると他の AWS ユーザーの受信ルールからこのリソースを使われなくなります（「混乱した代理」問題の防止）。',
    sourceArn:
      '呼び出し元の受信ルールの ARN です。自分のルール（または `ArnLike` と `*` で自分のルールセット）に固定すると、そのルールだけがこのリソースを使えます。`aws:SourceAccount` と組み合わせて使います。',
    referer:
      '旧ガイドで受信アカウントを指定していたキーです。呼び出し側が付けるヘッダーで、AWS が保証する値ではありません: `aws:SourceAccount` と `aws:SourceArn` に置き換えてください。',
    sourceOwner: '呼び出し元アカウントを表す古いキーで、`aws:SourceAccount` に置き換えられました。キー名を変更してください。',
    contextAccount:
      'SES が KMS の暗号化コンテキストに入れる受信アカウントです。旧ガイドはこれ（と 2 つの `Null` 条件）でキーを結び付けていました。今も有効ですが、現在の形式は `aws:SourceAccount` と `aws:SourceArn` です。',
    contextRule: 'SES がメッセージを暗号化するとき KMS の暗号化コンテキストに入れる受信ルール名です。',
    contextMessage:
      'SES が KMS の暗号化コンテキストに入れるメッセージ ID です。メッセージごとに異なるため、キーポリシーで使うことはまずありません。',
    contextUnknown:
      'SES が暗号化コンテキストに入れるのは `source-account`、`rule-name`、`message-id` だけです: このキーの条件は一致しません。',
  },
  related: 'ルール',
  guide: 'SES ガイド: E メール受信のためのアクセス許可',
  arnTitle: '受信ルールの ARN',
  partition: 'パーティション',
  region: 'リージョン',
  account: 'アカウント',
  ruleSet: 'ルールセット',
  rule: 'ルール',
  any: (what) => `任意の${what}`,
  pattern: 'パターン: `*` は任意の文字列、`?` は 1 文字に一致',
  wildcardNeedsLike: (operator) =>
    `${operator} は \`*\` と \`?\` を文字どおりに比較するため、この ARN は一致しません: \`ArnLike\` または \`StringLike\` を使ってください。`,
  wildcardOk:
    'ワイルドカードにより複数の受信ルールがリソースを使えます。同じスタックでルールを作成する場合に必要です（SES はルール作成中にテスト書き込みを行います）。',
  exact: 'この受信ルールだけがリソースを使えます。',
  sendingSide: (what) => `SES の${what} ARN です: 受信ではなく送信側を制限します。`,
  notReceiptRule: `受信ルールの ARN ではありません。SES の受信の呼び出しは ${EXPECTED_FORM} の形式です。`,
  identity: 'ID',
  configurationSet: '設定セット',
};

const RELATED_RULE: Partial<Record<KeyTopic, string>> = {
  referer: 'legacy-referer-only',
  sourceOwner: 'legacy-source-owner',
  contextAccount: 'kms-legacy-encryption-context',
  contextUnknown: 'kms-encryption-context-key-unknown',
};

/** Links the hover ends with: a finding's docs page (through `docsLink`) and the SES guide. */
function footer(texts: Texts, relatedRule: string | undefined, docsLink: (id: string) => string): string {
  const links: string[] = [];
  if (relatedRule) links.push(`${texts.related}: [${relatedRule}](${docsLink(relatedRule)})`);
  links.push(`[${texts.guide}](${SES_RECEIVING_GUIDE_URL})`);
  return links.join(' · ');
}

export function keyHoverMarkdown(key: string, locale: string | undefined, docsLink: (id: string) => string): string | undefined {
  const topic = keyTopic(key.toLowerCase());
  if (!topic) return undefined;
  const texts = isJapanese(locale) ? JA : EN;
  return [`**${markdownText(key)}**`, texts.keys[topic], footer(texts, RELATED_RULE[topic], docsLink)].join('\n\n');
}

function hasWildcard(text: string): boolean {
  return /[*?]/.test(text);
}

function describeComponent(texts: Texts, label: string, value: string): string {
  if (value === '*') return `- ${label}: ${texts.any(label)} (\`*\`)`;
  if (hasWildcard(value)) return `- ${label}: ${markdownCode(value)} (${texts.pattern})`;
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
  const texts = isJapanese(locale) ? JA : EN;
  const sending = /^arn:[^:]*:ses:[^:]*:[^:]*:(identity|configuration-set)\//i.exec(arn);
  if (sending) {
    const what = sending[1]!.toLowerCase() === 'identity' ? texts.identity : texts.configurationSet;
    return [`**${texts.arnTitle}?**`, texts.sendingSide(what), footer(texts, 'source-arn-not-receipt-rule', docsLink)].join('\n\n');
  }
  const parts = parseReceiptRuleArn(arn, 'layout');
  if (!parts) {
    return [`**${texts.arnTitle}?**`, texts.notReceiptRule, footer(texts, 'source-arn-malformed', docsLink)].join('\n\n');
  }
  const components = [
    describeComponent(texts, texts.partition, parts.partition),
    describeComponent(texts, texts.region, parts.region),
    describeComponent(texts, texts.account, parts.account),
    describeComponent(texts, texts.ruleSet, parts.ruleSet),
    describeComponent(texts, texts.rule, parts.rule),
  ].join('\n');
  const wildcard = Object.values(parts).some(hasWildcard);
  const verdict = !wildcard ? texts.exact : EXACT_OPERATORS.test(operator) ? texts.wildcardNeedsLike(markdownCode(operator)) : texts.wildcardOk;
  const related = !wildcard ? undefined : EXACT_OPERATORS.test(operator) ? 'condition-wildcard-without-like' : 'source-arn-wildcard';
  return [`**${texts.arnTitle}**`, components, verdict, footer(texts, related, docsLink)].join('\n\n');
}

/** The hover for a target found by `hoverTargetAt`. */
export function hoverMarkdown(target: HoverTarget, locale: string | undefined, docsLink: (id: string) => string): string | undefined {
  return target.kind === 'key'
    ? keyHoverMarkdown(target.key, locale, docsLink)
    : arnHoverMarkdown(target.arn, target.operator, locale, docsLink);
}
