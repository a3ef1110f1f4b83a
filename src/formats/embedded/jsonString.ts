import type { SpanMap, TextEncoding } from '../../policy/model';
import { OffsetMapBuilder } from '../offsetMap';

/** Decoded text and the map from its offsets to the text it was written in. */
export interface DecodedText {
  readonly value: string;
  readonly map: SpanMap;
}

const QUOTE = 34;

/** Text written inside a JSON string: `"`, `\` and control characters escaped (`\n`, `\t`, `\u0001`). */
export const JSON_STRING: TextEncoding = (content) => JSON.stringify(content).slice(1, -1);

/**
 * The contents of the JSON string literal at [start, end) of `text` (quotes included), decoded, with a map
 * whose every escape sequence is one piece: `\"` is one inner character for two outer ones, `\u00e9` one for
 * six. Undefined when the literal is not a well-formed JSON string (the JSON reader reported it already).
 * The value comes from the native JSON parser and the map from a search for backslashes, so a string of
 * 10 MB costs two native passes and one piece per escape.
 */
export function decodeJsonString(text: string, start: number, end: number): DecodedText | undefined {
  if (end - start < 2 || text.charCodeAt(start) !== QUOTE || text.charCodeAt(end - 1) !== QUOTE) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text.slice(start, end));
  } catch {
    return undefined;
  }
  if (typeof value !== 'string') return undefined;
  const builder = new OffsetMapBuilder(start + 1);
  const close = end - 1;
  let runStart = start + 1;
  for (let at = text.indexOf('\\', runStart); at >= 0 && at < close; at = text.indexOf('\\', runStart)) {
    builder.copy(at - runStart);
    // `\uXXXX` is one UTF-16 unit (a surrogate pair is two escapes); every other escape is one character.
    const length = text.charCodeAt(at + 1) === 0x75 ? 6 : 2;
    builder.escape(1, length);
    runStart = at + length;
  }
  builder.copy(close - runStart);
  return { value, map: builder.build() };
}
