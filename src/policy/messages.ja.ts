import { formatMessage, type MessageArgs } from './catalogue';
import type { Finding } from './findings';

/**
 * Japanese finding messages, keyed by finding id, with exactly the `{args}` of the English templates in
 * catalogue.ts (a unit test compares them). The project began from the Japanese SES guide, so its users
 * read these first; the wording follows that guide's terms (受信ルール, 受信ルールセット, ソース条件).
 */
const KIND_NOUN_JA = {
  s3: 'SES はバケット `{resource}` に書き込めます',
  kms: 'SES はキー `{resource}` を使えます',
  lambda: 'SES は関数 `{resource}` を呼び出せます',
  sns: 'SES はトピック `{resource}` に発行できます',
  sts: 'SES はロール `{resource}` を引き受けられます',
} as const;

type Kind = keyof typeof KIND_NOUN_JA;

function missingSourceConditions(kind: Kind): string {
  return `${KIND_NOUN_JA[kind]}（どの AWS アカウントのためでも）: \`aws:SourceAccount\` と \`aws:SourceArn\` を追加してください。`;
}

function missingSourceArn(kind: Kind): string {
  return `${KIND_NOUN_JA[kind]}（{scope} のどの受信ルールからでも）: 受信ルールの ARN を \`aws:SourceArn\` に追加してください。`;
}

export const MESSAGES_JA: Readonly<Record<string, string>> = {
  's3-missing-source-conditions': missingSourceConditions('s3'),
  'kms-missing-source-conditions': missingSourceConditions('kms'),
  'lambda-missing-source-conditions': missingSourceConditions('lambda'),
  'sns-missing-source-conditions': missingSourceConditions('sns'),
  'sts-missing-source-conditions': missingSourceConditions('sts'),
  's3-missing-source-arn': missingSourceArn('s3'),
  'kms-missing-source-arn': missingSourceArn('kms'),
  'lambda-missing-source-arn': missingSourceArn('lambda'),
  'sns-missing-source-arn': missingSourceArn('sns'),
  'sts-missing-source-arn': missingSourceArn('sts'),
  'lambda-missing-source-account':
    'このアクセス許可は受信ルール `{arn}` を指定していますが、そのアカウントを指定していません: `SourceAccount` {account} を追加してください。',
  'legacy-referer-only':
    '`aws:Referer` {account} が唯一のソース制限です。これは呼び出し側が付けるヘッダーで、ガイドでは置き換えられました: `aws:SourceAccount` と `aws:SourceArn` を使ってください。',
  'legacy-referer-present': '`{modernKey}` があるので `aws:Referer` は不要です: 削除してください。',
  'legacy-source-owner': '`aws:SourceOwner` は `aws:SourceAccount` に置き換えられました: キー名を変更してください。',
  'kms-legacy-encryption-context':
    'キーは古い形式の `kms:EncryptionContext:aws:ses:source-account` でアカウント {account} に結び付けられています: `aws:SourceAccount` と `aws:SourceArn` を使ってください。',
  'kms-partial-encryption-context':
    '`kms:EncryptionContext:aws:ses:source-account` が、ガイドで組み合わせる 2 つの `Null` 条件なしで検査されています: それらを追加するか、`aws:SourceAccount` と `aws:SourceArn` を使ってください。',
  'source-arn-malformed':
    '`{arn}` は受信ルールの ARN ではありません: `arn:aws:ses:REGION:ACCOUNT:receipt-rule-set/RULE_SET:receipt-rule/RULE` の形式にしてください。',
  'source-account-mismatch':
    '`aws:SourceAccount` {account} が `aws:SourceArn` のアカウント {arnAccount} と異なります: SES がこの両方を送ることはないため、この許可は適用されません。',
  'source-arn-wildcard':
    '`{arn}` は任意の{what}に一致します: 許容されます。同じスタックでルールを作成する場合は必要です。',
  'source-arn-not-receipt-rule':
    '`{arn}` は SES の{what} ARN です: 送信側の許可なので、受信側の検査は行いません。',
  'condition-wildcard-without-like':
    '`{operator}` の下の `{value}` は `*` を文字どおりに比較するため、この許可は適用されません: `{suggested}` を使ってください。',
  'condition-arn-operator-on-account':
    '`{key}` の値は ARN ではなくアカウント ID のため、`{operator}` は決して一致せず、SES は許可されません: `{suggested}` を使ってください。',
  'condition-ifexists':
    '`{operator}` は `{key}` がないときに真になるため、SES を制限しません: `IfExists` を外してください。',
  'condition-key-not-applicable':
    'SES がサービスプリンシパルとして呼び出すとき `{key}` は存在しないため、SES は決して許可されません: `aws:SourceAccount` と `aws:SourceArn` を使ってください。',
  'condition-key-duplicate-case':
    '`{key}` が `{operator}` に大文字・小文字だけが違う形で 2 回あります。条件キーは大文字・小文字を区別しません: 1 つにまとめてください。',
  's3-resource-not-object-arn':
    '`{resource}` はバケット自体で、オブジェクトではありません: `s3:PutObject` には `{resource}/*` が必要です。ないとルール作成が "Could not write to bucket" で失敗します。',
  's3-resource-includes-bucket-arn': '`{resource}`（バケット自体）は `s3:PutObject` に不要です: 削除してください。',
  's3-action-too-broad':
    '`{action}` は SES に必要な唯一のアクション `s3:PutObject` より広い権限を与えます: 絞り込んでください。',
  'kms-missing-generate-data-key':
    'SES はキーにデータキーを要求しますが、この許可には `kms:GenerateDataKey*` がありません: 追加してください。',
  'kms-invalid-action': '`{action}` は KMS のアクションではありません: `{suggested}` のことですか？',
  'kms-excess-actions':
    '`{action}` は SES に必要な範囲（`kms:GenerateDataKey*`、`kms:Encrypt`、`kms:Decrypt`）を超えています: 削除してください。',
  'kms-encryption-context-key-unknown':
    '`{key}` は SES が暗号化コンテキストに入れるキー（`source-account`、`rule-name`、`message-id`）ではありません: この条件は一致しません。',
  'lambda-action-too-broad':
    '`{action}` は SES に必要な唯一のアクション `lambda:InvokeFunction` より広い権限を与えます: 絞り込んでください。',
  'sns-resource-wildcard':
    '`Resource: "*"` では、このポリシーが対象とするすべてのトピックに SES が発行できます: トピックの ARN を指定してください。',
  'sns-region-mismatch':
    'トピック `{resource}` は {topicRegion} にありますが、受信ルールは {ruleRegion} にあります: SES はルールと同じリージョンのトピックにのみ発行します。',
  'placeholder-left': '`{value}` はガイドまたはテンプレートのプレースホルダーです: 実際の{what}を入力してください。',
  'unresolved-reference':
    '`{value}` はテンプレートの構文ですが、これは通常のポリシー JSON です: AWS はこれを文字どおりに扱います。',
  'principal-wildcard':
    'このステートメントは `{principal}`（すべてのユーザー）を許可し、SES の条件に頼っています: `{"Service": "ses.amazonaws.com"}` を使ってください。',
  'notprincipal-allow':
    '`Allow` と `NotPrincipal` の組み合わせは、列挙したプリンシパル以外のすべてを許可します: `ses.amazonaws.com` を `Principal` に指定してください。',
  'principal-service-unknown': '`{principal}` は SES のサービスプリンシパルではありません{detail}: `ses.amazonaws.com` を使ってください。',
  'multi-service-principal':
    'SES はこのステートメントを {others} と共有しています。受信ルールの `aws:SourceArn` はそれらに合いません: ステートメントを分けてください。',
  'invalid-policy-element': '`{element}` はポリシー要素ではありません{suggestion}: AWS はこのポリシーを拒否します。',
  'cli-unknown-option':
    '`{option}` は `aws lambda add-permission` のオプションではありません{suggestion}: コマンドは失敗し、アクセス許可は追加されません。',
  'missing-resource': 'この SES の許可には `Resource` も `NotResource` もありません: AWS はこのポリシーを拒否します。',
  'duplicate-key': '`{key}` が複数回現れます。有効なのは最後の 1 つだけです。',
  'version-missing': 'ポリシーに `Version` がありません: `"Version": "2012-10-17"` を追加してください。',
  'version-legacy-2008': '`2008-10-17` は有効ですが、ポリシー変数を使えません: `2012-10-17` を使ってください。',
  'version-invalid': '`{value}` はポリシーのバージョンではありません: `2012-10-17` を使ってください。',
  'source-arn-references-rule':
    '`aws:SourceArn` がこの{unit}の受信ルール `{rule}` を参照しています: 許可がルールを待つことになりますが、SES はルール作成中にテスト書き込みを行うため、ルールの作成は "Could not write to bucket" で失敗します。ルールセット名とルール名から ARN を組み立てるか、ワイルドカードのルールを使ってください。',
  'receipt-rule-target-without-grant':
    '受信ルール `{rule}` は{target} `{resource}` に配信しますが、この{unit}にはそれへのアクセスを SES に許可するポリシーがありません。',
  'receipt-rule-missing-depends-on':
    '受信ルール `{rule}` はバケット `{resource}` に書き込みますが、`{policy}` を待ちません（`{dependsOn}`）。{tool} がルールを先に作成すると、SES が書き込めないためルール作成が失敗します。',
  'unused-suppression': '`{suppression}` が抑止する検出結果はありません{detail}: 削除してください。',
  'parse-error': 'ファイルが有効な {format} ではありません: {detail}。',
};

/**
 * English words that rules pass as arguments (`{what}`, `{target}`). Unknown words stay English: a message
 * with one English noun is still better than a wrong translation.
 */
const WORDS_JA: Readonly<Record<string, string>> = {
  'rule': 'ルール',
  'rule set': 'ルールセット',
  'rule set and rule': 'ルールセットとルール',
  'receipt rule': '受信ルール',
  'receipt rule set': '受信ルールセット',
  'identity': 'ID',
  'configuration set': '設定セット',
  'configuration-set': '設定セット',
  'account': 'アカウント',
  'account id': 'アカウント ID',
  'region': 'リージョン',
  'bucket': 'バケット',
  'bucket name': 'バケット名',
  'function': '関数',
  'function name': '関数名',
  'topic': 'トピック',
  'topic name': 'トピック名',
  'key': 'キー',
  'rule set name': 'ルールセット名',
  'rule name': 'ルール名',
  'receipt rule name': '受信ルール名',
  'role': 'ロール',
  'role name': 'ロール名',
  'name': '名前',
  'value': '値',
  'key id': 'キー ID',
  'key prefix': 'キーのプレフィックス',
  'partition': 'パーティション',
  'principal': 'プリンシパル',
  'resource': 'リソース',
  'function version or alias': '関数のバージョンまたはエイリアス',
  'template': 'テンプレート',
  'module': 'モジュール',
};

/** English phrases of a known shape and their Japanese rendering, tried in order. */
type Shapes = readonly [RegExp, (...groups: string[]) => string][];

/** Parenthesised English remarks some rules append (`{detail}`, `{suggestion}`), rewritten by shape. */
const REMARKS_JA: Shapes = [
  [/^ \(it contains the invisible character (U\+[0-9A-F]+)\)$/, (code) => `（不可視文字 ${code} を含みます）`],
  [/^ \(it contains the look-alike character (U\+[0-9A-F]+)\)$/, (code) => `（よく似た別の文字 ${code} を含みます）`],
  [/^ \(it contains whitespace\)$/, () => '（空白を含みます）'],
  [/^ \(service principals are lower-case\)$/, () => '（サービスプリンシパルは小文字です）'],
  [/^ \(did you mean (`[^`]*`)\?\)$/, (name) => `（${name} のことですか？）`],
  [/^ \((`[^`]*`) is not a finding id\)$/, (id) => `（${id} は検出 ID ではありません）`],
];

/** Whose receipt rules a grant is open to (`{scope}`): `account X`, `organization X`, `organization path X`. */
const SCOPES_JA: Shapes = [
  [/^account (.*)$/s, (value) => `アカウント ${value}`],
  [/^organization path (.*)$/s, (value) => `組織パス ${value}`],
  [/^organization (.*)$/s, (value) => `組織 ${value}`],
];

function translateByShape(text: string, shapes: Shapes): string {
  for (const [pattern, render] of shapes) {
    const match = pattern.exec(text);
    if (match) return render(...match.slice(1));
  }
  return text;
}

const TRANSLATED_ARGS = ['what', 'target', 'unit'] as const;
const REMARK_ARGS = ['detail', 'suggestion'] as const;
const SHAPED_ARGS: readonly (readonly [string, Shapes])[] = [
  ...REMARK_ARGS.map((name) => [name, REMARKS_JA] as const),
  ['scope', SCOPES_JA],
];

function translateArgs(args: MessageArgs): MessageArgs {
  const result: Record<string, string> = { ...args };
  for (const name of TRANSLATED_ARGS) {
    const value = args[name];
    if (value !== undefined) result[name] = WORDS_JA[value.toLowerCase()] ?? value;
  }
  for (const [name, shapes] of SHAPED_ARGS) {
    const value = args[name];
    if (value !== undefined) result[name] = translateByShape(value, shapes);
  }
  return result;
}

/** True for VS Code's `env.language` values and CLI `--locale` values that mean Japanese (`ja`, `ja-JP`). */
export function isJapanese(locale: string | undefined): boolean {
  return locale !== undefined && /^ja(?:$|[-_])/i.test(locale);
}

/** The finding's message in the given locale: Japanese from this table, otherwise the catalogue's English. */
export function localizedMessage(finding: Pick<Finding, 'id' | 'message' | 'args'>, locale: string | undefined): string {
  return isJapanese(locale) ? localizedText(MESSAGES_JA, finding.id, finding.message, locale, translateArgs(finding.args)) : finding.message;
}

/** The `{name}` placeholders of a message template, sorted and unique: what the completeness test compares. */
export function templateArgs(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}

/**
 * Japanese fix titles keyed by the proposals' `titleKey` (`fix.<name>`), with the proposals' `titleArgs`.
 * A title missing here shows in English.
 */
export const FIX_TITLES_JA: Readonly<Record<string, string>> = {
  'fix.addSourceConditions': 'aws:SourceAccount と aws:SourceArn を追加',
  'fix.addSourceConditionsAnyRule': '任意の受信ルール向けに aws:SourceAccount と aws:SourceArn を追加',
  'fix.addSourceArn': '受信ルールの aws:SourceArn を追加',
  'fix.addSourceArnAnyRule': 'アカウントの任意の受信ルール向けに aws:SourceArn を追加（ArnLike）',
  'fix.addSourceAccount': 'aws:SourceAccount {account} を追加',
  'fix.replaceReferer': 'aws:Referer を aws:SourceAccount と aws:SourceArn に置き換え',
  'fix.replaceRefererAccountOnly': 'aws:Referer を aws:SourceAccount に置き換え',
  'fix.removeReferer': 'aws:Referer を削除',
  'fix.renameSourceOwner': 'aws:SourceOwner を aws:SourceAccount に変更',
  'fix.convertEncryptionContext': '暗号化コンテキストの代わりに aws:SourceAccount と aws:SourceArn を使用',
  'fix.addEncryptionContextNullChecks': 'rule-name と message-id の Null 条件を追加',
  'fix.addGenerateDataKey': 'kms:GenerateDataKey* を追加',
  'fix.correctKmsAction': '{action} を {suggested} に変更',
  'fix.correctOperator': '{operator} を {suggested} に変更',
  'fix.removeKmsExcessActions': 'SES に不要なアクションを削除',
  'fix.correctEncryptionContextKey': '{key} を {suggested} に変更',
  'fix.narrowLambdaAction': 'lambda:InvokeFunction だけを許可',
  'fix.useTopicArn': 'トピックの ARN を使用',
  'fix.fillPlaceholders': 'プレースホルダーを既知の値で埋める',
  'fix.useSesPrincipal': 'SES のサービスプリンシパルを使用',
  'fix.replaceNotPrincipal': 'ses.amazonaws.com を Principal に指定',
  'fix.correctServicePrincipal': '{principal} を ses.amazonaws.com に変更',
  'fix.appendObjectPath': 'リソースを {resource} に変更',
  'fix.removeBucketArn': '{resource} を削除',
  'fix.narrowS3Action': 's3:PutObject だけを許可',
  'fix.rewriteSourceArn': '{arn} に変更',
  'fix.useArnAccount': 'aws:SourceAccount にアカウント {account} を使用',
  'fix.useSourceAccountInArn': 'aws:SourceArn にアカウント {account} を使用',
  'fix.addVersion': '"Version": "2012-10-17" を追加',
  'fix.useVersion2012': 'Version 2012-10-17 を使用',
  'fix.replaceNotApplicableKeys': '{key} を aws:SourceAccount と aws:SourceArn に置き換え',
  'fix.mergeDuplicateKeys': '{key} のキーを 1 つにまとめる',
  'fix.renameElement': '{element} を {suggested} に変更',
  'fix.useOperator': '{operator} を使用',
  'fix.dropIfExists': 'IfExists を外す',
  'fix.addSourceOptions': '--source-account と --source-arn を追加',
  'fix.addSourceArnOption': '受信ルールの --source-arn を追加',
  'fix.addSourceAccountOption': '--source-account {account} を追加',
  'fix.correctOption': '{option} を {suggested} に変更',
};

export function localizedFixTitle(
  proposal: { readonly title: string; readonly titleKey: string; readonly titleArgs?: Readonly<Record<string, string>> | undefined },
  locale: string | undefined,
): string {
  return localizedText(FIX_TITLES_JA, proposal.titleKey, proposal.title, locale, proposal.titleArgs ?? {});
}

/** The hover texts in Japanese, keyed as `HOVER_TEXTS` (hoverText.ts), with the same `{args}`. */
export const HOVER_TEXTS_JA: Readonly<Record<string, string>> = {
  'key.sourceAccount':
    '呼び出し元の受信ルールが属する AWS アカウントです。SES は毎回この値を送るので、`aws:SourceAccount` を指定すると他の AWS ユーザーの受信ルールからこのリソースを使われなくなります（「混乱した代理」問題の防止）。',
  'key.sourceArn':
    '呼び出し元の受信ルールの ARN です。自分のルール（または `ArnLike` と `*` で自分のルールセット）に固定すると、そのルールだけがこのリソースを使えます。`aws:SourceAccount` と組み合わせて使います。',
  'key.referer':
    '旧ガイドで受信アカウントを指定していたキーです。呼び出し側が付けるヘッダーで、AWS が保証する値ではありません: `aws:SourceAccount` と `aws:SourceArn` に置き換えてください。',
  'key.sourceOwner': '呼び出し元アカウントを表す古いキーで、`aws:SourceAccount` に置き換えられました。キー名を変更してください。',
  'key.contextAccount':
    'SES が KMS の暗号化コンテキストに入れる受信アカウントです。旧ガイドはこれ（と 2 つの `Null` 条件）でキーを結び付けていました。今も有効ですが、現在の形式は `aws:SourceAccount` と `aws:SourceArn` です。',
  'key.contextRule': 'SES がメッセージを暗号化するとき KMS の暗号化コンテキストに入れる受信ルール名です。',
  'key.contextMessage':
    'SES が KMS の暗号化コンテキストに入れるメッセージ ID です。メッセージごとに異なるため、キーポリシーで使うことはまずありません。',
  'key.contextUnknown':
    'SES が暗号化コンテキストに入れるのは `source-account`、`rule-name`、`message-id` だけです: このキーの条件は一致しません。',
  related: 'ルール',
  guide: 'SES ガイド: E メール受信のためのアクセス許可',
  arnTitle: '受信ルールの ARN',
  partition: 'パーティション',
  region: 'リージョン',
  account: 'アカウント',
  ruleSet: 'ルールセット',
  rule: 'ルール',
  any: '任意の{what}',
  pattern: 'パターン: `*` は任意の文字列、`?` は 1 文字に一致',
  wildcardNeedsLike: '{operator} は `*` と `?` を文字どおりに比較するため、この ARN は一致しません: `ArnLike` または `StringLike` を使ってください。',
  wildcardOk:
    'ワイルドカードにより複数の受信ルールがリソースを使えます。同じスタックでルールを作成する場合に必要です（SES はルール作成中にテスト書き込みを行います）。',
  exact: 'この受信ルールだけがリソースを使えます。',
  sendingSide: 'SES の{what} ARN です: 受信ではなく送信側を制限します。',
  notReceiptRule: '受信ルールの ARN ではありません。SES の受信の呼び出しは `arn:aws:ses:REGION:ACCOUNT:receipt-rule-set/RULE_SET:receipt-rule/RULE` の形式です。',
  identity: 'ID',
  configurationSet: '設定セット',
};

/**
 * The one way the core's strings are localised. Finding messages (English in catalogue.ts), fix titles
 * (English in each fix builder) and hover texts (English in hoverText.ts) have their Japanese in this file,
 * keyed by finding id, `fix.<name>` and hover key: for a Japanese locale the template under `key` is filled
 * with `args`, otherwise (or when the table lacks the key) the English text comes back as it is.
 */
export function localizedText(table: Readonly<Record<string, string>>, key: string, english: string, locale: string | undefined, args: MessageArgs): string {
  const template = isJapanese(locale) ? table[key] : undefined;
  return template === undefined ? english : formatMessage(template, args);
}
