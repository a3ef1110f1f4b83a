import { hasWildcard } from '../glob';
import { isExactReceiptRuleArn } from '../aws/receiptRuleArn';

/**
 * Receipt-rule ARNs (docs/semantics.md#receipt-rule-arn): `arn:<partition>:ses:<region>:<account>:receipt-rule-set/<set>:receipt-rule/<rule>`.
 *
 * A SourceArn condition value is a pattern, not an ARN: under `StringLike` a `*` may span colons, under
 * `ArnLike`/`ArnEquals` each of the six colon-separated components is matched on its own (the last one is
 * the whole resource, colons included) [S8](docs/semantics.md#sources). "Malformed" therefore means: no real receipt-rule ARN can match
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
 * literal and case-sensitive). Simulates the language automaton over the pattern, keeping the set of
 * states reachable so far: linear in the pattern length times the (small) automaton size, whatever the input.
 */
export function globCanMatchLanguage(pattern: string, language: readonly LanguagePart[]): boolean {
  // Language states are encoded as partIndex * STRIDE + consumed; `consumed` is capped once a part's
  // minimum is met and it has no maximum, which keeps the state space finite.
  const STRIDE = 128;
  const encode = (part: number, consumed: number): LanguageState => part * STRIDE + consumed;
  const partOf = (state: LanguageState) => Math.floor(state / STRIDE);
  const consumedOf = (state: LanguageState) => state % STRIDE;
  const finalState = encode(language.length, 0);

  /**
   * Adds `state` and every state reachable from it without consuming a character (finished parts);
   * newly added states are also pushed to `added` when given.
   */
  const addWithClosure = (into: Set<LanguageState>, state: LanguageState, added?: LanguageState[]): void => {
    let current = state;
    for (;;) {
      if (!into.has(current)) {
        into.add(current);
        added?.push(current);
      }
      const part = language[partOf(current)];
      if (!part) return;
      const consumed = consumedOf(current);
      const done = part.kind === 'literal' ? consumed === part.text.length : consumed >= part.min;
      if (!done) return;
      current = encode(partOf(current) + 1, 0);
    }
  };

  /** The state after consuming one character `c` (any character when `c` is undefined), if any. */
  const step = (state: LanguageState, c: string | undefined): LanguageState | undefined => {
    const index = partOf(state);
    const part = language[index];
    if (!part) return undefined;
    const consumed = consumedOf(state);
    if (part.kind === 'literal') {
      if (consumed >= part.text.length) return undefined;
      return c === undefined || part.text[consumed] === c ? encode(index, consumed + 1) : undefined;
    }
    if (consumed >= part.max) return undefined;
    if (c !== undefined && !part.test(c)) return undefined;
    return encode(index, part.max === Infinity ? Math.min(consumed + 1, part.min) : consumed + 1);
  };

  let current = new Set<LanguageState>();
  addWithClosure(current, encode(0, 0));
  for (let i = 0; i < pattern.length && current.size > 0; i++) {
    const pc = pattern[i]!;
    const next = new Set<LanguageState>();
    if (pc === '*') {
      // Any number of any characters: everything reachable from the current states.
      const work = [...current];
      for (const s of current) next.add(s);
      while (work.length > 0) {
        const after = step(work.pop()!, undefined);
        if (after !== undefined) addWithClosure(next, after, work);
      }
      // Consecutive stars add nothing more.
      while (pattern[i + 1] === '*') i++;
    } else {
      const c = pc === '?' ? undefined : pc;
      for (const s of current) {
        const after = step(s, c);
        if (after !== undefined) addWithClosure(next, after);
      }
    }
    current = next;
  }
  return current.has(finalState);
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

/** A receipt-rule ARN is at most about 200 characters; refusing longer values keeps the check cheap on hostile input. */
const MAX_ARN_LENGTH = 1024;

/**
 * True when some receipt-rule ARN matches `value` under the operator's matching (wildcards honoured, as the
 * author evidently meant them; a wildcard under `StringEquals` is reported separately).
 */
export function canMatchReceiptRule(value: string, mode: ArnMatchMode): boolean {
  if (value.length > MAX_ARN_LENGTH) return false;
  return witnessIsReceiptRule(value) || languageMatches(value, mode);
}

/** What fills a component written as stars alone (`arn:aws:ses:*:*:…`) in the witness: a valid value of that component. */
const COMPONENT_SAMPLES: readonly string[] = ['arn', 'aws', 'ses', 'us-east-1', '123456789012', 'receipt-rule-set/1:receipt-rule/1'];

/**
 * The fast path of `canMatchReceiptRule`, for the usual patterns (`receipt-rule-set/*:receipt-rule/*`, and the
 * `arn:aws:ses:*:*:…` a template value leaves): one string the pattern matches under either mode (every
 * wildcard filled without adding a colon, a component of stars alone with a sample of that component). If it
 * is an exact receipt-rule ARN, some receipt-rule ARN matches the pattern; if not, the automaton decides.
 */
function witnessIsReceiptRule(value: string): boolean {
  return isExactReceiptRuleArn(witnessOf(value));
}

/**
 * The witness of `witnessIsReceiptRule`, written component by component as they are found (it asks this of
 * every SourceArn value with a wildcard: the components' list, a regex test, a replace and a join each were
 * a dozen objects per value). A value with fewer than six components is filled as one text.
 */
export function witnessOf(value: string): string {
  if (componentEnd(value, 0, 5) < 0) return filled(value, 0, value.length);
  let witness = '';
  let start = 0;
  for (let i = 0; i < 6; i++) {
    const end = i < 5 ? value.indexOf(':', start) : value.length;
    witness += (i > 0 ? ':' : '') + (end > start && onlyStars(value, start, end) ? COMPONENT_SAMPLES[i]! : filled(value, start, end));
    start = end + 1;
  }
  return witness;
}

/** The index of the `count`-th colon from `start` (a component's end), or -1 when there are fewer. */
function componentEnd(value: string, start: number, count: number): number {
  let at = start - 1;
  for (let i = 0; i < count; i++) {
    at = value.indexOf(':', at + 1);
    if (at < 0) return -1;
  }
  return at;
}

function onlyStars(value: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (value.charCodeAt(i) !== 0x2a) return false;
  return true;
}

/** value[start, end) with every `*` and `?` written as `1`, copied only when it holds one. */
function filled(value: string, start: number, end: number): string {
  let out = '';
  let from = start;
  for (let i = start; i < end; i++) {
    const c = value.charCodeAt(i);
    if (c !== 0x2a && c !== 0x3f) continue;
    out += value.slice(from, i) + '1';
    from = i + 1;
  }
  return from === start ? value.slice(start, end) : out + value.slice(from, end);
}

/** `canMatchReceiptRule` decided by the automaton alone (exported for the test that checks the fast path against it). */
export function languageMatches(value: string, mode: ArnMatchMode): boolean {
  if (mode === 'string') return globCanMatchLanguage(value, WHOLE_ARN);
  const components = arnComponents(value);
  if (!components) return false;
  return components.every((component, i) => globCanMatchLanguage(component, COMPONENTS[i]!));
}

/**
 * Whether a SourceArn value has the receipt-rule form. Without wildcards the value must be an exact ARN
 * (region included); with wildcards some receipt-rule ARN must be able to match it.
 */
export function isReceiptRulePattern(value: string, mode: ArnMatchMode): boolean {
  if (!hasWildcard(value)) return isExactReceiptRuleArn(value);
  return canMatchReceiptRule(value, mode);
}

/** The account component of a SourceArn value, when the value has one. */
export function arnAccount(value: string): string | undefined {
  // arnComponents(value)?.[4] without the components: asked of every SourceArn value, twice.
  let start = 0;
  for (let i = 0; i < 4; i++) {
    const colon = value.indexOf(':', start);
    if (colon < 0) return undefined;
    start = colon + 1;
  }
  const end = value.indexOf(':', start);
  return end < 0 ? undefined : value.slice(start, end);
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
  // arnComponents(value)?.[5] without the other five components.
  const fifthColon = componentEnd(value, 0, 5);
  const resource = fifthColon < 0 ? undefined : value.slice(fifthColon + 1);
  if (resource === undefined) return hasWildcard(value) ? 'rule set and rule' : undefined;
  // `receipt-rule-set/<set>` then, after the first colon, the rule part (`receipt-rule/<rule>`, or a
  // wildcard standing for it). A trailing wildcard in the set part with no colon spans the rule too.
  const match = /^receipt-rule-set\/([^:]*)(?::(.*))?$/.exec(resource);
  if (!match) return hasWildcard(resource) ? 'rule set and rule' : undefined;
  const setPart = match[1]!;
  const rulePart = match[2];
  const setWild = hasWildcard(setPart);
  const ruleWild = rulePart === undefined ? setWild : hasWildcard(rulePart);
  if (setWild && ruleWild) return 'rule set and rule';
  if (ruleWild) return 'rule';
  if (setWild) return 'rule set';
  return undefined;
}
