import type { OffsetEdit } from './types';

/**
 * Applies non-overlapping offset edits (all relative to `text`), in one pass however many there are (fix-all
 * applies one edit per statement of a file at once). Inserts at the same offset go in reverse order, as if
 * applied one after another from the last.
 */
export function applyOffsetEdits(text: string, edits: readonly OffsetEdit[]): string {
  const parts: string[] = [];
  let position = 0;
  const ordered = edits.map((edit, index) => ({ edit, index })).sort((a, b) => a.edit.offset - b.edit.offset || b.index - a.index);
  for (const { edit } of ordered) {
    parts.push(text.slice(position, edit.offset), edit.content);
    position = edit.offset + edit.length;
  }
  parts.push(text.slice(position));
  return parts.join('');
}
