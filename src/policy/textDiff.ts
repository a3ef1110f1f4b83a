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

/**
 * An insertion is the same text wherever it slides among equal characters: lines added after a YAML block,
 * before `  Next:`, read by `minimalReplacement` as starting after that line's indentation, land past the
 * block. Placed at the start of that line when it can slide there, they stay with the block they belong to.
 */
export function insertionAtLineStart(before: string, edit: OffsetEdit): OffsetEdit {
  if (edit.length !== 0) return edit;
  const { offset, content } = edit;
  if (offset === 0 || before[offset - 1] === '\n') return edit;
  let rotated = content;
  for (let at = offset; at > 0 && offset - at < content.length; at--) {
    if (before[at - 1] !== rotated[rotated.length - 1]) break;
    rotated = before[at - 1] + rotated.slice(0, -1);
    if (at - 1 === 0 || before[at - 2] === '\n') {
      // Only lines indented deeper than the line they go before belong to the block above it; lines at its
      // indentation (a key prepended to a mapping) belong to the node that starts there, after the indentation.
      return indentOf(rotated) > indentOf(before.slice(at - 1)) ? { offset: at - 1, length: 0, content: rotated } : edit;
    }
  }
  return edit;
}

function indentOf(text: string): number {
  return /^[ \t]*/.exec(text)![0].length;
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
