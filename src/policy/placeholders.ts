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
const MIGHT_HOLD_PLACEHOLDER = /[<ABFKRTY]|y[oO][uU][rR]|region|rule_set_name|receipt_rule_name|myBucket|amzn-s3-demo-/;

export function mightHoldPlaceholder(text: string): boolean {
  return MIGHT_HOLD_PLACEHOLDER.test(text);
}

export function isPlaceholderToken(part: string): boolean {
  // The first character decides which patterns can match at all (see PLACEHOLDER_TOKENS); `<` may be anywhere.
  switch (part.charCodeAt(0)) {
    case 0x41: // A
    case 0x42: // B
    case 0x46: // F
    case 0x4b: // K
    case 0x52: // R
    case 0x54: // T
    case 0x59: // Y
    case 0x79: // y
    case 0x3c: // <
    case 0x72: // r
    case 0x6d: // m
      break;
    case 0x61: // a
      if (part.startsWith('amzn-s3-demo-')) break;
      return part.includes('<') && /<[^>]+>/.test(part);
    default:
      return part.includes('<') && /<[^>]+>/.test(part);
  }
  return PLACEHOLDER_TOKENS.some((pattern) => pattern.test(part)) || /<[^>]+>/.test(part);
}

/** The first placeholder inside a value, or undefined. */
export function findPlaceholder(value: string): string | undefined {
  if (!MIGHT_HOLD_PLACEHOLDER.test(value)) return undefined;
  if (isPlaceholderToken(value)) return value;
  return valueComponents(value).find(isPlaceholderToken);
}

export function containsPlaceholder(value: string): boolean {
  return findPlaceholder(value) !== undefined;
}
