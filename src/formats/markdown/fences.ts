import type { Span } from '../../policy/tree';
import { OffsetMap, OffsetMapBuilder } from '../offsetMap';

/**
 * Fenced code blocks of a Markdown file (CommonMark): ``` or ~~~ fences of three or more, inside blockquotes
 * (`> `, nested) and list items (any indentation: a fence indented under a list item is read as a fence, not
 * as an indented code block). The content keeps a map to the file: each line loses the blockquote markers and
 * as much indentation as the opening fence had. An unclosed fence runs to the end of the file, or to the first
 * line that leaves its blockquote. Indented code blocks (no fence) are not read, knowingly: they carry no tag.
 */
export interface FencedBlock {
  /** The info string's first word, lower-cased (`json`, `console`); empty when the block is untagged. */
  readonly tag: string;
  /** The content as the block's format sees it. */
  readonly text: string;
  readonly map: OffsetMap;
  /** From the opening fence to the end of the closing one (or of the file). */
  readonly span: Span;
  readonly closed: boolean;
}

interface OpenFence {
  readonly marker: number;
  readonly length: number;
  readonly quoteDepth: number;
  readonly indent: number;
  readonly tag: string;
  readonly start: number;
  readonly builder: OffsetMapBuilder;
  readonly parts: string[];
}

const BACKTICK = 96;
const TILDE = 126;
const SPACE = 32;
const TAB = 9;
const GREATER = 62;

/** The blockquote markers at the start of a line: how many, and where the text after them starts. */
function quotePrefix(text: string, lineStart: number, lineEnd: number, maxDepth: number): { depth: number; end: number } {
  let depth = 0;
  let at = lineStart;
  while (depth < maxDepth) {
    let p = at;
    while (p < lineEnd && p - at < 3 && text.charCodeAt(p) === SPACE) p++;
    if (text.charCodeAt(p) !== GREATER || p >= lineEnd) break;
    p++;
    if (text.charCodeAt(p) === SPACE || text.charCodeAt(p) === TAB) p++;
    depth++;
    at = p;
  }
  return { depth, end: at };
}

function blanksFrom(text: string, at: number, end: number): number {
  let p = at;
  while (p < end && (text.charCodeAt(p) === SPACE || text.charCodeAt(p) === TAB)) p++;
  return p;
}

function runOf(text: string, at: number, end: number, code: number): number {
  let p = at;
  while (p < end && text.charCodeAt(p) === code) p++;
  return p - at;
}

export function fencedBlocks(text: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  let open: OpenFence | undefined;
  let lineStart = 0;
  const length = text.length;
  const finish = (end: number, closed: boolean) => {
    blocks.push({ tag: open!.tag, text: open!.parts.join(''), map: open!.builder.build(), span: { offset: open!.start, length: end - open!.start }, closed });
    open = undefined;
  };
  while (lineStart < length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? length : newline;
    const next = newline < 0 ? length : newline + 1;
    const contentEnd = lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    if (open) {
      const prefix = quotePrefix(text, lineStart, contentEnd, open.quoteDepth);
      if (prefix.depth < open.quoteDepth) {
        // A line outside the block's blockquote ends the block; it is read again as an ordinary line.
        finish(lineStart, false);
        continue;
      }
      const fenceAt = blanksFrom(text, prefix.end, contentEnd);
      const run = runOf(text, fenceAt, contentEnd, open.marker);
      if (run >= open.length && blanksFrom(text, fenceAt + run, contentEnd) === contentEnd) {
        finish(contentEnd, true);
        lineStart = next;
        continue;
      }
      let indentEnd = prefix.end;
      while (indentEnd < contentEnd && indentEnd - prefix.end < open.indent && (text.charCodeAt(indentEnd) === SPACE || text.charCodeAt(indentEnd) === TAB)) indentEnd++;
      open.builder.skip(indentEnd - lineStart).copy(next - indentEnd);
      open.parts.push(text.slice(indentEnd, next));
      lineStart = next;
      continue;
    }
    const prefix = quotePrefix(text, lineStart, contentEnd, Number.MAX_SAFE_INTEGER);
    const fenceAt = blanksFrom(text, prefix.end, contentEnd);
    const marker = text.charCodeAt(fenceAt);
    if (marker === BACKTICK || marker === TILDE) {
      const run = runOf(text, fenceAt, contentEnd, marker);
      const info = text.slice(fenceAt + run, contentEnd).trim();
      // A backtick fence's info string has no backtick (else the line is inline code).
      if (run >= 3 && !(marker === BACKTICK && info.includes('`'))) {
        open = {
          marker,
          length: run,
          quoteDepth: prefix.depth,
          indent: fenceAt - prefix.end,
          tag: (info.split(/[\s{]/, 1)[0] ?? '').toLowerCase(),
          start: fenceAt,
          builder: new OffsetMapBuilder(next),
          parts: [],
        };
      }
    }
    lineStart = next;
  }
  if (open) finish(length, false);
  return blocks;
}
