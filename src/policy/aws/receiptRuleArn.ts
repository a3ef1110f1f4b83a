import { isAccountId } from './accounts';

/**
 * Receipt-rule ARNs (docs/semantics.md#receipt-rule-arn):
 * `arn:<partition>:ses:<region>:<account>:receipt-rule-set/<set>:receipt-rule/<rule>`. The one reader of
 * their layout. Its callers ask different questions, so it reads at three strictness levels:
 *
 * - `layout`: the layout only. Components may be empty or wildcards; the set and rule names hold no `/`
 *   or `:`. The hover describes each component of such an ARN.
 * - `account`: a twelve-digit account in an `aws…` partition, every other component non-empty, the rule
 *   part any text on one line after `:receipt-rule/`. A fix reuses the account and checks the region and names itself.
 * - `exact`: every component well-formed (partition, region, account, names), no wildcard: the
 *   `source-arn-malformed` rule.
 */

export interface ReceiptRuleArn {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly ruleSet: string;
  readonly rule: string;
}

export type ReceiptRuleArnStrictness = 'layout' | 'account' | 'exact';

/** Split at the first colon of the resource: a rule set's name holds none. */
const LAYOUT = /^arn:([^:]*):ses:([^:]*):([^:]*):receipt-rule-set\/([^:]*):receipt-rule\/([^]*)$/;

const NAME_OF_LAYOUT = /^[^:/]*$/;
const PARTITION_OF_ACCOUNT = /^aws[a-z-]*$/;
/** Any text on one line (`.` stops at line breaks). */
const ONE_LINE = /^.+$/;
const EXACT_PARTITION = /^aws(?:-[a-z]+)*$/;
const EXACT_REGION = /^[a-z]{2,4}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
const EXACT_NAME = /^[A-Za-z0-9._-]{1,64}$/;

const ACCEPTS: Readonly<Record<ReceiptRuleArnStrictness, (parts: ReceiptRuleArn) => boolean>> = {
  layout: (parts) => NAME_OF_LAYOUT.test(parts.ruleSet) && NAME_OF_LAYOUT.test(parts.rule),
  account: (parts) =>
    PARTITION_OF_ACCOUNT.test(parts.partition) &&
    parts.region !== '' &&
    isAccountId(parts.account) &&
    parts.ruleSet !== '' &&
    ONE_LINE.test(parts.rule),
  exact: (parts) =>
    EXACT_PARTITION.test(parts.partition) &&
    EXACT_REGION.test(parts.region) &&
    isAccountId(parts.account) &&
    EXACT_NAME.test(parts.ruleSet) &&
    EXACT_NAME.test(parts.rule),
};

/**
 * `parseReceiptRuleArn(text, 'exact') !== undefined` as one pattern: the layout with each component's exact
 * form in its place (none of them holds a colon, so the layout's split is the same). The source rules ask it
 * of every SourceArn value, where the layout's match, its parts and five more tests were a list and an object
 * per value.
 */
const EXACT_ARN = new RegExp(
  `^arn:${EXACT_PARTITION.source.slice(1, -1)}:ses:${EXACT_REGION.source.slice(1, -1)}:\\d{12}:receipt-rule-set\\/${EXACT_NAME.source.slice(1, -1)}:receipt-rule\\/${EXACT_NAME.source.slice(1, -1)}$`,
);

/** Whether `text` is an exact receipt-rule ARN (strictness `exact`), without reading its parts. */
export function isExactReceiptRuleArn(text: string): boolean {
  return EXACT_ARN.test(text);
}

/** The components of a receipt-rule ARN, or undefined when `text` is none at the given strictness. */
export function parseReceiptRuleArn(text: string, strictness: ReceiptRuleArnStrictness): ReceiptRuleArn | undefined {
  const match = LAYOUT.exec(text);
  if (!match) return undefined;
  const parts: ReceiptRuleArn = { partition: match[1]!, region: match[2]!, account: match[3]!, ruleSet: match[4]!, rule: match[5]! };
  return ACCEPTS[strictness](parts) ? parts : undefined;
}
