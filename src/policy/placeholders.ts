/**
 * Placeholders left from the SES guide or a template (docs/rules `placeholder-left`). Shared by the rules
 * that must not report a malformed ARN or a mismatched account when the value is simply unfilled.
 */

/** Whole words or ARN components that are placeholders. The guide's example ids (111122223333) are not. */
const PLACEHOLDER_TOKENS: readonly RegExp[] = [
  /^BUCKET[-_]?NAME$/,
  /^AWSACCOUNTID$/,
  /^TOPIC[-_]?NAME$/,
  /^YOUR[-_][A-Za-z0-9_-]*$/i,
  /^<[^>]*>$/,
  /^REGION$/,
  /^ACCOUNT(?:[-_]?ID[A-Z0-9_-]*)?$/,
  /^(?:region|rule_set_name|receipt_rule_name|myBucket|amzn-s3-demo-bucket)$/,
  // S3 reserves the `amzn-s3-demo-` prefix for documentation: no real bucket has it (`amzn-s3-demo-bucket1`…).
  /^amzn-s3-demo-[a-z0-9.-]+$/,
  /^(?:RULE[-_]?SET[-_]?NAME|RECEIPT[-_]?RULE[-_]?NAME|RULE[-_]?NAME|FUNCTION[-_]?NAME|KEY[-_]?ID)$/,
];

/** The pieces of a value that could each be a placeholder: ARN components and path segments. */
export function valueComponents(value: string): string[] {
  return value.split(/[:/]/).filter((part) => part.length > 0);
}

/**
 * Whether some part of `text` could be a placeholder: every token above holds `<`, one of the upper-case
 * letters its patterns start with, a spelling of `your`, or one of the lower-case names. Policies are mostly
 * lower-case ARNs and digits, so this spares the patterns nearly every value.
 */
export const MIGHT_HOLD_PLACEHOLDER = /[<ABFKRTY]|y[oO][uU][rR]|region|rule_set_name|receipt_rule_name|myBucket|amzn-s3-demo-/;

/** What a character may start, for mightHoldPlaceholder: nothing, a placeholder mark, or one of the words. */
const enum Start {
  Nothing = 0,
  Mark,
  Y,
  R,
  M,
  A,
}

/** Start by ASCII code; every other character starts nothing. */
const STARTS: Uint8Array = (() => {
  const table = new Uint8Array(128);
  for (const c of '<ABFKRTY') table[c.charCodeAt(0)] = Start.Mark;
  table[0x79] = Start.Y;
  table[0x72] = Start.R;
  table[0x6d] = Start.M;
  table[0x61] = Start.A;
  return table;
})();

/**
 * MIGHT_HOLD_PLACEHOLDER's test by character codes, in one pass: rules ask it of every named value of every
 * grant, and the regex tries each of its alternatives at each position of a value that holds none. One table
 * look-up per character; the words are compared only where their first two letters stand (an ARN is full
 * of `r`s, few of them followed by the `e` or `u` of `region`, `receipt_rule_name`, `rule_set_name`).
 */
export function mightHoldPlaceholder(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) continue;
    switch (STARTS[c]) {
      case Start.Nothing:
        break;
      case Start.Mark:
        return true;
      case Start.Y:
        if (isYourAt(text, i + 1)) return true;
        break;
      case Start.R: {
        const next = text.charCodeAt(i + 1);
        if (next === 0x65 /* e */ && (text.startsWith('region', i) || text.startsWith('receipt_rule_name', i))) return true;
        if (next === 0x75 /* u */ && text.startsWith('rule_set_name', i)) return true;
        break;
      }
      case Start.M:
        if (text.startsWith('myBucket', i)) return true;
        break;
      case Start.A:
        if (text.startsWith('amzn-s3-demo-', i)) return true;
        break;
    }
  }
  return false;
}

/** `<` or an upper-case letter that a placeholder pattern starts with (A, B, F, K, R, T, Y). */
function isPlaceholderMark(c: number): boolean {
  return c === 0x3c || c === 0x41 || c === 0x42 || c === 0x46 || c === 0x4b || c === 0x52 || c === 0x54 || c === 0x59;
}

/** `our` in any case at `at` (after a lower-case `y`). */
function isYourAt(text: string, at: number): boolean {
  const o = text.charCodeAt(at) | 0x20;
  const u = text.charCodeAt(at + 1) | 0x20;
  const r = text.charCodeAt(at + 2) | 0x20;
  return o === 0x6f && u === 0x75 && r === 0x72;
}

export function isPlaceholderToken(part: string): boolean {
  // The first character decides which patterns can match at all (see PLACEHOLDER_TOKENS); `<` may be anywhere.
  const first = part.charCodeAt(0);
  const patternsMayMatch =
    isPlaceholderMark(first) || first === 0x79 /* y */ || first === 0x72 /* r */ || first === 0x6d /* m */ || (first === 0x61 /* a */ && part.startsWith('amzn-s3-demo-'));
  if (!patternsMayMatch) return part.includes('<') && /<[^>]+>/.test(part);
  return PLACEHOLDER_TOKENS.some((pattern) => pattern.test(part)) || /<[^>]+>/.test(part);
}

/** The first placeholder inside a value, or undefined. */
export function findPlaceholder(value: string): string | undefined {
  if (!mightHoldPlaceholder(value)) return undefined;
  if (isPlaceholderToken(value)) return value;
  return valueComponents(value).find(isPlaceholderToken);
}

export function containsPlaceholder(value: string): boolean {
  return findPlaceholder(value) !== undefined;
}
