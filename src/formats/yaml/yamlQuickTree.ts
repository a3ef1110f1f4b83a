import { CST } from 'yaml';
import type { ArrayNode, ObjectNode, PropertyNode, ScalarNode, ScalarValue, Span, TreeNode } from '../../policy/tree';
import { BACKSLASH, BANG, CLOSE_CURLY, CLOSE_SQUARE, COLON, COMMA, DASH, DOUBLE_QUOTE, GREATER, HASH, NEWLINE, OPEN_CURLY, OPEN_SQUARE, PIPE, RETURN, SINGLE_QUOTE, SPACE } from '../charCodes';

/**
 * A reader for the YAML that CloudFormation templates are written in, straight from the characters to the
 * neutral tree: block mappings and sequences, flow collections, plain and quoted scalars, comments and the
 * intrinsics' short tags. It builds the very tree the `yaml` package's document reading gives
 * (src/formats/yaml/yamlTree.ts: same values, same spans, to the character) in a fraction of its time, since
 * it makes no document model, CST or token stream on the way (the `yaml` package's parse took 1.3–2.2 s per
 * MiB here, its CST parser alone half of that).
 *
 * It reads only what it can read exactly. On anything else (anchors and aliases, other tags, plain and quoted
 * scalars over several lines, tabs, carriage returns, several documents, explicit keys, syntax errors, a comment
 * where the `yaml` package's placement of it would change a span) it answers `undefined` and the caller reads
 * the text the full way. test/unit/yaml-quick-tree.test.ts holds it to the full reading on every YAML fixture
 * and on generated and mutated templates.
 */
export function quickYamlTree(text: string): TreeNode | undefined {
  try {
    return new QuickReader(text).document();
  } catch {
    // Declined (or a shape this reader does not know): the full reading decides.
    return undefined;
  }
}

/**
 * The entry of a block mapping at column `indent` whose key starts at `at`, read from `text` as the whole
 * reading reads it when an entry comes before it (`crlf`: the text has `\r\n` line ends), and where the next
 * line with content starts; undefined where the reader declines. For yamlEditedTree.ts, which holds the rest.
 */
export function quickYamlEntry(text: string, at: number, indent: number, crlf: boolean): { readonly property: PropertyNode; readonly next: number } | undefined {
  try {
    return new QuickReader(text).laterEntry(at, indent, crlf);
  } catch {
    return undefined;
  }
}

class Declined extends Error {}

function decline(): never {
  throw new Declined();
}

/** A line break: `\n`, or the `\r` of `\r\n` (a `\r` alone is declined, see `document`). */
function isBreak(code: number): boolean {
  return code === NEWLINE || code === RETURN;
}

/** CloudFormation's short-form intrinsics (src/formats/yaml/yamlTags.ts gives the same list to the `yaml` package). */
const INTRINSIC_NAMES: ReadonlyMap<string, string> = new Map(
  ['And', 'Base64', 'Cidr', 'Condition', 'Equals', 'FindInMap', 'GetAtt', 'GetAZs', 'If', 'ImportValue', 'Join', 'Length', 'Not', 'Or', 'Ref', 'Select', 'Split', 'Sub', 'ToJsonString', 'Transform'].map(
    (name) => ['!' + name, name === 'Ref' || name === 'Condition' ? name : 'Fn::' + name],
  ),
);

/** A node read, with where the `yaml` package's range of it ends (`range[2]`: a scalar's comment on its line included). */
interface Read {
  readonly node: TreeNode;
  readonly outer: number;
}

class QuickReader {
  private readonly length: number;
  /** The text has `\r\n` line ends. */
  private crlf = false;
  /** The deepest comment line of the blank and comment lines skipped last (between two lines of content), or -1. */
  private runMaxCommentIndent = -1;

  constructor(private readonly text: string) {
    this.length = text.length;
  }

  document(): TreeNode {
    const text = this.text;
    if (text.indexOf('\t') >= 0 || text.charCodeAt(0) === 0xfeff) decline();
    this.crlf = text.indexOf('\r') >= 0;
    for (let at = text.indexOf('\r'); at >= 0; at = text.indexOf('\r', at + 1)) if (text.charCodeAt(at + 1) !== NEWLINE) decline();
    let line = this.skipRun(0);
    if (text.startsWith('---', line) && this.isBlankOrEnd(line + 3)) {
      line = this.skipRun(this.endOfLine(this.skipSpaces(line + 3)).next);
    }
    if (line >= this.length) decline();
    const indent = this.indentAt(line);
    const start = line + indent;
    if (!this.startsImplicitKey(start)) decline();
    const root = this.blockMap(start, indent);
    if (this.runEnd < this.length) decline();
    return root.node;
  }

  // ---- lines

  /** Where the line after the last run of blank and comment lines starts (the last `skipRun`). */
  private runEnd = 0;

  /** Skips blank lines and comment lines from a line start; returns the start of the next line with content (or the end). */
  private skipRun(from: number): number {
    const text = this.text;
    this.runMaxCommentIndent = -1;
    let line = from;
    while (line < this.length) {
      const indent = this.indentAt(line);
      const first = line + indent;
      const code = text.charCodeAt(first);
      if (first >= this.length) {
        line = this.length;
        break;
      }
      if (isBreak(code)) {
        line = this.lineEnd(first) + 1;
        continue;
      }
      if (code !== HASH) break;
      if (indent > this.runMaxCommentIndent) this.runMaxCommentIndent = indent;
      line = this.lineEnd(first) + 1;
    }
    if (line > this.length) line = this.length;
    this.runEnd = line;
    return line;
  }

  private indentAt(line: number): number {
    const text = this.text;
    let i = line;
    while (text.charCodeAt(i) === SPACE) i++;
    return i - line;
  }

  private lineEnd(from: number): number {
    const end = this.text.indexOf('\n', from);
    return end < 0 ? this.length : end;
  }

  private skipSpaces(from: number): number {
    const text = this.text;
    let i = from;
    while (text.charCodeAt(i) === SPACE) i++;
    return i;
  }

  private isBlankOrEnd(at: number): boolean {
    const code = this.text.charCodeAt(at);
    return at >= this.length || code === SPACE || isBreak(code);
  }

  /**
   * At `at` (after a value and the spaces after it): nothing more on the line but a comment. Returns where the
   * next line starts and where the comment ends (or -1).
   */
  private endOfLine(at: number): { readonly next: number; readonly commentEnd: number } {
    const text = this.text;
    if (at >= this.length) return { next: this.length, commentEnd: -1 };
    const code = text.charCodeAt(at);
    if (isBreak(code)) return { next: this.lineEnd(at) + 1, commentEnd: -1 };
    if (code === HASH && text.charCodeAt(at - 1) === SPACE) {
      const end = this.lineEnd(at);
      return { next: Math.min(end + 1, this.length), commentEnd: end };
    }
    return decline();
  }

  /** The run just skipped holds a comment line. */
  private get runHasComment(): boolean {
    return this.runMaxCommentIndent >= 0;
  }

  /**
   * Where a block collection that ends before the run just skipped ends (`yaml`'s `range[1]`), its last entry's
   * range ending at `lastOuter`. The `yaml` package gives comment lines after a collection's last entry to
   * that entry or to collections around it, by rules of its own that turn on each line's indentation; comments
   * no deeper than the line after them belong to that line and change no range. Deeper ones are left to it.
   */
  private endBeforeRun(lastOuter: number): number {
    if (this.runMaxCommentIndent >= 0) {
      const next = this.runEnd < this.length ? this.indentAt(this.runEnd) : 0;
      if (this.runMaxCommentIndent > next) decline();
    }
    return lastOuter;
  }

  // ---- block collections

  /** A block mapping whose first key starts at `start`, at column `indent`. The reader then stands at the next line with content. */
  private blockMap(start: number, indent: number): Read {
    const properties: PropertyNode[] = [];
    let at = start;
    let lastOuter = start;
    for (;;) {
      const entry = this.mapEntry(at, indent);
      properties.push(entry.property);
      lastOuter = entry.outer;
      const next = this.nextEntry(indent);
      if (next < 0) break;
      if (this.isSequenceEntry(next)) decline();
      at = next;
    }
    const end = this.endBeforeRun(lastOuter);
    const object: ObjectNode = { type: 'object', span: this.spanTo(start, end), properties };
    return { node: object, outer: end };
  }

  /**
   * One entry of a block mapping at column `indent`, its key at `at`: the key, and its value inline or on the
   * lines below. The reader then stands at the next line with content (`runEnd`).
   */
  mapEntry(at: number, indent: number): { readonly property: PropertyNode; readonly outer: number } {
    const key = this.implicitKey(at);
    const afterColon = this.skipSpaces(key.colon + 1);
    let value: Read;
    const code = this.text.charCodeAt(afterColon);
    if (afterColon >= this.length || isBreak(code) || code === HASH) {
      value = this.valueBelow(afterColon, indent, true);
    } else {
      value = this.inlineValue(afterColon, indent);
    }
    const keySpan = key.span;
    const property: PropertyNode = { key: key.name, keySpan, value: value.node, span: { offset: keySpan.offset, length: value.node.span.offset + value.node.span.length - keySpan.offset } };
    return { property, outer: value.outer };
  }

  /**
   * A later entry of a block mapping, read alone (yamlEditedTree.ts): as `blockMap` reads an entry after the
   * first, with the text's line ends as `document` finds them (`crlf`). Returns the entry and where the next
   * line with content starts.
   */
  laterEntry(at: number, indent: number, crlf: boolean): { readonly property: PropertyNode; readonly next: number } {
    this.crlf = crlf;
    if (this.isSequenceEntry(at)) decline();
    const { property } = this.mapEntry(at, indent);
    return { property, next: this.runEnd };
  }

  /** A block sequence whose first `-` is at `start`, at column `indent`. */
  private blockSequence(start: number, indent: number, underKeyAtSameColumn: boolean): Read {
    const items: TreeNode[] = [];
    let at = start;
    let lastOuter = start;
    for (;;) {
      const afterDash = this.skipSpaces(at + 1);
      const code = this.text.charCodeAt(afterDash);
      let item: Read;
      if (afterDash >= this.length || isBreak(code) || code === HASH) {
        item = this.valueBelow(afterDash, indent, false);
      } else if (afterDash === at + 1) {
        return decline();
      } else if (this.isSequenceEntry(afterDash)) {
        return decline();
      } else if (this.startsImplicitKey(afterDash)) {
        const column = afterDash - this.lineStartOf(afterDash);
        item = this.blockMap(afterDash, column);
      } else {
        item = this.inlineValue(afterDash, indent);
      }
      items.push(item.node);
      lastOuter = item.outer;
      const next = this.nextEntry(indent);
      if (next < 0) break;
      if (!this.isSequenceEntry(next)) {
        if (underKeyAtSameColumn) break;
        decline();
      }
      at = next;
    }
    // Where the `yaml` package puts comments after a sequence written at its key's column is not settled here.
    if (underKeyAtSameColumn && this.runHasComment) decline();
    const end = this.endBeforeRun(lastOuter);
    const array: ArrayNode = { type: 'array', span: this.spanTo(start, end), items };
    return { node: array, outer: end };
  }

  /**
   * The value of `key:` or `-` with nothing after it on the line (`at`: after the spaces): a block collection
   * on the lines below, or an empty value.
   */
  private valueBelow(at: number, indent: number, ofKey: boolean): Read {
    const { next, commentEnd } = this.endOfLine(at);
    const line = this.skipRun(next);
    if (line < this.length) {
      const lineIndent = this.indentAt(line);
      const first = line + lineIndent;
      if (lineIndent > indent || (ofKey && lineIndent === indent && this.isSequenceEntry(first))) {
        return this.blockCollection(first, lineIndent, ofKey && lineIndent === indent);
      }
    }
    // Where the `yaml` package puts comment lines after an empty value is not settled here.
    if (this.runHasComment) decline();
    const empty: ScalarNode = { type: 'scalar', value: null, raw: '', span: { offset: at, length: 0 } };
    return { node: empty, outer: commentEnd >= 0 ? commentEnd : at };
  }

  private blockCollection(first: number, indent: number, underKeyAtSameColumn: boolean): Read {
    if (this.isSequenceEntry(first)) return this.blockSequence(first, indent, underKeyAtSameColumn);
    if (this.startsImplicitKey(first)) return this.blockMap(first, indent);
    return decline();
  }

  /**
   * After an entry of a block collection at column `indent`: where the next line's content starts when it is at
   * that column, or -1 when the collection ends there (a shallower line, or the end of the text).
   */
  private nextEntry(indent: number): number {
    const line = this.runEnd;
    if (line >= this.length) return -1;
    const lineIndent = this.indentAt(line);
    if (lineIndent < indent) return -1;
    // Deeper: a scalar going on over lines, or an indentation error.
    if (lineIndent > indent) decline();
    return line + lineIndent;
  }

  private isSequenceEntry(at: number): boolean {
    return this.text.charCodeAt(at) === DASH && this.isBlankOrEnd(at + 1);
  }

  private lineStartOf(at: number): number {
    return this.text.lastIndexOf('\n', at - 1) + 1;
  }

  /** A node's span from `start` to `end` less trailing white space, as src/formats/yaml/yamlSpan.ts trims ranges. */
  private spanTo(start: number, end: number): Span {
    const text = this.text;
    let last = end;
    while (last > start && /\s/.test(text[last - 1]!)) last--;
    return { offset: start, length: last - start };
  }

  // ---- keys and values on one line

  /** Whether the line from `at` is `key: …` (the key plain or quoted, on this line). */
  private startsImplicitKey(at: number): boolean {
    const text = this.text;
    const code = text.charCodeAt(at);
    if (code === SINGLE_QUOTE || code === DOUBLE_QUOTE) {
      const close = this.quotedEnd(at);
      if (close < 0) return false;
      return text.charCodeAt(this.skipSpaces(close)) === COLON;
    }
    if (!this.startsPlain(at, false)) return false;
    const end = this.lineEnd(at);
    for (let i = at + 1; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === COLON && this.isBlankOrEnd(i + 1)) return true;
      if (c === HASH && text.charCodeAt(i - 1) === SPACE) return false;
    }
    return false;
  }

  /** The implicit key at `at`: its name, span and the `:` after it. */
  private implicitKey(at: number): { readonly name: string; readonly span: Span; readonly colon: number } {
    const text = this.text;
    const code = text.charCodeAt(at);
    let name: string;
    let end: number;
    if (code === SINGLE_QUOTE || code === DOUBLE_QUOTE) {
      end = this.quotedEnd(at);
      if (end < 0) decline();
      name = this.quotedValue(at, end);
    } else {
      if (!this.startsPlain(at, false)) decline();
      const lineEnd = this.lineEnd(at);
      end = -1;
      for (let i = at + 1; i < lineEnd; i++) {
        const c = text.charCodeAt(i);
        if (c === COLON && this.isBlankOrEnd(i + 1)) {
          end = i;
          break;
        }
        if (c === HASH && text.charCodeAt(i - 1) === SPACE) decline();
      }
      if (end < 0) decline();
      while (text.charCodeAt(end - 1) === SPACE || text.charCodeAt(end - 1) === RETURN) end--;
      name = String(plainValue(text.slice(at, end)));
    }
    const colon = this.skipSpaces(end);
    if (text.charCodeAt(colon) !== COLON || !this.isBlankOrEnd(colon + 1)) decline();
    // The `yaml` package refuses implicit keys over 1024 characters.
    if (end - at > 1000) decline();
    return { name, span: this.spanTo(at, end), colon };
  }

  /**
   * A value after `key: ` or `- ` on the same line, in a block collection at column `indent`. The reader then
   * stands at the next line with content.
   */
  private inlineValue(at: number, indent: number): Read {
    const text = this.text;
    if (text.charCodeAt(at) === BANG) {
      const tagEnd = this.tagEnd(at);
      const name = INTRINSIC_NAMES.get(text.slice(at, tagEnd));
      if (name === undefined || !this.isBlankOrEnd(tagEnd)) decline();
      const valueStart = this.skipSpaces(tagEnd);
      const code = text.charCodeAt(valueStart);
      let value: Read;
      if (valueStart >= this.length || isBreak(code) || code === HASH) {
        const { next } = this.endOfLine(valueStart);
        const line = this.skipRun(next);
        const lineIndent = line < this.length ? this.indentAt(line) : -1;
        if (lineIndent <= indent) decline();
        value = this.blockCollection(line + lineIndent, lineIndent, false);
      } else {
        value = this.untaggedInline(valueStart, indent, true);
      }
      return { node: tagged(name, at, tagEnd, value.node), outer: value.outer };
    }
    return this.untaggedInline(at, indent, false);
  }

  /** `tagged`: after an intrinsic's tag, whose plain scalar is a string whatever it looks like (`!Ref 1`). */
  private untaggedInline(at: number, indent: number, tagged: boolean): Read {
    const text = this.text;
    const code = text.charCodeAt(at);
    let node: TreeNode;
    let end: number;
    if (code === OPEN_SQUARE || code === OPEN_CURLY) {
      const flow = new FlowReader(this, text, indent);
      node = flow.collection(at);
      end = flow.position;
    } else if (code === SINGLE_QUOTE || code === DOUBLE_QUOTE) {
      end = this.quotedEnd(at);
      if (end < 0) decline();
      node = { type: 'scalar', value: this.quotedValue(at, end), raw: text.slice(at, end), span: { offset: at, length: end - at } };
    } else if (code === PIPE || code === GREATER) {
      return this.blockScalar(at, indent);
    } else {
      if (!this.startsPlain(at, false)) decline();
      const lineEnd = this.lineEnd(at);
      end = lineEnd;
      for (let i = at + 1; i < lineEnd; i++) {
        const c = text.charCodeAt(i);
        if (c === COLON && this.isBlankOrEnd(i + 1)) decline();
        if (c === HASH && text.charCodeAt(i - 1) === SPACE) {
          end = i;
          break;
        }
      }
      while (text.charCodeAt(end - 1) === SPACE || text.charCodeAt(end - 1) === RETURN) end--;
      node = plainScalar(text, at, end, this.spanTo(at, end), tagged);
    }
    const { next, commentEnd } = this.endOfLine(this.skipSpaces(end));
    this.skipRun(next);
    return { node, outer: commentEnd >= 0 ? commentEnd : end };
  }

  /**
   * A block scalar (`|`, `>`, with `-` or `+`) whose header is at `at`, in a block collection at column `indent`.
   * Its lines are found here; its value is the `yaml` package's own reading of them (CST.resolveAsScalar), so
   * folding and chomping mean exactly what they mean there. An indentation indicator, a comment after the
   * header, blank lines before the first line of text or `\r\n` line ends are left to the full reading.
   */
  private blockScalar(at: number, indent: number): Read {
    const text = this.text;
    if (this.crlf) decline();
    let headerEnd = at + 1;
    const chomp = text.charCodeAt(headerEnd);
    if (chomp === DASH || chomp === 0x2b /* + */) headerEnd++;
    if (text.charCodeAt(headerEnd) !== NEWLINE) decline();
    const bodyStart = headerEnd + 1;
    const contentIndent = this.indentAt(bodyStart);
    if (contentIndent <= indent || bodyStart + contentIndent >= this.length || isBreak(text.charCodeAt(bodyStart + contentIndent))) decline();
    let line = bodyStart;
    let lastContentEnd = bodyStart;
    while (line < this.length) {
      const first = line + this.indentAt(line);
      if (first >= this.length) {
        line = this.length;
        break;
      }
      const end = this.lineEnd(first);
      if (text.charCodeAt(first) !== NEWLINE) {
        if (first - line < contentIndent) break;
        lastContentEnd = end;
      }
      line = Math.min(end + 1, this.length);
    }
    const source = text.slice(bodyStart, line);
    let failed = false;
    const token = {
      type: 'block-scalar' as const,
      offset: at,
      indent,
      props: [
        { type: 'block-scalar-header' as const, offset: at, indent, source: text.slice(at, headerEnd) },
        { type: 'newline' as const, offset: headerEnd, indent, source: '\n' },
      ],
      source,
    };
    const resolved = CST.resolveAsScalar(token, false, () => {
      failed = true;
    });
    if (failed || !resolved || typeof resolved.value !== 'string') decline();
    const span = this.spanTo(at, lastContentEnd);
    const node: ScalarNode = { type: 'scalar', value: resolved.value, raw: text.slice(span.offset, span.offset + span.length), span };
    this.skipRun(line);
    return { node, outer: lastContentEnd };
  }

  /** Where a tag (`!Ref`) ends. */
  tagEnd(at: number): number {
    const text = this.text;
    let i = at + 1;
    for (;;) {
      const c = text.charCodeAt(i);
      if (i >= this.length || c === SPACE || isBreak(c) || c === COMMA || c === OPEN_SQUARE || c === CLOSE_SQUARE || c === OPEN_CURLY || c === CLOSE_CURLY) return i;
      i++;
    }
  }

  /**
   * Whether a plain scalar may start at `at`: not with an indicator, nor with `-`, `?` or `:` before a blank
   * (or, in a flow collection, before a flow indicator).
   */
  startsPlain(at: number, inFlow: boolean): boolean {
    const text = this.text;
    if (at >= this.length) return false;
    const code = text.charCodeAt(at);
    switch (code) {
      case NEWLINE:
      case RETURN:
      case SPACE:
      case HASH:
      case BANG:
      case 0x26: // &
      case 0x2a: // *
      case 0x7c: // |
      case 0x3e: // >
      case SINGLE_QUOTE:
      case DOUBLE_QUOTE:
      case 0x25: // %
      case 0x40: // @
      case 0x60: // `
      case COMMA:
      case OPEN_SQUARE:
      case CLOSE_SQUARE:
      case OPEN_CURLY:
      case CLOSE_CURLY:
        return false;
      case DASH:
      case 0x3f: // ?
      case COLON: {
        const next = text.charCodeAt(at + 1);
        if (this.isBlankOrEnd(at + 1)) return false;
        return !(inFlow && (next === COMMA || next === OPEN_SQUARE || next === CLOSE_SQUARE || next === OPEN_CURLY || next === CLOSE_CURLY));
      }
      default:
        return true;
    }
  }

  /** Past the closing quote of a quoted scalar on one line, or -1. */
  quotedEnd(at: number): number {
    const text = this.text;
    const quote = text.charCodeAt(at);
    for (let i = at + 1; i < this.length; i++) {
      const c = text.charCodeAt(i);
      if (isBreak(c)) return -1;
      if (quote === DOUBLE_QUOTE && c === BACKSLASH) {
        i++;
        if (isBreak(text.charCodeAt(i))) return -1;
        continue;
      }
      if (c === quote) {
        if (quote === SINGLE_QUOTE && text.charCodeAt(i + 1) === SINGLE_QUOTE) {
          i++;
          continue;
        }
        return i + 1;
      }
    }
    return -1;
  }

  quotedValue(at: number, end: number): string {
    const text = this.text;
    const inner = text.slice(at + 1, end - 1);
    if (text.charCodeAt(at) === SINGLE_QUOTE) return inner.indexOf("'") >= 0 ? inner.replace(/''/g, "'") : inner;
    if (inner.indexOf('\\') < 0) return inner;
    // Escapes are read by the `yaml` package's own scalar reader, so every one of them means what it means there.
    let failed = false;
    const resolved = CST.resolveAsScalar({ type: 'double-quoted-scalar', offset: at, indent: 0, source: text.slice(at, end) }, false, () => {
      failed = true;
    });
    if (failed || !resolved || typeof resolved.value !== 'string') decline();
    return resolved.value;
  }
}

/** A flow collection (`[…]`, `{…}`), possibly over several lines, in a block collection at column `indent`. */
class FlowReader {
  position = 0;

  constructor(
    private readonly reader: QuickReader,
    private readonly text: string,
    private readonly indent: number,
  ) {}

  collection(at: number): TreeNode {
    const text = this.text;
    const open = text.charCodeAt(at);
    const close = open === OPEN_SQUARE ? CLOSE_SQUARE : CLOSE_CURLY;
    let i = this.skipBlank(at + 1);
    const items: TreeNode[] = [];
    const properties: PropertyNode[] = [];
    if (text.charCodeAt(i) !== close) {
      for (;;) {
        if (open === OPEN_CURLY) {
          const keyStart = i;
          const key = this.scalar(i, true);
          if (key.type !== 'scalar') decline();
          i = this.skipBlank(this.position);
          if (text.charCodeAt(i) !== COLON) decline();
          const afterColon = text.charCodeAt(i + 1);
          if (afterColon !== SPACE && !isBreak(afterColon)) decline();
          i = this.skipBlank(i + 1);
          const value = this.value(i);
          const keySpan = key.span;
          properties.push({ key: String(key.value), keySpan, value, span: { offset: keyStart, length: value.span.offset + value.span.length - keyStart } });
        } else {
          const value = this.value(i);
          if (text.charCodeAt(this.skipBlank(this.position)) === COLON) decline();
          items.push(value);
        }
        i = this.skipBlank(this.position);
        const code = text.charCodeAt(i);
        if (code === close) break;
        if (code !== COMMA) decline();
        i = this.skipBlank(i + 1);
        // A trailing comma or an empty entry: left to the full reading.
        if (text.charCodeAt(i) === close || text.charCodeAt(i) === COMMA) decline();
      }
    }
    this.position = i + 1;
    const span = { offset: at, length: i + 1 - at };
    return open === OPEN_SQUARE ? { type: 'array', span, items } : { type: 'object', span, properties };
  }

  private value(at: number): TreeNode {
    const text = this.text;
    if (text.charCodeAt(at) === BANG) {
      const tagEnd = this.reader.tagEnd(at);
      const name = INTRINSIC_NAMES.get(text.slice(at, tagEnd));
      if (name === undefined || text.charCodeAt(tagEnd) !== SPACE) decline();
      const valueStart = this.skipBlank(tagEnd);
      return tagged(name, at, tagEnd, this.untagged(valueStart, true));
    }
    return this.untagged(at, false);
  }

  private untagged(at: number, isTagged: boolean): TreeNode {
    const code = this.text.charCodeAt(at);
    if (code === OPEN_SQUARE || code === OPEN_CURLY) return this.collection(at);
    return this.scalar(at, false, isTagged);
  }

  /** A quoted or plain scalar in a flow collection; `key`: before a `:`. */
  private scalar(at: number, key: boolean, isTagged = false): TreeNode {
    const text = this.text;
    const code = text.charCodeAt(at);
    if (code === SINGLE_QUOTE || code === DOUBLE_QUOTE) {
      const end = this.reader.quotedEnd(at);
      if (end < 0) decline();
      this.position = end;
      return { type: 'scalar', value: this.reader.quotedValue(at, end), raw: text.slice(at, end), span: { offset: at, length: end - at } };
    }
    if (!this.reader.startsPlain(at, true)) decline();
    let i = at + 1;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === COMMA || c === CLOSE_SQUARE || c === CLOSE_CURLY || isBreak(c)) break;
      if (c === OPEN_SQUARE || c === OPEN_CURLY) decline();
      if (c === COLON) {
        const next = text.charCodeAt(i + 1);
        if (next === SPACE || isBreak(next) || next === COMMA || next === CLOSE_SQUARE || next === CLOSE_CURLY || next === OPEN_SQUARE || next === OPEN_CURLY) break;
      }
      if (c === HASH && text.charCodeAt(i - 1) === SPACE) decline();
    }
    let end = i;
    while (text.charCodeAt(end - 1) === SPACE || text.charCodeAt(end - 1) === RETURN) end--;
    if (isBreak(text.charCodeAt(i))) {
      // A plain scalar going on past the line's end is read the full way.
      const after = this.skipBlank(i);
      const next = text.charCodeAt(after);
      if (next !== COMMA && next !== CLOSE_SQUARE && next !== CLOSE_CURLY && !(key && next === COLON)) decline();
    }
    if (!key && text.charCodeAt(i) === COLON) decline();
    this.position = end;
    return plainScalar(text, at, end, { offset: at, length: end - at }, isTagged);
  }

  /** Past spaces and line breaks; a line inside the collection must be indented deeper than its block. */
  private skipBlank(from: number): number {
    const text = this.text;
    let i = from;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === SPACE) {
        i++;
      } else if (c === RETURN) {
        i++;
      } else if (c === NEWLINE) {
        i++;
        let spaces = 0;
        while (text.charCodeAt(i) === SPACE) {
          i++;
          spaces++;
        }
        if (spaces <= this.indent) decline();
      } else if (c === HASH) {
        return decline();
      } else {
        return i;
      }
    }
  }
}

/** A short-form intrinsic as yamlTree.ts reads it: `!Sub x` is `{"Fn::Sub": x}`, spanning from the tag. */
function tagged(name: string, tagStart: number, tagEnd: number, value: TreeNode): ObjectNode {
  const span = { offset: tagStart, length: value.span.offset + value.span.length - tagStart };
  return { type: 'object', span, properties: [{ key: name, keySpan: { offset: tagStart, length: tagEnd - tagStart }, value, span }] };
}

function plainScalar(text: string, start: number, end: number, span: Span, isTagged: boolean): ScalarNode {
  const source = text.slice(start, end);
  // The intrinsics' tags resolve their scalars as strings (yamlTags.ts).
  const value = isTagged ? source : plainValue(source);
  const raw = span.length === source.length ? source : text.slice(span.offset, span.offset + span.length);
  return { type: 'scalar', value: typeof value === 'number' && !Number.isFinite(value) ? raw : value, raw, span };
}

/** A plain scalar's value under the YAML 1.2 core schema, as the `yaml` package resolves it (null, booleans, numbers). */
export function plainValue(source: string): ScalarValue {
  const first = source.charCodeAt(0);
  // Only these can start a null, a boolean or a number: every other plain scalar is a string, tested no further.
  const digit = first >= 0x30 && first <= 0x39;
  if (!digit && first !== 0x2e && first !== 0x2b && first !== DASH && first !== 0x7e && first !== 0x6e && first !== 0x4e && first !== 0x74 && first !== 0x54 && first !== 0x66 && first !== 0x46) return source;
  if (/^(?:~|[Nn]ull|NULL)?$/.test(source)) return null;
  if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(source)) return first === 0x74 || first === 0x54;
  if (/^0o[0-7]+$/.test(source)) return parseInt(source.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(source)) return parseInt(source, 10);
  if (/^0x[0-9a-fA-F]+$/.test(source)) return parseInt(source.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(source)) return source.slice(-3).toLowerCase() === 'nan' ? NaN : source[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(source) || /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(source)) return parseFloat(source);
  return source;
}
