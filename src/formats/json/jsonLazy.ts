import { Code, jsonNumberEnd, skipJsonTrivia } from './strictJson';
import type { ArrayNode, ObjectNode, PropertyNode, ScalarNode, Span, TreeNode } from '../../policy/tree';

/**
 * The character codes of JSON's syntax, read once from the strict reader's table: module constants, since
 * every character of a text goes past them (a `const enum` imported from another file is an object lookup
 * where files are compiled one by one).
 */
const BACKSLASH = Code.backslash;
const CLOSE_BRACE = Code.closeBrace;
const CLOSE_BRACKET = Code.closeBracket;
const COLON = Code.colon;
const COMMA = Code.comma;
const DOUBLE_QUOTE = Code.doubleQuote;
const LOWER_F = Code.lowerF;
const LOWER_N = Code.lowerN;
const LOWER_T = Code.lowerT;
const MINUS = Code.minus;
const NINE = Code.nine;
const OPEN_BRACE = Code.openBrace;
const OPEN_BRACKET = Code.openBracket;
const SLASH = Code.slash;
const SPACE = Code.space;
const ZERO = Code.zero;

/**
 * A tree over strict JSON(C) text, read on demand. "Strict" is what `readStrictJson` accepts (comments and
 * trailing commas allowed, nothing jsonc-parser would report): `isStrictJson` checks it in one pass that
 * builds nothing. `lazyRoot` then gives the root of a tree whose objects and arrays read their members the
 * first time they are asked for; until then a nested value is only skipped over.
 *
 * A fix walks a few levels down to its statement and edits there, so on its text it pays a few linear scans
 * and allocates only the nodes on its way: a value nested ten thousand deep beside the statement costs a
 * scan, not ten thousand nodes per edit.
 */


/**
 * How deep the ends of containers are remembered from the first scan of a text: enough for every path a fix
 * takes to its statement. A read below that scans the member it needs once and remembers every end in it.
 */
const REMEMBERED_DEPTH = 16;

/** One strict text and the ends of its containers near the top, found by the scan that checked it. */
interface Scanned {
  readonly text: string;
  readonly ends: Map<number, number>;
}

/**
 * The root value of strict text (see `isStrictJson`): `undefined` for text of only whitespace and comments,
 * `false` for text that is not strict. One scan checks the text and remembers where each container near the
 * top ends, so that reading members later does not scan a deep value again at every level.
 */
export function lazyRoot(text: string): TreeNode | undefined | false {
  const scanned: Scanned = { text, ends: new Map() };
  const start = skipTrivia(text, 0);
  if (start < 0) return false;
  if (start >= text.length) return undefined;
  const end = valueEnd(text, start, scanned.ends, REMEMBERED_DEPTH);
  if (end < 0 || skipTrivia(text, end) !== text.length) return false;
  return nodeAt(scanned, start, end);
}

/**
 * Whether strict text stays strict after its [from, to) was replaced, giving `after`. `root` is the original
 * text's lazy tree: the innermost container that encloses the change is checked again in `after`, its
 * untouched members skipped by their known extent. Everything outside that container is unchanged, so when
 * the container still reads as one value ending where it should, the text is strict, at the cost of the
 * container's own members rather than of the text. (A change found by diffing may end inside a closing
 * bracket it only happens to share with the new text; that is checked on the whole text instead.)
 */
export function staysStrict(root: TreeNode, originalLength: number, from: number, to: number, after: string): boolean {
  let container: ObjectNode | ArrayNode | undefined;
  let node: TreeNode | undefined = root;
  while (node && (node.type === 'object' || node.type === 'array') && node.span.offset < from && to < node.span.offset + node.span.length) {
    container = node;
    const values: readonly TreeNode[] = node.type === 'object' ? node.properties.map((p) => p.value) : node.items;
    node = values.find((v) => v.span.offset <= from && to <= v.span.offset + v.span.length);
  }
  if (!container) return isStrictJson(after);
  const delta = after.length - originalLength;
  const skip = new Map<number, number>();
  const values: readonly TreeNode[] = container.type === 'object' ? container.properties.map((p) => p.value) : container.items;
  for (const value of values) {
    const end = value.span.offset + value.span.length;
    if (end <= from) skip.set(value.span.offset, end);
    else if (value.span.offset >= to) skip.set(value.span.offset + delta, end + delta);
  }
  return valueEnd(after, container.span.offset, undefined, 0, skip) === container.span.offset + container.span.length + delta || isStrictJson(after);
}

/** The end of the strict JSON value that starts at `at` (its first character), or -1 where it is not strict. */
export function strictValueEnd(text: string, at: number): number {
  return valueEnd(text, at, undefined, 0);
}

/** True when the text is one JSON value (or none) that jsonc-parser reads without a single error. */
export function isStrictJson(text: string): boolean {
  const start = skipTrivia(text, 0);
  if (start < 0) return false;
  if (start >= text.length) return true;
  const end = valueEnd(text, start, undefined, 0);
  return end >= 0 && skipTrivia(text, end) === text.length;
}

function notStrict(): never {
  throw new Error('the text is not strict JSON');
}

/** The value starting at `start`: its end remembered from the scan, or found by skipping it. */
function memberAt(scanned: Scanned, start: number): TreeNode {
  return nodeAt(scanned, start, scanned.ends.get(start) ?? valueEnd(scanned.text, start, scanned.ends, Infinity));
}

function nodeAt(scanned: Scanned, start: number, end: number): TreeNode {
  if (end < 0) notStrict();
  const text = scanned.text;
  const span = { offset: start, length: end - start };
  const c = text.charCodeAt(start);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) return lazyContainer(scanned, span, c === OPEN_BRACE);
  const raw = text.slice(start, end);
  const value = c === DOUBLE_QUOTE ? (JSON.parse(raw) as string) : raw === 'true' ? true : raw === 'false' ? false : raw === 'null' ? null : Number(raw);
  return { type: 'scalar', span, value, raw } satisfies ScalarNode;
}

/** An object or array whose members are read the first time they are asked for. */
function lazyContainer(scanned: Scanned, span: Span, isObject: boolean): ObjectNode | ArrayNode {
  let properties: PropertyNode[] | undefined;
  let items: TreeNode[] | undefined;
  return isObject
    ? {
        type: 'object',
        span,
        get properties() {
          return (properties ??= readProperties(scanned, span));
        },
      }
    : {
        type: 'array',
        span,
        get items() {
          return (items ??= readItems(scanned, span));
        },
      };
}

function readProperties(scanned: Scanned, span: Span): PropertyNode[] {
  const text = scanned.text;
  const properties: PropertyNode[] = [];
  readMembers(scanned, span, CLOSE_BRACE, (pos) => {
    const keyEnd = stringEnd(text, pos);
    if (keyEnd < 0) notStrict();
    const colon = skipTrivia(text, keyEnd);
    if (colon < 0 || text.charCodeAt(colon) !== COLON) notStrict();
    const value = memberAt(scanned, skipTrivia(text, colon + 1));
    const end = value.span.offset + value.span.length;
    const key = JSON.parse(text.slice(pos, keyEnd)) as string;
    properties.push({ key, keySpan: { offset: pos, length: keyEnd - pos }, value, span: { offset: pos, length: end - pos } });
    return end;
  });
  return properties;
}

function readItems(scanned: Scanned, span: Span): TreeNode[] {
  const items: TreeNode[] = [];
  readMembers(scanned, span, CLOSE_BRACKET, (pos) => {
    const item = memberAt(scanned, pos);
    items.push(item);
    return item.span.offset + item.span.length;
  });
  return items;
}

/** Reads a container's members in order: `readOne` reads the member at a position and returns its end. */
function readMembers(scanned: Scanned, span: Span, closer: number, readOne: (at: number) => number): void {
  const text = scanned.text;
  let pos = skipTrivia(text, span.offset + 1);
  while (pos >= 0 && text.charCodeAt(pos) !== closer) pos = afterMember(text, readOne(pos));
  if (pos < 0) notStrict();
}

/** After a member: the start of the next one, or the closer (a trailing comma is allowed). */
function afterMember(text: string, end: number): number {
  const pos = skipTrivia(text, end);
  return pos >= 0 && text.charCodeAt(pos) === COMMA ? skipTrivia(text, pos + 1) : pos;
}


const isDigit = (c: number) => c >= ZERO && c <= NINE;
const isHex = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const skipTrivia = skipJsonTrivia;

/** The end of the string whose quote is at `at`, or -1 (unterminated, a raw control character, a bad escape). */
function stringEnd(text: string, at: number): number {
  if (text.charCodeAt(at) !== DOUBLE_QUOTE) return -1;
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === DOUBLE_QUOTE) return i + 1;
    if (c < 0x20) return -1;
    if (c !== BACKSLASH) continue;
    const e = text.charCodeAt(++i);
    if (e === 117) {
      for (let k = 1; k <= 4; k++) if (!isHex(text.charCodeAt(i + k))) return -1;
      i += 4;
    } else if (!'"\\/bfnrt'.includes(String.fromCharCode(e))) {
      return -1;
    }
  }
  return -1;
}


/** The end of the scalar at `at` (string, number, true, false, null), or -1. */
function scalarEnd(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c === DOUBLE_QUOTE) return stringEnd(text, at);
  if (c === MINUS || isDigit(c)) return jsonNumberEnd(text, at);
  const word = c === LOWER_T ? 'true' : c === LOWER_F ? 'false' : c === LOWER_N ? 'null' : undefined;
  return word !== undefined && text.startsWith(word, at) ? at + word.length : -1;
}

/**
 * The end of the value that starts at `at`, or -1 when it is not strict. One pass with a stack of the open
 * containers: no recursion, so any depth is read. Given `ends`, the end of every container less than
 * `remember` levels deep is put there, by its start; a value starting at a position in `skip` is taken to
 * end where `skip` says.
 */
function valueEnd(text: string, at: number, ends: Map<number, number> | undefined, remember: number, skip?: ReadonlyMap<number, number>): number {
  // The open containers: 1 for an object, 0 for an array; their starts while less than REMEMBERED_DEPTH deep.
  let kinds = new Uint8Array(64);
  let depth = 0;
  const starts: number[] = [];
  let pos = at;
  for (;;) {
    // A value starts at `pos`.
    const start = pos;
    const c = text.charCodeAt(pos);
    const known = skip?.get(pos);
    if (known !== undefined) {
      pos = known;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      const isObject = c === OPEN_BRACE;
      pos = nextToken(text, pos + 1);
      if (pos < 0) return -1;
      if (text.charCodeAt(pos) === (isObject ? CLOSE_BRACE : CLOSE_BRACKET)) {
        pos++;
      } else {
        if (depth === kinds.length) {
          const grown = new Uint8Array(depth * 2);
          grown.set(kinds);
          kinds = grown;
        }
        if (ends && depth < remember) starts.push(start);
        kinds[depth++] = isObject ? 1 : 0;
        if (isObject) pos = afterKey(text, pos);
        if (pos < 0) return -1;
        continue;
      }
    } else {
      pos = scalarEnd(text, pos);
      if (pos < 0) return -1;
    }
    // A value is complete: separators and closers until the next value starts.
    for (;;) {
      if (depth === 0) return pos;
      const isObject = kinds[depth - 1] === 1;
      const closer = isObject ? CLOSE_BRACE : CLOSE_BRACKET;
      pos = nextToken(text, pos);
      if (pos < 0) return -1;
      let d = text.charCodeAt(pos);
      if (d === COMMA) {
        pos = nextToken(text, pos + 1);
        if (pos < 0) return -1;
        d = text.charCodeAt(pos);
        if (d !== closer) {
          if (isObject) pos = afterKey(text, pos);
          if (pos < 0) return -1;
          break;
        }
      }
      if (d !== closer) return -1;
      pos++;
      depth--;
      if (ends && depth < remember) ends.set(starts.pop()!, pos);
    }
  }
}

/** `skipTrivia`, with the common case (a token right there) decided without a call. */
function nextToken(text: string, at: number): number {
  const c = text.charCodeAt(at);
  return c > SPACE && c !== SLASH ? at : skipTrivia(text, at);
}

/** After `"key" :` at `at`: where its value starts, or -1. */
function afterKey(text: string, at: number): number {
  const keyEnd = stringEnd(text, at);
  if (keyEnd < 0) return -1;
  const colon = nextToken(text, keyEnd);
  if (colon < 0 || text.charCodeAt(colon) !== COLON) return -1;
  return nextToken(text, colon + 1);
}
