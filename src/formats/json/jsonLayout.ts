import type { ArrayNode, ObjectNode, Span, TreeNode } from '../../policy/tree';
import { hasComment, lineEndOf, lineIndentAt, nextComma, spansLines, startsLine, trailingCommentEnd } from './jsonText';
import type { FormattingPreferences, OffsetEdit } from '../../policy/fixes/types';

/**
 * Where and how the JSON editor writes new text. Only the inserted text is laid out; the document around it
 * keeps every character, so an edit costs what the inserted text costs, whatever the file holds beside it
 * (a value nested thousands deep, a whole policy on one line).
 *
 * The layout follows the container being edited: in a container written over several lines, a new member
 * gets a line of its own at its siblings' indentation and a structured value is spread over lines as
 * `JSON.stringify(value, null, indent)` would; in a container written on one line, the new member stays on
 * that line, written with the container's own spacing. One exception: a small one-line value inside a
 * multi-line statement (`"Action": ["kms:Encrypt", "kms:Decrypt"]`, `"Condition": { "StringEquals": … }`)
 * is opened up, one member a line, as a formatter would lay out the value it grows. Neighbours of the edited
 * value, other statements and a document written on one line keep their layout.
 */

export type Layout = { readonly lines: true; readonly indent: string } | { readonly lines: false; readonly colon: string; readonly comma: string };

export class JsonLayout {
  private readonly unit: string;
  private readonly eol: string;

  constructor(formatting: FormattingPreferences) {
    this.unit = formatting.insertSpaces ? ' '.repeat(Math.max(1, formatting.tabSize)) : '\t';
    this.eol = formatting.eol;
  }

  /** A value written at `layout`: nested lines indented from the layout's indent. */
  value(value: unknown, layout: Layout): string {
    if (!layout.lines) return inline(value, layout.colon, layout.comma);
    const text = JSON.stringify(value, null, this.unit) ?? 'null';
    return text.replace(/\n/g, this.eol + layout.indent);
  }

  member(key: string | undefined, value: unknown, layout: Layout): string {
    const written = this.value(value, layout);
    if (key === undefined) return written;
    return JSON.stringify(key) + (layout.lines ? ': ' : layout.colon) + written;
  }

  /** How a value that replaces `node` is written: spread over lines when its container is. */
  replacing(text: string, node: TreeNode, container: ObjectNode | ArrayNode | undefined): Layout {
    if (container && !spansLines(text, container.span.offset, writtenEnd(text, container))) return inlineStyle(text, container);
    return { lines: true, indent: lineIndentAt(text, node.span.offset) };
  }

  /**
   * The edits that insert a member (`key` undefined for an array item) at `index` among the container's
   * members. `ancestors` are the containers around it, outermost first; `keepOneLine` keeps a one-line list
   * on one line (CloudFormation's intrinsic argument lists).
   */
  insert(
    text: string,
    container: ObjectNode | ArrayNode,
    ancestors: readonly (ObjectNode | ArrayNode)[],
    index: number,
    key: string | undefined,
    value: unknown,
    keepOneLine: boolean,
  ): OffsetEdit[] {
    const members = memberSpans(container);
    const open = container.span.offset;
    const close = end(container.span) - 1;
    if (!spansLines(text, open, writtenEnd(text, container))) {
      const top = oneLineTop(text, container, ancestors);
      if (top && !keepOneLine && small(text, top.node)) return [this.openedUp(text, top.node, { container, index, key, value })];
      const style = inlineStyle(text, container, ancestors[ancestors.length - 1]);
      const member = this.member(key, value, style);
      if (members.length > 0) return insertInline(text, container, members, index, member, style);
      const inner = text.slice(open + 1, close);
      return [{ offset: open + 1, length: /^\s*$/.test(inner) ? inner.length : 0, content: member }];
    }
    const indent = siblingIndent(text, members, index) ?? lineIndentAt(text, open) + this.unit;
    const member = this.member(key, value, { lines: true, indent });
    if (members.length === 0) {
      const inner = text.slice(open + 1, close);
      if (/^\s*$/.test(inner)) return [{ offset: open + 1, length: inner.length, content: this.eol + indent + member + this.eol + lineIndentAt(text, open) }];
      return [{ offset: open + 1, length: 0, content: this.eol + indent + member }];
    }
    if (index === 0) {
      // Right after the bracket: a comment above the first member stays with that member.
      const first = members[0]!;
      if (startsLine(text, first.offset)) return [{ offset: open + 1, length: 0, content: this.eol + indent + member + ',' }];
      return [{ offset: first.offset, length: 0, content: member + ',' + this.eol + indent }];
    }
    const previous = members[index - 1]!;
    const limit = index < members.length ? members[index]!.offset : close;
    const comma = nextComma(text, end(previous), limit);
    if (comma !== undefined) {
      // Between two members (or after a trailing comma): on its own line after the comma and any comment there.
      const at = trailingCommentEnd(text, comma + 1) ?? comma + 1;
      return [{ offset: at, length: 0, content: this.eol + indent + member + ',' }];
    }
    // After the last member: its comma right behind it, the member after a comment that ends its line.
    const afterComment = trailingCommentEnd(text, end(previous));
    if (afterComment === undefined) return [{ offset: end(previous), length: 0, content: ',' + this.eol + indent + member }];
    return [
      { offset: end(previous), length: 0, content: ',' },
      { offset: afterComment, length: 0, content: this.eol + indent + member },
    ];
  }

  /**
   * The edits that append an item after the array's last one and close the array with it: in an array
   * written over several lines, on a line of its own after the last item, its comma and a comment ending its
   * line, at that item's indentation, no comma after it, and the closing bracket moved to a line of its own
   * when it shared the last item's line; in an array written on one line, `, ` and the item in compact form.
   * (`insert` instead follows a trailing comma with another and a one-line array's own spacing.)
   */
  afterLast(text: string, array: ArrayNode, value: unknown): OffsetEdit[] {
    const last = array.items[array.items.length - 1]!;
    const lastEnd = end(last.span);
    if (!spansLines(text, array.span.offset, end(array.span))) return [{ offset: lastEnd, length: 0, content: ', ' + JSON.stringify(value) }];
    const indent = startsLine(text, last.span.offset) ? lineIndentAt(text, last.span.offset) : lineIndentAt(text, array.span.offset) + this.unit;
    const comma = /^[ \t]*,/.exec(text.slice(lastEnd, lastEnd + 200))?.[0].length;
    const afterComma = lastEnd + (comma ?? 0);
    const lineEnd = lineEndOf(text, afterComma);
    const restOfLineEmpty = /^[ \t]*$/.test(text.slice(afterComma, lineEnd)) || trailingCommentEnd(text, afterComma) !== undefined;
    const closing = restOfLineEmpty ? '' : this.eol + lineIndentAt(text, array.span.offset);
    const inserted = this.eol + indent + this.value(value, { lines: true, indent }) + closing;
    const at = restOfLineEmpty ? lineEnd : afterComma;
    if (comma !== undefined) return [{ offset: at, length: 0, content: inserted }];
    if (at === lastEnd) return [{ offset: lastEnd, length: 0, content: ',' + inserted }];
    return [
      { offset: lastEnd, length: 0, content: ',' },
      { offset: at, length: 0, content: inserted },
    ];
  }

  /**
   * A small one-line value inside a multi-line statement (`"Condition": { "StringEquals": { … } }`,
   * `"Action": ["kms:Encrypt", "kms:Decrypt"]`) rewritten one member a line, with the new member in it, as a
   * formatter would lay out the value it grows. Keys and plain values keep their source text.
   */
  private openedUp(text: string, top: ObjectNode | ArrayNode, insertion: Insertion): OffsetEdit {
    const render = (node: TreeNode, indent: string): string => {
      if (node.type !== 'object' && node.type !== 'array') return text.slice(node.span.offset, end(node.span));
      const inner = indent + this.unit;
      const written =
        node.type === 'object'
          ? node.properties.map((p) => text.slice(p.keySpan.offset, end(p.keySpan)) + ': ' + render(p.value, inner))
          : node.items.map((item) => render(item, inner));
      if (node === insertion.container) written.splice(insertion.index, 0, this.member(insertion.key, insertion.value, { lines: true, indent: inner }));
      const [open, close] = node.type === 'object' ? ['{', '}'] : ['[', ']'];
      if (written.length === 0) return open + close;
      return open + written.map((m) => this.eol + inner + m).join(',') + this.eol + indent + close;
    };
    return { offset: top.span.offset, length: top.span.length, content: render(top, lineIndentAt(text, top.span.offset)) };
  }
}

interface Insertion {
  readonly container: ObjectNode | ArrayNode;
  readonly index: number;
  readonly key: string | undefined;
  readonly value: unknown;
}

/** How large a one-line value may be and still be opened up: a condition block, an action list. */
const OPEN_UP_MAX_LENGTH = 1_000;
const OPEN_UP_MAX_DEPTH = 4;

/**
 * The outermost one-line container around (and including) `container` whose own container spans lines:
 * the value a formatter would open up. Undefined when the one-line region reaches the root (a whole
 * document on one line stays on one line).
 */
function oneLineTop(text: string, container: ObjectNode | ArrayNode, ancestors: readonly (ObjectNode | ArrayNode)[]): { node: ObjectNode | ArrayNode } | undefined {
  let top = container;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const outer = ancestors[i]!;
    if (spansLines(text, outer.span.offset, writtenEnd(text, outer))) return { node: top };
    top = outer;
  }
  return undefined;
}

function small(text: string, node: ObjectNode | ArrayNode): boolean {
  if (node.span.length > OPEN_UP_MAX_LENGTH || hasComment(text.slice(node.span.offset, end(node.span)))) return false;
  const depth = (n: TreeNode, level: number): boolean => {
    if (level > OPEN_UP_MAX_DEPTH) return false;
    if (n.type === 'object') return n.properties.every((p) => depth(p.value, level + 1));
    if (n.type === 'array') return n.items.every((item) => depth(item, level + 1));
    return true;
  };
  return depth(node, 1);
}

export function end(span: Span): number {
  return span.offset + span.length;
}

/**
 * Where a container's written text ends: its closing bracket, or for one left unclosed (whose recovered span
 * runs to the end of the file, over any comment or blank line after it) the end of its last member. A one-line
 * document missing its last `}` is still written on one line.
 */
function writtenEnd(text: string, container: ObjectNode | ArrayNode): number {
  const at = end(container.span);
  if (text.charCodeAt(at - 1) === (container.type === 'object' ? 0x7d : 0x5d)) return at;
  const members = memberSpans(container);
  const last = members[members.length - 1];
  return last ? end(last) : container.span.offset + 1;
}

/** The spans of an object's properties (key to value) or an array's items. */
export function memberSpans(container: ObjectNode | ArrayNode): Span[] {
  return container.type === 'object' ? container.properties.map((p) => p.span) : container.items.map((i) => i.span);
}

/** The indentation of the members around the insertion point that start their lines. */
function siblingIndent(text: string, members: readonly Span[], index: number): string | undefined {
  for (const candidate of [members[index - 1], members[index], ...members]) {
    if (candidate && startsLine(text, candidate.offset)) return lineIndentAt(text, candidate.offset);
  }
  return undefined;
}

function insertInline(text: string, container: ObjectNode | ArrayNode, members: readonly Span[], index: number, member: string, style: Layout): OffsetEdit[] {
  const separator = style.lines ? ', ' : style.comma;
  if (index === 0) return [{ offset: members[0]!.offset, length: 0, content: member + separator }];
  const previous = members[index - 1]!;
  const limit = index < members.length ? members[index]!.offset : end(container.span) - 1;
  const comma = nextComma(text, end(previous), limit);
  if (comma !== undefined) return [{ offset: comma + 1, length: 0, content: separator.slice(1) + member + ',' }];
  return [{ offset: end(previous), length: 0, content: separator + member }];
}

/**
 * The spacing a one-line container already uses: after its commas (`, ` or `,`) and after its colons
 * (`: ` or `:`), read from the gaps between its own tokens, else from its container's. Minified JSON stays
 * minified; `{ "Service": "ses.amazonaws.com" }` keeps its spaces.
 */
function inlineStyle(text: string, container: ObjectNode | ArrayNode, outer?: ObjectNode | ArrayNode): Layout {
  const own = spacingOf(text, container);
  const around = outer ? spacingOf(text, outer) : {};
  const comma = own.comma ?? own.colon ?? around.comma ?? around.colon ?? true;
  const colon = own.colon ?? around.colon ?? comma;
  return { lines: false, colon: colon ? ': ' : ':', comma: comma ? ', ' : ',' };
}

function spacingOf(text: string, container: ObjectNode | ArrayNode): { comma?: boolean; colon?: boolean } {
  const members = memberSpans(container);
  const spacing: { comma?: boolean; colon?: boolean } = {};
  if (members.length >= 2) spacing.comma = /,[ \t]/.test(text.slice(end(members[0]!), members[1]!.offset));
  const first = container.type === 'object' ? container.properties[0] : undefined;
  if (first) spacing.colon = /:[ \t]/.test(text.slice(end(first.keySpan), first.value.span.offset));
  return spacing;
}

/** JSON on one line with the given separators; with `:` and `,` it is exactly `JSON.stringify(value)`. */
function inline(value: unknown, colon: string, comma: string): string {
  if (Array.isArray(value)) return '[' + value.map((item) => inline(item, colon, comma)).join(comma) + ']';
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return '{' + entries.map(([k, v]) => JSON.stringify(k) + colon + inline(v, colon, comma)).join(comma) + '}';
  }
  return JSON.stringify(value) ?? 'null';
}
