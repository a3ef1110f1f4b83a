import { applyOffsetEdits, type OffsetEdit } from '../../policy/fixes';
import type { SpanMap, TextEncoding } from '../../policy/model';
import { renderPlain } from '../../policy/templates';

/**
 * Edits of a text written inside another one (a policy in a JSON string or a shell argument, a Markdown code
 * block), taken to the outer file. An inner edit's range maps through the offset map; its inserted text is
 * written in the outer text's encoding (the string's escapes, the argument's quoting, the block's indentation).
 *
 * Which encoding a place needs is not guessed: each candidate is tried and kept only when reading the outer
 * text again gives back exactly the inner text with the inner edits applied. An edit that no candidate writes
 * faithfully (a `'` inside a single-quoted shell argument) is not offered. The candidates are the embedding's
 * own (`EmbeddedPolicy.encodings`, set where the policy is read: `JSON_STRING` in embedded/jsonString.ts, a YAML
 * scalar's in embedded/yamlString.ts, a shell argument's in shell/shellFile.ts, Terraform's in terraform/templateText.ts).
 */

/** How an embedding is written in its file: the candidates, most likely first, and how to read it back. */
export interface Embedding {
  readonly innerText: string;
  readonly map: SpanMap;
  readonly encodings: readonly TextEncoding[];
  /** The inner text read again from an edited outer text, at the same place; undefined when it is gone. */
  reread(outerText: string): string | undefined;
}

/**
 * The inner edits written into the outer text, or undefined when they cannot be written faithfully there.
 * Placeholder marks pass through every encoding (private-use characters need no escape); the check renders
 * them as their names on both sides.
 */
export function outerEdits(outerText: string, embedding: Embedding, innerEdits: readonly OffsetEdit[]): OffsetEdit[] | undefined {
  if (innerEdits.length === 0) return undefined;
  const expected = applyOffsetEdits(embedding.innerText, innerEdits.map(rendered));
  for (const encoding of embedding.encodings) {
    const edits = mapEdits(outerText, embedding, innerEdits, encoding);
    if (!edits) return undefined;
    if (embedding.reread(applyOffsetEdits(outerText, edits.map(rendered))) === expected) return edits;
  }
  return undefined;
}

export function rendered(edit: OffsetEdit): OffsetEdit {
  return { ...edit, content: renderPlain(edit.content) };
}

/** The inner edits in the outer text's offsets and encoding, unchecked; undefined when one would cut an escape or a skipped run. */
export function mapEdits(outerText: string, embedding: Embedding, innerEdits: readonly OffsetEdit[], encoding: TextEncoding): OffsetEdit[] | undefined {
  const edits: OffsetEdit[] = [];
  for (const edit of innerEdits) {
    const outer = embedding.map.spanToOuter({ offset: edit.offset, length: edit.length });
    const back = embedding.map.spanToInner(outer);
    // An edit that would cut an escape sequence or a skipped run (an indent, a prompt) is not written.
    if (!back || back.offset !== edit.offset || back.length !== edit.length) return undefined;
    const prefix = linePrefix(outerText, embedding, edit.offset);
    const content = encoding(edit.content).replace(/\r?\n/g, (lineEnd) => lineEnd + prefix);
    edits.push({ offset: outer.offset, length: outer.length, content });
  }
  return edits;
}

/**
 * What every outer line of the embedding starts with before its inner text (a list item's indent, `> `
 * markers, a block scalar's indent): the outer text before the start of the inner line, when it is only
 * blanks and blockquote markers. New lines of inserted text start with it too.
 */
function linePrefix(outerText: string, embedding: Embedding, innerOffset: number): string {
  const innerLineStart = embedding.innerText.lastIndexOf('\n', innerOffset - 1) + 1;
  const outerStart = embedding.map.spanToOuter({ offset: innerLineStart, length: 0 }).offset;
  const outerLineStart = outerText.lastIndexOf('\n', outerStart - 1) + 1;
  const before = outerText.slice(outerLineStart, outerStart);
  return /^[ \t>]*$/.test(before) ? before : '';
}
