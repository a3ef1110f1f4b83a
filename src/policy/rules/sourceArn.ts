import { hasWildcard } from '../glob';

/**
 * Receipt-rule ARNs (SPEC §1): `arn:<partition>:ses:<region>:<account>:receipt-rule-set/<set>:receipt-rule/<rule>`.
 *
 * A SourceArn condition value is a pattern, not an ARN: under `StringLike` a `*` may span colons, under
 * `ArnLike`/`ArnEquals` each of the six colon-separated components is matched on its own (the last one is
 * the whole resource, colons included) [S8]. "Malformed" therefore means: no real receipt-rule ARN can match
 * the value. We decide that exactly by intersecting the glob with the (regular) language of receipt-rule ARNs,
 * so `receipt-rule-set/*`, `*:receipt-rule/inbound` or `arn:aws:ses:*` are accepted where IAM would match
 * them, and `…:receipt-rule/X` without the rule-set segment is not.
 */

/** One piece of the receipt-rule ARN language: a literal, or `min`..`max` characters of a class. */
type LanguagePart =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'class'; readonly test: (c: string) => boolean; readonly min: number; readonly max: number };

const literal = (text: string): LanguagePart => ({ kind: 'literal', text });
const chars = (test: (c: string) => boolean, min: number, max = Infinity): LanguagePart => ({ kind: 'class', test, min, max });

const isLowerOrDash = (c: string) => /^[a-z-]$/.test(c);
const isRegionChar = (c: string) => /^[a-z0-9-]$/.test(c);
const isDigit = (c: string) => c >= '0' && c <= '9';
/** Receipt rule set and rule names: letters, digits, `.`, `_`, `-`, at most 64 [SES API]. */
const isNameChar = (c: string) => /^[A-Za-z0-9._-]$/.test(c);

const COMPONENTS: readonly (readonly LanguagePart[])[] = [
  [literal('arn')],
  [literal('aws'), chars(isLowerOrDash, 0)],
  [literal('ses')],
  [chars(isRegionChar, 1)],
  [chars(isDigit, 12, 12)],
  [literal('receipt-rule-set/'), chars(isNameChar, 1, 64), literal(':receipt-rule/'), chars(isNameChar, 1, 64)],
];

const WHOLE_ARN: readonly LanguagePart[] = COMPONENTS.flatMap((parts, index) => (index === 0 ? parts : [literal(':'), ...parts]));

/** A state of the language automaton: which part, and how many characters of it are consumed. */
type LanguageState = number;

/**
 * Whether some string of `language` matches `pattern` (`*` any run, `?` one character, everything else
 * literal and case-sensitive). A breadth-first search over (pattern position, language state) pairs:
 * linear in the pattern length times the (small) automaton size, whatever the input.
 */
export function globCanMatchLanguage(pattern: string, language: readonly LanguagePart[]): boolean {
  // Language states are encoded as partIndex * STRIDE + consumed; `consumed` is capped once a part's
  // minimum is met and it has no maximum, which keeps the state space finite.
  const STRIDE = 128;
  const encode = (part: number, consumed: number): LanguageState => part * STRIDE + consumed;
  const partOf = (state: LanguageState) => Math.floor(state / STRIDE);
  const consumedOf = (state: LanguageState) => state % STRIDE;
  const finalState = encode(language.length, 0);

  /** States reachable without consuming a character (finishing parts whose minimum is met). */
  const closure = (state: LanguageState): LanguageState[] => {
    const out = [state];
    let current = state;
    for (;;) {
      const part = language[partOf(current)];
      if (!part) break;
      const consumed = consumedOf(current);
      const done = part.kind === 'literal' ? consumed === part.text.length : consumed >= part.min;
      if (!done) break;
      current = encode(partOf(current) + 1, 0);
      out.push(current);
    }
    return out;
  };

  /** States after consuming one character `c` (any character when `c` is undefined). */
  const step = (state: LanguageState, c: string | undefined): LanguageState[] => {
    const index = partOf(state);
    const part = language[index];
    if (!part) return [];
    const consumed = consumedOf(state);
    if (part.kind === 'literal') {
      if (consumed >= part.text.length) return [];
      return c === undefined || part.text[consumed] === c ? [encode(index, consumed + 1)] : [];
    }
    if (consumed >= part.max) return [];
    if (c !== undefined && !part.test(c)) return [];
    const next = part.max === Infinity ? Math.min(consumed + 1, part.min) : consumed + 1;
    return [encode(index, next)];
  };

  const seen = new Set<number>();
  const queue: [number, LanguageState][] = [];
  const push = (position: number, state: LanguageState) => {
    for (const s of closure(state)) {
      const key = position * STRIDE * (language.length + 2) + s;
      if (seen.has(key)) continue;
      seen.add(key);
      queue.push([position, s]);
    }
  };
  push(0, encode(0, 0));
  for (let head = 0; head < queue.length; head++) {
    const [position, state] = queue[head]!;
    if (position === pattern.length) {
      if (state === finalState) return true;
      continue;
    }
    const pc = pattern[position]!;
    if (pc === '*') {
      push(position + 1, state);
      for (const next of step(state, undefined)) push(position, next);
    } else {
      for (const next of step(state, pc === '?' ? undefined : pc)) push(position + 1, next);
    }
  }
  return false;
}

export type ArnMatchMode = 'arn' | 'string';

/** `ArnLike`/`ArnEquals` match per ARN component; the string operators match the whole text. */
export function arnMatchMode(baseOperator: string): ArnMatchMode {
  return baseOperator.startsWith('Arn') ? 'arn' : 'string';
}

/** The six ARN components: the first five colon-separated pieces and the rest (the resource, colons included). */
export function arnComponents(value: string): string[] | undefined {
  const parts: string[] = [];
  let rest = value;
  for (let i = 0; i < 5; i++) {
    const colon = rest.indexOf(':');
    if (colon < 0) return undefined;
    parts.push(rest.slice(0, colon));
    rest = rest.slice(colon + 1);
  }
  parts.push(rest);
  return parts;
}

/** Values longer than this are no ARN anyone wrote; refusing them keeps the check cheap on hostile input. */
const MAX_ARN_LENGTH = 2048;

/**
 * True when some receipt-rule ARN matches `value` under the operator's matching (wildcards honoured, as the
 * author evidently meant them; a wildcard under `StringEquals` is reported separately).
 */
export function canMatchReceiptRule(value: string, mode: ArnMatchMode): boolean {
  if (value.length > MAX_ARN_LENGTH) return false;
  if (mode === 'string') return globCanMatchLanguage(value, WHOLE_ARN);
  const components = arnComponents(value);
  if (!components) return false;
  return components.every((component, i) => globCanMatchLanguage(component, COMPONENTS[i]!));
}

const EXACT_RECEIPT_RULE_ARN =
  /^arn:(aws(?:-[a-z]+)*):ses:([a-z]{2,4}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}):(\d{12}):receipt-rule-set\/([A-Za-z0-9._-]{1,64}):receipt-rule\/([A-Za-z0-9._-]{1,64})$/;

export interface ReceiptRuleArn {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly ruleSet: string;
  readonly rule: string;
}

/** Parses a literal receipt-rule ARN (no wildcards), with a well-formed region. */
export function parseReceiptRuleArn(value: string): ReceiptRuleArn | undefined {
  const match = EXACT_RECEIPT_RULE_ARN.exec(value);
  if (!match) return undefined;
  return { partition: match[1]!, region: match[2]!, account: match[3]!, ruleSet: match[4]!, rule: match[5]! };
}

/**
 * Whether a SourceArn value has the receipt-rule form. Without wildcards the value must be an exact ARN
 * (region included); with wildcards some receipt-rule ARN must be able to match it.
 */
export function isReceiptRulePattern(value: string, mode: ArnMatchMode): boolean {
  if (!hasWildcard(value)) return parseReceiptRuleArn(value) !== undefined;
  return canMatchReceiptRule(value, mode);
}

/** The account component of a SourceArn value, when the value has one. */
export function arnAccount(value: string): string | undefined {
  return arnComponents(value)?.[4];
}

/**
 * Whether the value pins the account: its account component is wildcard-free. Under `StringLike` a
 * wildcard before the account could also swallow it, so a value with too few components does not pin it.
 */
export function pinsAccount(value: string): boolean {
  const account = arnAccount(value);
  if (account === undefined) return !hasWildcard(value);
  return !hasWildcard(account);
}

/**
 * Which part of a SourceArn value is wildcarded, for `source-arn-wildcard` ("matches any {what}"): one of
 * the fixed words `rule set and rule`, `rule`, `rule set` (the translations map them).
 */
export function describeWildcardRules(value: string): string | undefined {
  const resource = arnComponents(value)?.[5];
  if (resource === undefined) return hasWildcard(value) ? 'rule set and rule' : undefined;
  const match = /^receipt-rule-set\/([^:]*):receipt-rule\/(.*)$/.exec(resource);
  if (!match) return hasWildcard(resource) ? 'rule set and rule' : undefined;
  const setWild = hasWildcard(match[1]!);
  const ruleWild = hasWildcard(match[2]!);
  if (setWild && ruleWild) return 'rule set and rule';
  if (ruleWild) return 'rule';
  if (setWild) return 'rule set';
  return undefined;
}
