import { detachedCopy } from '../../policy/detached';
import type { PolicyValue } from '../../policy/model';
import type { ArrayNode, ObjectNode, PropertyNode, ScalarNode, ScalarValue, Span, TreeNode } from '../../policy/tree';

/**
 * A fast reader for JSON that jsonc-parser would read without a single error (comments and trailing commas
 * included, as `parseJson`'s options allow). It builds exactly the tree jsonc-parser's visitor yields for
 * such text, in one pass over character codes with an explicit stack, so it is cheaper than `parseTree` and
 * reads nesting of any depth. On anything jsonc-parser would report or recover from (a stray character,
 * an unterminated string or comment, a bad escape or number, text after the value) it gives up and returns
 * `NOT_STRICT`, and the caller reads the text with jsonc-parser for its recovery and error messages.
 */

export const NOT_STRICT = Symbol('not strict JSON');

/** Character codes of JSON's syntax (the JSON editor's lazy reader reads the same grammar). */
export const enum Code {
  tab = 9,
  lineFeed = 10,
  carriageReturn = 13,
  space = 32,
  doubleQuote = 34,
  asterisk = 42,
  plus = 43,
  comma = 44,
  minus = 45,
  dot = 46,
  slash = 47,
  zero = 48,
  nine = 57,
  colon = 58,
  upperE = 69,
  openBracket = 91,
  backslash = 92,
  closeBracket = 93,
  lowerE = 101,
  lowerF = 102,
  lowerN = 110,
  lowerT = 116,
  openBrace = 123,
  closeBrace = 125,
}

/** One open object or array; a frame (and its lists) is reused by the next value opened at its depth. */
interface Frame {
  isObject: boolean;
  offset: number;
  properties: PropertyNode[];
  items: TreeNode[];
  key: string;
  keyOffset: number;
  keyLength: number;
}


/**
 * The root value (undefined for text of only whitespace and comments), or NOT_STRICT. `from` and `to` read one
 * value inside a larger text (a statement of a policy read element by element, lintInParts.ts) with offsets
 * into the whole text: the range must hold that value and nothing else.
 */
export function readStrictJson(text: string, from = 0, to = text.length): TreeNode | undefined | typeof NOT_STRICT {
  const length = to;
  let pos = from;
  // Set by readString: the decoded string, or undefined when the string is not strict.
  let stringValue: string | undefined;

  // A comment running past the range's end is not this value's (-1: not strict).
  const skipTrivia = (at: number): number => {
    const after = skipJsonTrivia(text, at);
    return after > length ? -1 : after;
  };

  /** Reads the string whose opening quote is at `at`; returns the position after it and sets `stringValue`. */
  const readString = (at: number): number => {
    let start = at + 1;
    let i = start;
    let result = '';
    for (;;) {
      if (i >= length) {
        stringValue = undefined;
        return i;
      }
      const c = text.charCodeAt(i);
      if (c === Code.doubleQuote) {
        stringValue = result === '' ? text.substring(start, i) : result + text.substring(start, i);
        return i + 1;
      }
      if (c < 0x20) {
        stringValue = undefined;
        return i;
      }
      if (c === Code.backslash) {
        result += text.substring(start, i);
        const e = text.charCodeAt(i + 1);
        i += 2;
        switch (e) {
          case Code.doubleQuote:
            result += '"';
            break;
          case Code.backslash:
            result += '\\';
            break;
          case Code.slash:
            result += '/';
            break;
          case 98:
            result += '\b';
            break;
          case Code.lowerF:
            result += '\f';
            break;
          case Code.lowerN:
            result += '\n';
            break;
          case 114:
            result += '\r';
            break;
          case Code.lowerT:
            result += '\t';
            break;
          case 117: {
            let code = 0;
            for (let k = 0; k < 4; k++) {
              const h = text.charCodeAt(i + k);
              const digit = h >= 48 && h <= 57 ? h - 48 : h >= 65 && h <= 70 ? h - 55 : h >= 97 && h <= 102 ? h - 87 : -1;
              if (digit < 0) {
                stringValue = undefined;
                return i;
              }
              code = code * 16 + digit;
            }
            i += 4;
            result += String.fromCharCode(code);
            break;
          }
          default:
            stringValue = undefined;
            return i;
        }
        start = i;
        continue;
      }
      i++;
    }
  };

  const readNumber = (at: number): number => jsonNumberEnd(text, at);

  /** Whether a keyword ending at `end` stands alone (jsonc-parser reads a run of non-delimiters as one word). */
  const endsWord = (end: number): boolean => {
    if (end >= length) return true;
    switch (text.charCodeAt(end)) {
      case Code.space:
      case Code.tab:
      case Code.lineFeed:
      case Code.carriageReturn:
      case Code.closeBrace:
      case Code.closeBracket:
      case Code.openBrace:
      case Code.openBracket:
      case Code.doubleQuote:
      case Code.colon:
      case Code.comma:
      case Code.slash:
        return true;
      default:
        return false;
    }
  };

  // Frames of the open values, outermost first, and those of closed ones kept for reuse past `depth`.
  const frames: Frame[] = [];
  let depth = 0;
  let frame: Frame | undefined;

  /** Reads `"key" :` at `pos` into the frame; false when it is not there. */
  const readKey = (): boolean => {
    if (text.charCodeAt(pos) !== Code.doubleQuote) return false;
    const keyOffset = pos;
    const known = sharedKeyAt(text, pos, length);
    if (known !== undefined) {
      frame!.key = known;
      pos += known.length + 2;
    } else {
      pos = readString(pos);
      if (stringValue === undefined) return false;
      frame!.key = stringValue;
    }
    frame!.keyOffset = keyOffset;
    frame!.keyLength = pos - keyOffset;
    pos = skipTrivia(pos);
    if (pos < 0 || text.charCodeAt(pos) !== Code.colon) return false;
    pos++;
    return true;
  };

  // A frame's lists are scratch, emptied when the frame is reused and copied into the node when it closes:
  // a new list per object, grown by push and dropped at its close, was a tenth of what a large policy's read
  // allocated.
  const open = (isObject: boolean, offset: number) => {
    const reused = frames[depth];
    if (reused) {
      reused.isObject = isObject;
      reused.offset = offset;
      if (isObject) reused.properties.length = 0;
      else reused.items.length = 0;
      frame = reused;
    } else {
      frame = { isObject, offset, properties: [], items: [], key: '', keyOffset: 0, keyLength: 0 };
      frames.push(frame);
    }
    depth++;
  };

  /** Closes the current frame at its closing character at `pos`; returns the finished node. */
  const close = (): TreeNode => {
    const done = frame!;
    pos++;
    depth--;
    frame = depth > 0 ? frames[depth - 1] : undefined;
    // A list grown by push keeps room for more (16 slots for a statement's four properties): a copy holds
    // just what it has, which takes a quarter off the tree of a policy of many small statements.
    return done.isObject
      ? new StrictObject(done.offset, pos - done.offset, done.properties.slice())
      : new StrictArray(done.offset, pos - done.offset, done.items.slice());
  };

  for (;;) {
    // A value starts here.
    pos = skipTrivia(pos);
    if (pos < 0) return NOT_STRICT;
    if (pos >= length && !frame) return undefined;
    const c = text.charCodeAt(pos);
    let value: TreeNode;
    if (c === Code.openBrace || c === Code.openBracket) {
      const isObject = c === Code.openBrace;
      const offset = pos;
      pos = skipTrivia(pos + 1);
      if (pos < 0) return NOT_STRICT;
      if (text.charCodeAt(pos) === (isObject ? Code.closeBrace : Code.closeBracket)) {
        pos++;
        value = isObject ? new StrictObject(offset, pos - offset, []) : new StrictArray(offset, pos - offset, []);
      } else {
        open(isObject, offset);
        if (isObject && !readKey()) return NOT_STRICT;
        continue;
      }
    } else if (c === Code.doubleQuote) {
      const offset = pos;
      pos = readString(pos);
      if (stringValue === undefined) return NOT_STRICT;
      value = new StrictScalar(offset, pos - offset, stringValue, text);
    } else if (c === Code.minus || isDigit(c)) {
      const offset = pos;
      pos = readNumber(pos);
      if (pos < 0) return NOT_STRICT;
      value = new StrictScalar(offset, pos - offset, Number(text.substring(offset, pos)), text);
    } else {
      const word = c === Code.lowerT ? 'true' : c === Code.lowerF ? 'false' : c === Code.lowerN ? 'null' : undefined;
      if (word === undefined || !text.startsWith(word, pos) || !endsWord(pos + word.length)) return NOT_STRICT;
      const offset = pos;
      pos += word.length;
      const literal = word === 'true' ? true : word === 'false' ? false : null;
      value = new StrictScalar(offset, word.length, literal, text);
    }

    // A value is complete: place it, then read separators and closers until the next value starts.
    for (;;) {
      if (!frame) {
        if (pos === length) return value;
        pos = skipTrivia(pos);
        return pos === length ? value : NOT_STRICT;
      }
      if (frame.isObject) {
        frame.properties.push(new StrictProperty(frame.key, frame.keyOffset, frame.keyLength, value));
      } else {
        frame.items.push(value);
      }
      pos = skipTrivia(pos);
      if (pos < 0) return NOT_STRICT;
      const closer = frame.isObject ? Code.closeBrace : Code.closeBracket;
      let d = text.charCodeAt(pos);
      if (d === Code.comma) {
        pos = skipTrivia(pos + 1);
        if (pos < 0) return NOT_STRICT;
        d = text.charCodeAt(pos);
        // A trailing comma is allowed: the closer may follow.
        if (d !== closer) {
          if (frame.isObject && !readKey()) return NOT_STRICT;
          break;
        }
      }
      if (d !== closer) return NOT_STRICT;
      value = close();
    }
  }
}

/**
 * A node that keeps its offsets as numbers and makes its span object when one is read. Every node of a policy
 * outlives its lint (the result's file holds the tree), so every object in it is copied by the young
 * generation's collector once or twice before it settles; a span object per node and per key was a quarter
 * of what a linted 1 MB policy kept (67,000 of its 116,000 plain objects). Rules read spans only to report
 * and compare a few, and a span made then dies young, which costs the collector nothing. A span is a new
 * object on every read: equal, never the same (spans are compared by offset and length, never by identity).
 * The offsets are private fields: they never show in the node's own properties (a spread, JSON.stringify).
 */
abstract class StrictNode {
  readonly #offset: number;
  readonly #length: number;

  constructor(offset: number, length: number) {
    this.#offset = offset;
    this.#length = length;
  }

  get span(): Span {
    return { offset: this.#offset, length: this.#length };
  }

  /** The node's source in `text`, the text it was read from. */
  protected sourceIn(text: string): string {
    return text.substring(this.#offset, this.#offset + this.#length);
  }
}

/**
 * A scalar whose source text is cut from the file only when asked for: rules read `value`, and `raw` (a
 * number's spelling) rarely, so a substring per value was a fifth of a large policy's tree. The text is a
 * private field, as the offsets are.
 */
class StrictScalar extends StrictNode implements ScalarNode, PolicyValue {
  readonly type = 'scalar';
  readonly #text: string;

  constructor(
    offset: number,
    length: number,
    readonly value: ScalarValue,
    text: string,
  ) {
    super(offset, length);
    this.#text = text;
  }

  get raw(): string {
    return this.sourceIn(this.#text);
  }

  // A string or number is its own value of the model (PolicyValue): the text a rule reads (a number's
  // spelling), itself as the node. A value object per string or number was a tenth of what a linted policy kept.
  get asValue(): PolicyValue | undefined {
    return typeof this.value === 'string' || typeof this.value === 'number' ? this : undefined;
  }

  get text(): string {
    return typeof this.value === 'string' ? this.value : this.raw;
  }

  get node(): TreeNode {
    return this;
  }

  get isToken(): boolean {
    return false;
  }
}

class StrictObject extends StrictNode implements ObjectNode {
  readonly type = 'object';

  constructor(
    offset: number,
    length: number,
    readonly properties: readonly PropertyNode[],
  ) {
    super(offset, length);
  }
}

class StrictArray extends StrictNode implements ArrayNode {
  readonly type = 'array';

  constructor(
    offset: number,
    length: number,
    readonly items: readonly TreeNode[],
  ) {
    super(offset, length);
  }
}

/**
 * A property whose spans (its key's; key to value's end) are made when asked for: rules read them for a few
 * properties of the statements they report on.
 */
class StrictProperty implements PropertyNode {
  readonly #keyOffset: number;
  readonly #keyLength: number;

  constructor(
    readonly key: string,
    keyOffset: number,
    keyLength: number,
    readonly value: TreeNode,
  ) {
    this.#keyOffset = keyOffset;
    this.#keyLength = keyLength;
  }

  get keySpan(): Span {
    return { offset: this.#keyOffset, length: this.#keyLength };
  }

  get span(): Span {
    const offset = this.#keyOffset;
    const valueSpan = this.value.span;
    return { offset, length: valueSpan.offset + valueSpan.length - offset };
  }
}

/**
 * One copy of each key the texts repeat: a policy of 150,000 statements names the same few keys in each
 * (`Effect`, `Principal`, `Action`…), and a copy apiece weighs as much as the statement's own values. The key
 * is looked up by its characters in the text before any string is made, so a known key costs no allocation
 * (a Map lookup needed the substring first: one short-lived string per key, a tenth of a large policy's
 * garbage). A slot holds the last key that hashed to it (a copy, never a view into a text); the table never
 * grows, and long keys are not kept.
 */
const SHARED_KEY_SLOTS = 4_096;
const SHARED_KEY_MAX_LENGTH = 64;
const sharedKeys: (string | undefined)[] = new Array<string | undefined>(SHARED_KEY_SLOTS).fill(undefined);

/**
 * The key whose opening quote is at `at`, when it holds no escape: the shared copy when the table has it,
 * else a new one (kept for next time). Undefined for an escaped, unterminated or control-character key, which
 * `readString` reads or rejects.
 */
function sharedKeyAt(text: string, at: number, end: number): string | undefined {
  const start = at + 1;
  let hash = 0;
  let i = start;
  for (;;) {
    if (i >= end) return undefined;
    const c = text.charCodeAt(i);
    if (c === Code.doubleQuote) break;
    if (c < 0x20 || c === Code.backslash) return undefined;
    hash = (Math.imul(hash, 31) + c) | 0;
    i++;
  }
  const length = i - start;
  if (length > SHARED_KEY_MAX_LENGTH) return text.substring(start, i);
  const slot = (hash ^ (hash >>> 12)) & (SHARED_KEY_SLOTS - 1);
  const known = sharedKeys[slot];
  if (known !== undefined && known.length === length && sameCharacters(text, start, known)) return known;
  const key = detachedCopy(text.substring(start, i));
  sharedKeys[slot] = key;
  return key;
}

function sameCharacters(text: string, at: number, key: string): boolean {
  for (let k = 0; k < key.length; k++) if (text.charCodeAt(at + k) !== key.charCodeAt(k)) return false;
  return true;
}

/** The position after whitespace and comments from `at`, or -1 at an unterminated block comment. */
export function skipJsonTrivia(text: string, from: number): number {
  let at = from;
  for (;;) {
    const c = text.charCodeAt(at);
    if (c === Code.space || c === Code.lineFeed || c === Code.carriageReturn || c === Code.tab) {
      at++;
    } else if (c === Code.slash) {
      const next = text.charCodeAt(at + 1);
      if (next === Code.slash) {
        at += 2;
        while (at < text.length) {
          const d = text.charCodeAt(at);
          if (d === Code.lineFeed || d === Code.carriageReturn) break;
          at++;
        }
      } else if (next === Code.asterisk) {
        const close = text.indexOf('*/', at + 2);
        if (close < 0) return -1;
        at = close + 2;
      } else {
        return at;
      }
    } else {
      return at;
    }
  }
}

const isDigit = (c: number) => c >= Code.zero && c <= Code.nine;

/** The end of the number starting at `at` (a digit or `-`), or -1 when jsonc-parser would object. */
export function jsonNumberEnd(text: string, at: number): number {
  let i = at;
  if (text.charCodeAt(i) === Code.minus) i++;
  const first = text.charCodeAt(i);
  if (!isDigit(first)) return -1;
  i++;
  if (first !== Code.zero) while (isDigit(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) === Code.dot) {
    i++;
    if (!isDigit(text.charCodeAt(i))) return -1;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i);
  if (e === Code.lowerE || e === Code.upperE) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === Code.plus || sign === Code.minus) i++;
    if (!isDigit(text.charCodeAt(i))) return -1;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  return i;
}
