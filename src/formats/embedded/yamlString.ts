import type { TextEncoding } from '../../policy/model';
import type { Span } from '../../policy/tree';
import { AS_WRITTEN, OffsetMapBuilder } from '../offsetMap';
import { JSON_STRING, type DecodedText } from './jsonString';

/** Inside a single-quoted YAML scalar: a quote doubled. */
export const YAML_SINGLE_QUOTED: TextEncoding = (content) => content.replace(/'/g, "''");

/** The forms a YAML string scalar may have: a block scalar, a double-quoted string (JSON's escapes serve), single quotes. */
export const YAML_SCALAR_ENCODINGS: readonly TextEncoding[] = [AS_WRITTEN, JSON_STRING, YAML_SINGLE_QUOTED];

/**
 * A YAML string scalar's value with the map from its offsets to the scalar as written: a policy given as a
 * string in a YAML template (`PolicyDocument: |` with JSON below, or a quoted one-liner). Literal blocks drop
 * each line's indentation, single quotes double `''`, double quotes have escapes, and line breaks inside
 * quotes fold to a space. The decoding is checked against the value the YAML reader gave; a scalar written
 * in a form read otherwise (a folded `>` block) gets a coarse map, every inner span on the whole scalar.
 */
export function decodeYamlScalar(text: string, span: Span, value: string): DecodedText {
  const decoded = decodeByStyle(text, span.offset, span.offset + span.length, value);
  if (decoded && decoded.value === value) return decoded;
  return { value, map: new OffsetMapBuilder(span.offset).escape(value.length, span.length).build() };
}

function decodeByStyle(text: string, start: number, end: number, value: string): DecodedText | undefined {
  const first = text[start];
  if (first === "'" || first === '"') {
    if (end - start < 2 || text[end - 1] !== first) return undefined;
    return decodeFlow(text, start + 1, end - 1, first === "'" ? 'single' : 'double');
  }
  if (first === '|') return decodeLiteralBlock(text, start, end, value);
  if (first === '>' || first === '!' || first === '&' || first === '*') return undefined;
  return decodeFlow(text, start, end, 'plain');
}

const DOUBLE_QUOTED_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"',
  '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
const HEX_ESCAPE_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

function isBreak(c: string | undefined): boolean {
  return c === '\n' || c === '\r';
}

/** Quoted and plain scalars: escapes of the style, and line folding (a break becomes a space, n breaks n-1 newlines). */
function decodeFlow(text: string, from: number, to: number, style: 'single' | 'double' | 'plain'): DecodedText | undefined {
  const builder = new OffsetMapBuilder(from);
  const parts: string[] = [];
  let runStart = from;
  let at = from;
  const flush = (until: number) => {
    if (until > runStart) {
      parts.push(text.slice(runStart, until));
      builder.copy(until - runStart);
    }
  };
  const emit = (inner: string, outerEnd: number, outerStart: number) => {
    if (inner.length > 0) parts.push(inner);
    builder.escape(inner.length, outerEnd - outerStart);
    at = runStart = outerEnd;
  };
  while (at < to) {
    const c = text[at];
    if (isBreak(c)) {
      // Blanks before the break, the breaks and the next line's indentation fold together.
      let foldStart = at;
      while (foldStart > runStart && isBlank(text[foldStart - 1])) foldStart--;
      flush(foldStart);
      let breaks = 0;
      let p = at;
      while (p < to) {
        if (text[p] === '\r' && text[p + 1] === '\n') {
          p += 2;
          breaks++;
        } else if (isBreak(text[p])) {
          p++;
          breaks++;
        } else if (isBlank(text[p])) p++;
        else break;
      }
      emit(breaks === 1 ? ' ' : '\n'.repeat(breaks - 1), p, foldStart);
    } else if (style === 'single' && c === "'" && text[at + 1] === "'") {
      flush(at);
      emit("'", at + 2, at);
    } else if (style === 'double' && c === '\\') {
      flush(at);
      const letter = text[at + 1];
      if (letter === undefined) return undefined;
      if (isBreak(letter)) {
        // An escaped line break joins the lines: the break and the next line's indentation are no text.
        let p = at + 1;
        p += text[p] === '\r' && text[p + 1] === '\n' ? 2 : 1;
        while (p < to && isBlank(text[p])) p++;
        emit('', p, at);
        continue;
      }
      const hexLength = HEX_ESCAPE_LENGTH[letter];
      if (hexLength !== undefined) {
        const hex = text.slice(at + 2, at + 2 + hexLength);
        if (hex.length !== hexLength || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
        const codePoint = parseInt(hex, 16);
        if (codePoint > 0x10ffff) return undefined;
        emit(String.fromCodePoint(codePoint), at + 2 + hexLength, at);
        continue;
      }
      const decoded = DOUBLE_QUOTED_ESCAPES[letter];
      if (decoded === undefined) return undefined;
      emit(decoded, at + 2, at);
    } else at++;
  }
  flush(to);
  return { value: parts.join(''), map: builder.build() };
}

/**
 * `|` blocks: the header line is no text; each content line loses the block's indentation (that of its first
 * non-empty line). The span ends at the last non-blank character, so the final line break(s) the chomping
 * keeps are added as inner text with no outer counterpart.
 */
function decodeLiteralBlock(text: string, start: number, end: number, value: string): DecodedText | undefined {
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd >= end) return undefined;
  const contentStart = headerEnd + 1;
  let indent = 0;
  for (let lineStart = contentStart; lineStart < end; ) {
    let p = lineStart;
    while (text[p] === ' ') p++;
    if (!isBreak(text[p])) {
      indent = p - lineStart;
      break;
    }
    lineStart = text.indexOf('\n', p) + 1;
    if (lineStart === 0) break;
  }
  const builder = new OffsetMapBuilder(start).skip(contentStart - start);
  const parts: string[] = [];
  let lineStart = contentStart;
  while (lineStart < end) {
    let p = lineStart;
    while (p - lineStart < indent && text[p] === ' ') p++;
    builder.skip(p - lineStart);
    const newline = text.indexOf('\n', p);
    const lineEnd = newline < 0 || newline >= end ? end : newline;
    const contentEnd = text[lineEnd - 1] === '\r' && lineEnd < end ? lineEnd - 1 : lineEnd;
    parts.push(text.slice(p, contentEnd));
    builder.copy(contentEnd - p);
    if (lineEnd >= end) break;
    parts.push('\n');
    builder.escape(1, lineEnd + 1 - contentEnd);
    lineStart = lineEnd + 1;
  }
  const lines = parts.join('');
  const kept = value.slice(lines.length);
  if (!value.startsWith(lines) || /[^\n]/.test(kept)) return undefined;
  builder.add(kept.length);
  return { value, map: builder.build() };
}
