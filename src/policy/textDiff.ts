import type { OffsetEdit } from './fixes/types';

/**
 * The one replacement that turns `before` into `after`: everything between their common prefix and common
 * suffix. Fix-all applies this instead of replacing the whole document, so the cursor, folding and undo
 * stay where the user left them. Undefined when the texts are equal.
 */
export function minimalReplacement(before: string, after: string): OffsetEdit | undefined {
  if (before === after) return undefined;
  const limit = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  prefix = backOffPair(before, prefix);
  let suffix = 0;
  const maxSuffix = limit - prefix;
  while (
    suffix < maxSuffix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  // Never start the suffix inside a pair either (its first unit would be the second half of \r\n or a surrogate).
  while (suffix > 0 && splitsPair(before, before.length - suffix)) suffix--;
  return {
    offset: prefix,
    length: before.length - suffix - prefix,
    content: after.slice(prefix, after.length - suffix),
  };
}

/** Moves a cut point back so that it does not fall between `\r` and `\n` or inside a surrogate pair. */
function backOffPair(text: string, cut: number): number {
  return cut > 0 && splitsPair(text, cut) ? cut - 1 : cut;
}

function splitsPair(text: string, cut: number): boolean {
  if (cut <= 0 || cut >= text.length) return false;
  const previous = text.charCodeAt(cut - 1);
  const next = text.charCodeAt(cut);
  return (previous === 13 && next === 10) || (previous >= 0xd800 && previous <= 0xdbff && next >= 0xdc00 && next <= 0xdfff);
}
