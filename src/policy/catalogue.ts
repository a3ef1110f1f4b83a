/**
 * Every finding id (docs/rules), the public contract shared by the editor, the CLI and the docs.
 * Messages are templates: `{name}` is filled from the finding's arguments. Japanese lives in messages.ja.ts.
 */

export type Severity = 'error' | 'warning' | 'info';
export type RuleFamily = 'source' | 'content' | 'structure' | 'template' | 'suppression' | 'file';

export interface RuleInfo {
  readonly id: string;
  readonly severity: Severity;
  readonly family: RuleFamily;
  /** A short noun phrase for docs and SARIF rule names. */
  readonly title: string;
  /** The English message template. */
  readonly message: string;
  /** True when the rule's page (docs/rules, "How to fix") names a fix the editor offers. */
  readonly fixable: boolean;
}

const E: Severity = 'error';
const W: Severity = 'warning';
const I: Severity = 'info';

function rule(id: string, severity: Severity, family: RuleFamily, fixable: boolean, title: string, message: string): RuleInfo {
  return { id, severity, family, fixable, title, message };
}

const KIND_NOUN = {
  s3: 'SES can write to bucket `{resource}`',
  kms: 'SES can use key `{resource}`',
  lambda: 'SES can invoke function `{resource}`',
  sns: 'SES can publish to topic `{resource}`',
  sts: 'SES can assume role `{resource}`',
} as const;

/**
 * The source ids of each grant kind, written out: searching the repository for an id finds its entry here,
 * the rule that reports it (rules/source.ts), its fix (fixes/registry.ts), its page and its fixtures.
 */
export const MISSING_SOURCE_CONDITIONS = {
  s3: 's3-missing-source-conditions',
  kms: 'kms-missing-source-conditions',
  lambda: 'lambda-missing-source-conditions',
  sns: 'sns-missing-source-conditions',
  sts: 'sts-missing-source-conditions',
} as const;

export const MISSING_SOURCE_ARN = {
  s3: 's3-missing-source-arn',
  kms: 'kms-missing-source-arn',
  lambda: 'lambda-missing-source-arn',
  sns: 'sns-missing-source-arn',
  sts: 'sts-missing-source-arn',
} as const;

function missingSourceConditions(kind: keyof typeof KIND_NOUN, severity: Severity): RuleInfo {
  return rule(
    MISSING_SOURCE_CONDITIONS[kind],
    severity,
    'source',
    true,
    `${kind.toUpperCase()} grant without a source condition`,
    `${KIND_NOUN[kind]} for any AWS account: add \`aws:SourceAccount\` and \`aws:SourceArn\`.`,
  );
}

function missingSourceArn(kind: keyof typeof KIND_NOUN): RuleInfo {
  return rule(
    MISSING_SOURCE_ARN[kind],
    W,
    'source',
    true,
    `${kind.toUpperCase()} grant restricted to an account but not to a receipt rule`,
    `${KIND_NOUN[kind]} from any receipt rule of {scope}: add \`aws:SourceArn\` with the receipt rule's ARN.`,
  );
}

export const RULES: readonly RuleInfo[] = [
  // 4.1 Source restriction
  missingSourceConditions('s3', E),
  missingSourceConditions('kms', W),
  missingSourceConditions('lambda', E),
  missingSourceConditions('sns', E),
  missingSourceConditions('sts', E),
  missingSourceArn('s3'),
  missingSourceArn('kms'),
  missingSourceArn('lambda'),
  missingSourceArn('sns'),
  missingSourceArn('sts'),
  rule('lambda-missing-source-account', I, 'source', true, 'Lambda permission without SourceAccount',
    'The permission names receipt rule `{arn}` but not its account: add `SourceAccount` {account}.'),
  rule('legacy-referer-only', W, 'source', true, 'Only the legacy aws:Referer restricts SES',
    '`aws:Referer` {account} is the only source restriction; it is a caller-supplied header that the guide replaced: use `aws:SourceAccount` and `aws:SourceArn`.'),
  rule('legacy-referer-present', I, 'source', true, 'Legacy aws:Referer next to modern keys',
    '`aws:Referer` is redundant next to `{modernKey}`: remove it.'),
  rule('legacy-source-owner', I, 'source', true, 'Legacy aws:SourceOwner',
    '`aws:SourceOwner` is superseded by `aws:SourceAccount`: rename the key.'),
  rule('kms-legacy-encryption-context', I, 'source', true, 'KMS grant bound through the legacy encryption context',
    'The key is bound to account {account} through `kms:EncryptionContext:aws:ses:source-account`, the older form: use `aws:SourceAccount` and `aws:SourceArn`.'),
  rule('kms-partial-encryption-context', I, 'source', true, 'KMS encryption context without its Null checks',
    '`kms:EncryptionContext:aws:ses:source-account` is checked without the two `Null` conditions the guide pairs it with: add them, or use `aws:SourceAccount` and `aws:SourceArn`.'),
  rule('source-arn-malformed', E, 'source', true, 'SourceArn is not a receipt-rule ARN',
    '`{arn}` is not a receipt-rule ARN: expected `arn:aws:ses:REGION:ACCOUNT:receipt-rule-set/RULE_SET:receipt-rule/RULE`.'),
  rule('source-account-mismatch', E, 'source', true, 'SourceAccount differs from the account in SourceArn',
    '`aws:SourceAccount` {account} differs from account {arnAccount} in `aws:SourceArn`: SES never sends both, so the grant never applies.'),
  rule('source-arn-wildcard', I, 'source', false, 'SourceArn matches several receipt rules',
    '`{arn}` matches any {what}: acceptable, and needed when the rule is created in the same stack.'),
  rule('source-arn-not-receipt-rule', I, 'source', false, 'SourceArn names a sending resource',
    '`{arn}` is an SES {what} ARN: this is a sending-side grant, so the receiving checks are skipped.'),
  rule('condition-wildcard-without-like', E, 'source', true, 'Wildcard under an exact-match operator',
    '`{value}` under `{operator}` matches `*` literally, so the grant never applies: use `{suggested}`.'),
  rule('condition-arn-operator-on-account', E, 'source', true, 'Account key under an ARN operator',
    '`{key}` holds an account ID, not an ARN, so `{operator}` never matches and SES is never allowed: use `{suggested}`.'),
  rule('condition-ifexists', W, 'source', true, 'IfExists on a source condition',
    '`{operator}` is true when `{key}` is absent, so it restricts less than it reads: drop `IfExists`.'),
  rule('condition-key-not-applicable', W, 'source', true, 'Condition key that an SES request does not carry',
    '`{key}` is not present when SES calls as a service principal, so SES is never allowed: use `aws:SourceAccount` and `aws:SourceArn`.'),
  rule('condition-key-duplicate-case', E, 'source', true, 'Condition key repeated with different case',
    '`{key}` appears twice in `{operator}`, differing only in case; condition keys are case-insensitive: merge them.'),
  // 4.2 Per-kind content
  rule('s3-resource-not-object-arn', E, 'content', true, 'S3 grant on the bucket ARN only',
    '`{resource}` is the bucket, not its objects: `s3:PutObject` needs `{resource}/*`, or rule creation fails with "Could not write to bucket".'),
  rule('s3-resource-includes-bucket-arn', I, 'content', true, 'Bucket ARN next to the object ARN',
    '`{resource}` (the bucket itself) is not needed for `s3:PutObject`: remove it.'),
  rule('s3-action-too-broad', W, 'content', true, 'S3 grant broader than s3:PutObject',
    '`{action}` gives SES more than `s3:PutObject`, the only action it needs: narrow it.'),
  rule('kms-missing-generate-data-key', E, 'content', true, 'KMS grant without GenerateDataKey',
    'SES asks the key for a data key, but the grant lacks `kms:GenerateDataKey*`: add it.'),
  rule('kms-invalid-action', E, 'content', true, 'Invalid KMS action',
    '`{action}` is not a KMS action: did you mean `{suggested}`?'),
  rule('kms-excess-actions', W, 'content', true, 'KMS grant with actions SES does not need',
    '`{action}` is more than SES needs (`kms:GenerateDataKey*`, `kms:Encrypt`, `kms:Decrypt`): remove it.'),
  rule('kms-encryption-context-key-unknown', E, 'content', true, 'Unknown SES encryption-context key',
    '`{key}` is not a key SES puts in the encryption context (`source-account`, `rule-name`, `message-id`): the condition never matches.'),
  rule('lambda-action-too-broad', W, 'content', true, 'Lambda grant broader than lambda:InvokeFunction',
    '`{action}` gives SES more than `lambda:InvokeFunction`, the only action it needs: narrow it.'),
  rule('sns-resource-wildcard', W, 'content', true, 'SNS grant on every topic',
    '`Resource: "*"` lets SES publish to every topic this policy covers: name the topic ARN.'),
  rule('sns-region-mismatch', W, 'content', false, 'Topic region differs from the receipt rule region',
    'Topic `{resource}` is in {topicRegion} but the receipt rule is in {ruleRegion}: SES publishes only to topics in the rule\'s region.'),
  // 4.3 Structure, values, principals
  rule('placeholder-left', E, 'structure', true, 'Placeholder left in the grant',
    '`{value}` is a placeholder from the guide or a template: fill in the real {what}.'),
  rule('unresolved-reference', E, 'structure', false, 'Unresolved template reference',
    '`{value}` is template syntax, but this is plain policy JSON: AWS would take it literally.'),
  rule('principal-wildcard', E, 'structure', true, 'Wildcard principal on an SES grant',
    'The statement allows `{principal}` (everyone) and relies on SES conditions: use `{"Service": "ses.amazonaws.com"}`.'),
  rule('notprincipal-allow', E, 'structure', true, 'Allow with NotPrincipal',
    '`Allow` with `NotPrincipal` allows everyone except the listed principals: use `Principal` with `ses.amazonaws.com`.'),
  rule('principal-service-unknown', E, 'structure', true, 'Look-alike SES service principal',
    '`{principal}` is not the SES service principal{detail}: use `ses.amazonaws.com`.'),
  rule('multi-service-principal', I, 'structure', false, 'SES shares the statement with other services',
    'SES shares this statement with {others}; a receipt-rule `aws:SourceArn` cannot fit them: split the statement.'),
  rule('invalid-policy-element', E, 'structure', true, 'Unknown policy element',
    '`{element}` is not a policy element{suggestion}: AWS rejects the policy.'),
  rule('cli-unknown-option', E, 'structure', false, 'Unknown option of aws lambda add-permission',
    '`{option}` is not an option of `aws lambda add-permission`{suggestion}: the command fails and the permission is not added.'),
  rule('missing-resource', E, 'structure', false, 'Grant without Resource',
    'The SES grant has neither `Resource` nor `NotResource`: AWS rejects the policy.'),
  rule('duplicate-key', W, 'structure', false, 'Duplicate key',
    '`{key}` appears more than once; only the last one counts.'),
  rule('version-missing', I, 'structure', true, 'Policy without Version',
    'The policy has no `Version`: add `"Version": "2012-10-17"`.'),
  rule('version-legacy-2008', I, 'structure', true, 'Policy version 2008-10-17',
    '`2008-10-17` is valid but has no policy variables: use `2012-10-17`.'),
  rule('version-invalid', E, 'structure', true, 'Invalid policy version',
    '`{value}` is not a policy version: use `2012-10-17`.'),
  // CloudFormation templates: checks across resources that only a whole template shows.
  rule('source-arn-references-rule', W, 'template', false, 'SourceArn built from the receipt rule resource',
    '`aws:SourceArn` references receipt rule `{rule}` of this {unit}: the grant then waits for the rule, but SES test-writes while the rule is created, so creating the rule fails with "Could not write to bucket". Build the ARN from the rule set and rule names, or use a wildcard rule.'),
  rule('receipt-rule-target-without-grant', E, 'template', false, 'Receipt rule target without an SES grant',
    'Receipt rule `{rule}` delivers to {target} `{resource}`, but no policy in this {unit} grants SES access to it.'),
  rule('receipt-rule-missing-depends-on', I, 'template', false, 'Receipt rule does not depend on the bucket policy',
    'Receipt rule `{rule}` writes to bucket `{resource}` but does not wait for `{policy}` (`{dependsOn}`); {tool} may create the rule first, and rule creation fails while SES cannot write.'),
  // Inline suppressions (suppressions.ts), in every format with comments.
  rule('unused-suppression', I, 'suppression', false, 'Suppression that suppresses nothing',
    '`{suppression}` suppresses no finding{detail}: remove it.'),
  // The CLI's report for unreadable files (the editor leaves syntax errors to VS Code's JSON support).
  rule('parse-error', E, 'file', false, 'File cannot be parsed', 'The file is not valid {format}: {detail}.'),
];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleInfo(id: string): RuleInfo {
  const found = BY_ID.get(id);
  if (!found) throw new Error(`unknown finding id ${id}`);
  return found;
}

export function isKnownRuleId(id: string): boolean {
  return BY_ID.has(id);
}

/** Where each rule's page lives, relative to the repository or the installed npm package (the VSIX carries them as dist/rule-pages.json). */
export function docsPath(id: string): string {
  return `docs/rules/${id}.md`;
}

export const DOCS_BASE_URL = 'https://github.com/ses-grants/ses-grants/blob/main/';

export function docsUrl(id: string): string {
  return DOCS_BASE_URL + docsPath(id);
}

export type MessageArgs = Readonly<Record<string, string>>;

/**
 * A template split once at its `{name}` slots: literal text at even indexes, argument names at odd ones.
 * Every finding formats its message, so the split is kept per template rather than redone with a regex.
 */
const SPLIT_TEMPLATES = new Map<string, readonly string[]>();

function splitTemplate(template: string): readonly string[] {
  let parts = SPLIT_TEMPLATES.get(template);
  if (parts) return parts;
  const split: string[] = [];
  let last = 0;
  for (const match of template.matchAll(/\{(\w+)\}/g)) {
    split.push(template.slice(last, match.index), match[1]!);
    last = match.index + match[0].length;
  }
  split.push(template.slice(last));
  parts = split;
  // Templates come from the catalogues; a caller passing arbitrary text must not grow the cache without end.
  if (SPLIT_TEMPLATES.size < 1000) SPLIT_TEMPLATES.set(template, parts);
  return parts;
}

export function formatMessage(template: string, args: MessageArgs): string {
  const parts = splitTemplate(template);
  let message = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    message += (args[name] ?? `{${name}}`) + parts[i + 1]!;
  }
  return message;
}
