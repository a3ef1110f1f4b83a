import type { Tree, TreeCursor } from 'web-tree-sitter';
import { spanBetween, type Span } from '../../policy/tree';
import { decodeQuotedLiteral } from './templateText';
import type { HclAttribute, HclBlock, HclBody, HclExpression, HclLabel, HclObjectItem, HclTemplate, TemplateFlavor, TemplatePart } from './hcl';

/**
 * tree-sitter's Terraform tree → the plain HCL syntax of hcl.ts, in one walk with a cursor (every step of
 * which crosses into WebAssembly, so the walk visits only what the readers use):
 * - top-level blocks that `wanted` turns down are skipped whole (most of a large module is unrelated);
 * - strings, references and identifiers are read from the file's text by offset, not descended into;
 * - a top-level block holding a syntax error is left out whole, so findings come only from the parts that
 *   parsed (tree-sitter recovers around an error, but what it recovers is a guess);
 * - nesting deeper than any policy (`MAX_DEPTH`) becomes opaque, which keeps the recursion shallow on
 *   pathological input such as 10,000 nested blocks.
 */

/** Whether a top-level block is worth reading, from its type and labels (`resource "aws_s3_bucket_policy" "x"`). */
export type BlockFilter = (type: string, labels: readonly string[]) => boolean;

const MAX_DEPTH = 64;

/**
 * Whether a quoted string's content can be read from its text: no quote, escape, template sequence (`$`, `%`)
 * or line end. Scanned in place: strings are most of a policy, and a slice of each would be garbage.
 */
function isPlainStringContent(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || c === 0x24 || c === 0x25 || c === 0x0d || c === 0x0a) return false;
  }
  return true;
}
const SIMPLE_NUMBER = /^[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/;
/** `var.x`, `aws_s3_bucket.inbox.arn`, `each.value[0]`, `aws_instance.web[*].id`. */
const SIMPLE_REFERENCE = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\.[0-9]+|\[[0-9*]+\]|\.\*)*$/;

export function readHclTree(tree: Tree, text: string, wanted: BlockFilter): HclBody {
  const cursor = tree.walk();
  try {
    if (!cursor.gotoFirstChild()) return EMPTY_BODY;
    // config_file holds one body (or, in .tfvars-like files, one object: nothing to read there), after any comments.
    const trustAll = !tree.rootNode.hasError;
    do if (cursor.nodeType === 'body') return new CursorReader(cursor, text, trustAll).body(0, wanted);
    while (cursor.gotoNextSibling());
    return EMPTY_BODY;
  } finally {
    cursor.delete();
  }
}

const EMPTY_BODY: HclBody = { attributes: [], blocks: [] };

const IDENTIFIER = /[\p{ID_Start}_][\p{ID_Continue}-]*/uy;
/** A bare key, or a quoted one with nothing to decode, followed by `=` or `:`. */
const SIMPLE_KEY = /(?:[\p{ID_Start}_][\p{ID_Continue}-]*|"[^"\\$%\r\n]*")(?=[ \t]*[=:])/uy;

/** What a sticky pattern matches at `offset` of the text, if anything (`test`, not `exec`: no match array per call). */
function matchAt(pattern: RegExp, text: string, offset: number): string | undefined {
  pattern.lastIndex = offset;
  return pattern.test(text) ? text.slice(offset, pattern.lastIndex) : undefined;
}
const LABEL = /[ \t]+(?:"[^"\\$%\r\n]*"|[\p{ID_Start}_][\p{ID_Continue}-]*)/uy;

/** The length of the bare label that ends at `end` (it follows a blank). */
function labelNameLength(text: string, end: number): number {
  let start = end;
  while (start > 0 && text.charCodeAt(start - 1) !== 0x20 && text.charCodeAt(start - 1) !== 0x09) start--;
  return end - start;
}
const OPENING_BRACE = /[ \t]*\{/y;

/**
 * A block's type and labels read from its text (`resource "aws_s3_bucket_policy" "inbox" {`), when they are
 * written plainly on one line; undefined sends the reader through the block's children instead.
 */
function blockHeader(text: string, start: number): { type: string; typeSpan: Span; labels: HclLabel[] } | undefined {
  const type = matchAt(IDENTIFIER, text, start);
  if (type === undefined) return undefined;
  const labels: HclLabel[] = [];
  let at = start + type.length;
  // Matched with `test` and read by offsets: no match array for every block of a module.
  for (;;) {
    LABEL.lastIndex = at;
    if (!LABEL.test(text)) break;
    const end = LABEL.lastIndex;
    const quoted = text.charCodeAt(end - 1) === 0x22;
    const start = quoted ? text.lastIndexOf('"', end - 2) : end - labelNameLength(text, end);
    labels.push({ value: text.slice(quoted ? start + 1 : start, quoted ? end - 1 : end), span: span(start, end) });
    at = end;
  }
  OPENING_BRACE.lastIndex = at;
  return OPENING_BRACE.test(text) ? { type, typeSpan: span(start, start + type.length), labels } : undefined;
}

function span(start: number, end: number): Span {
  return { offset: start, length: end - start };
}

class CursorReader {
  constructor(
    private readonly cursor: TreeCursor,
    private readonly text: string,
    /** False when the tree has a syntax error somewhere: each top-level block is then checked. */
    private readonly trustAll = true,
  ) {}

  /** Each reader method starts at its node and leaves the cursor there. */
  private children(visit: (type: string) => void): void {
    const cursor = this.cursor;
    if (!cursor.gotoFirstChild()) return;
    do visit(cursor.nodeType);
    while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }

  body(depth: number, wanted?: BlockFilter): HclBody {
    const attributes: HclAttribute[] = [];
    const blocks: HclBlock[] = [];
    if (depth > MAX_DEPTH) return { attributes, blocks };
    this.children((type) => {
      if (type === 'attribute') {
        const attribute = this.attribute(depth);
        if (attribute) attributes.push(attribute);
      } else if (type === 'block') {
        const block = this.block(depth, wanted);
        if (block) blocks.push(block);
      }
    });
    return { attributes, blocks };
  }

  private block(depth: number, wanted: BlockFilter | undefined): HclBlock | undefined {
    const cursor = this.cursor;
    if (wanted && !this.trustAll && cursor.currentNode.hasError) return undefined;
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    const header = blockHeader(this.text, start);
    if (header) {
      if (wanted && !wanted(header.type, header.labels.map((l) => l.value))) return undefined;
      return { type: header.type, typeSpan: header.typeSpan, labels: header.labels, body: this.lastBody(depth), span: span(start, end) };
    }
    let type: string | undefined;
    let typeSpan: Span | undefined;
    const labels: { value: string; span: Span }[] = [];
    let body: HclBody = EMPTY_BODY;
    let decided = wanted === undefined;
    this.children((child) => {
      if (child === 'identifier') {
        const identifier = this.text.slice(cursor.startIndex, cursor.endIndex);
        if (type === undefined) {
          type = identifier;
          typeSpan = span(cursor.startIndex, cursor.endIndex);
        } else labels.push({ value: identifier, span: span(cursor.startIndex, cursor.endIndex) });
      } else if (child === 'string_lit') {
        const quoted = this.template('quoted');
        labels.push({ value: decodeQuotedLiteral(this.text, quoted.contentStart, quoted.contentEnd), span: quoted.span });
      } else if (child === 'block_start' && !decided) {
        decided = true;
        if (type !== undefined && !wanted!(type, labels.map((l) => l.value))) type = undefined;
      } else if (child === 'body' && type !== undefined) {
        body = this.body(depth + 1);
      }
    });
    if (type === undefined || typeSpan === undefined) return undefined;
    return { type, typeSpan, labels, body, span: span(start, end) };
  }

  /**
   * A block's body: the child before its closing brace (absent in an empty block), stepping back over the
   * comments tree-sitter places between the body and `}` when a comment is the block's last line.
   */
  private lastBody(depth: number): HclBody {
    const cursor = this.cursor;
    if (!cursor.gotoLastChild()) return EMPTY_BODY;
    let body = EMPTY_BODY;
    let found = cursor.gotoPreviousSibling();
    while (found && cursor.nodeType === 'comment') found = cursor.gotoPreviousSibling();
    if (found && cursor.nodeType === 'body') body = this.body(depth + 1);
    cursor.gotoParent();
    return body;
  }

  private attribute(depth: number): HclAttribute | undefined {
    const cursor = this.cursor;
    const start = cursor.startIndex;
    // Usually `name = value`: the name from the text, the value the last child; a comment inside takes the long way.
    const name = matchAt(IDENTIFIER, this.text, start);
    if (name !== undefined && cursor.gotoLastChild()) {
      const value = cursor.nodeType === 'expression' ? this.expression(depth + 1) : undefined;
      cursor.gotoParent();
      if (value) return { name, nameSpan: span(start, start + name.length), value, span: span(start, value.span.offset + value.span.length) };
    }
    return this.attributeByChildren(depth, start);
  }

  private attributeByChildren(depth: number, start: number): HclAttribute | undefined {
    const cursor = this.cursor;
    const end = cursor.endIndex;
    let name: string | undefined;
    let nameSpan: Span | undefined;
    let value: HclExpression | undefined;
    this.children((child) => {
      if (child === 'identifier' && name === undefined) {
        name = this.text.slice(cursor.startIndex, cursor.endIndex);
        nameSpan = span(cursor.startIndex, cursor.endIndex);
      } else if (child === 'expression') value = this.expression(depth + 1);
    });
    if (name === undefined || nameSpan === undefined || !value) return undefined;
    return { name, nameSpan, value, span: span(start, end) };
  }

  /** At an `expression` node: what its text or, failing that, its first child says it is. */
  expression(depth: number): HclExpression {
    const cursor = this.cursor;
    const whole = span(cursor.startIndex, cursor.endIndex);
    const simple = this.simpleExpression(whole);
    if (simple) return simple;
    if (depth > MAX_DEPTH || !cursor.gotoFirstChild()) return { kind: 'opaque', span: whole };
    let result: HclExpression;
    try {
      result = this.expressionAtFirstChild(whole, depth);
    } finally {
      cursor.gotoParent();
    }
    return result;
  }

  /**
   * Plain strings, numbers, keywords and references, read from their text without descending: they are most of
   * a policy, and every step of the cursor crosses into WebAssembly. Anything else (escapes, interpolations,
   * comments inside the expression) is left to the tree.
   */
  private simpleExpression(whole: Span): HclExpression | undefined {
    const text = this.text;
    const start = whole.offset;
    const end = start + whole.length;
    if (text.charCodeAt(start) === 0x22) {
      const closed = end - start >= 2 && text.charCodeAt(end - 1) === 0x22;
      return closed && isPlainStringContent(text, start + 1, end - 1) ? this.stringLiteral(whole) : undefined;
    }
    const raw = text.slice(start, end);
    if (raw === 'true' || raw === 'false') return { kind: 'bool', span: whole, raw };
    if (raw === 'null') return { kind: 'null', span: whole, raw };
    if (SIMPLE_NUMBER.test(raw)) return { kind: 'number', span: whole, raw };
    if (SIMPLE_REFERENCE.test(raw)) return { kind: 'reference', span: whole, text: raw };
    return undefined;
  }

  private expressionAtFirstChild(whole: Span, depth: number): HclExpression {
    const cursor = this.cursor;
    switch (cursor.nodeType) {
      case 'literal_value':
        return this.literal(whole);
      case 'template_expr':
        return this.only(() => this.template(cursor.nodeType === 'heredoc_template' ? 'heredoc' : 'quoted', depth), whole);
      case 'collection_value':
        return this.only(() => (cursor.nodeType === 'object' ? this.object(depth) : this.tuple(depth)), whole);
      case 'variable_expr':
        return { kind: 'reference', span: whole, text: this.text.slice(whole.offset, whole.offset + whole.length) };
      case 'function_call': {
        if (cursor.endIndex !== whole.offset + whole.length) return { kind: 'opaque', span: whole };
        return this.call(depth);
      }
      case '(': {
        // `(expr)` alone is the expression itself; followed by more (`(a)[0]`) it is computed.
        if (!this.nextSiblingIs('expression')) return { kind: 'opaque', span: whole };
        const inner = this.expression(depth + 1);
        return this.nextSiblingIs(')') && !cursor.gotoNextSibling() ? inner : { kind: 'opaque', span: whole };
      }
      default:
        return { kind: 'opaque', span: whole };
    }
  }

  private nextSiblingIs(type: string): boolean {
    return this.cursor.gotoNextSibling() && this.cursor.nodeType === type;
  }

  /** Runs `read` at the single child of the current node (template_expr → quoted_template…). */
  private only(read: () => HclExpression, whole: Span): HclExpression {
    const cursor = this.cursor;
    if (!cursor.gotoFirstChild()) return { kind: 'opaque', span: whole };
    try {
      return read();
    } finally {
      cursor.gotoParent();
    }
  }

  private literal(whole: Span): HclExpression {
    const cursor = this.cursor;
    return this.only(() => {
      const type = cursor.nodeType;
      if (type === 'string_lit') return this.stringLiteral(whole);
      const raw = this.text.slice(cursor.startIndex, cursor.endIndex);
      if (type === 'numeric_lit') return { kind: 'number', span: whole, raw };
      if (type === 'bool_lit') return { kind: 'bool', span: whole, raw };
      return { kind: 'null', span: whole, raw };
    }, whole);
  }

  /**
   * A quoted string without interpolation, read from its offsets alone: strings are most of a policy, and
   * descending into their three nodes would cost more than everything else the reader does.
   */
  private stringLiteral(whole: Span): HclTemplate {
    const end = whole.offset + whole.length;
    const closed = end - whole.offset >= 2 && this.text.charCodeAt(end - 1) === 0x22;
    const contentStart = whole.offset + 1;
    const contentEnd = closed ? end - 1 : end;
    return { kind: 'template', span: whole, flavor: 'quoted', contentStart, contentEnd, parts: contentEnd > contentStart ? [{ kind: 'literal', start: contentStart, end: contentEnd }] : [] };
  }

  /** At a `string_lit`, `quoted_template` or `heredoc_template`. */
  template(flavor: 'quoted' | 'heredoc', depth = 0): HclTemplate {
    const cursor = this.cursor;
    const text = this.text;
    const whole = span(cursor.startIndex, cursor.endIndex);
    let actualFlavor: TemplateFlavor = flavor;
    let contentStart = whole.offset;
    let contentEnd = whole.offset + whole.length;
    let identifiersSeen = 0;
    const computed: TemplatePart[] = [];
    this.children((child) => {
      switch (child) {
        case 'quoted_template_start':
          contentStart = cursor.endIndex;
          break;
        case 'quoted_template_end':
          contentEnd = cursor.startIndex;
          break;
        case 'heredoc_start':
          if (text.startsWith('<<-', cursor.startIndex)) actualFlavor = 'flush-heredoc';
          break;
        case 'heredoc_identifier':
          identifiersSeen++;
          if (identifiersSeen === 1) {
            // The content starts on the line after the opening marker.
            const newline = text.indexOf('\n', cursor.endIndex);
            contentStart = newline < 0 ? cursor.endIndex : newline + 1;
          } else {
            // …and ends where the closing marker's line begins (its indentation is not content).
            contentEnd = Math.max(contentStart, text.lastIndexOf('\n', cursor.startIndex - 1) + 1);
          }
          break;
        case 'template_interpolation':
          computed.push(this.interpolation(depth));
          break;
        case 'template_directive':
          computed.push({ kind: 'directive', span: span(cursor.startIndex, cursor.endIndex) });
          break;
      }
    });
    return { kind: 'template', span: whole, flavor: actualFlavor, contentStart, contentEnd, parts: withLiterals(computed, contentStart, contentEnd) };
  }

  private interpolation(depth: number): TemplatePart {
    const cursor = this.cursor;
    const whole = span(cursor.startIndex, cursor.endIndex);
    return { kind: 'interpolation', span: whole, expression: this.expressionsOf(depth + 1)[0] };
  }

  /** The `expression` children of the current node, in order. */
  private expressionsOf(depth: number): HclExpression[] {
    const cursor = this.cursor;
    const expressions: HclExpression[] = [];
    if (!cursor.gotoFirstChild()) return expressions;
    do if (cursor.nodeType === 'expression') expressions.push(this.expression(depth));
    while (cursor.gotoNextSibling());
    cursor.gotoParent();
    return expressions;
  }

  private object(depth: number): HclExpression {
    const cursor = this.cursor;
    const whole = span(cursor.startIndex, cursor.endIndex);
    const items: { key: HclExpression; value: HclExpression; span: Span }[] = [];
    if (cursor.gotoFirstChild()) {
      do {
        if (cursor.nodeType !== 'object_elem') continue;
        const item = this.simpleKeyElement(depth + 1);
        if (item) {
          items.push(item);
          continue;
        }
        const [key, value] = this.expressionsOf(depth + 1);
        // An element is its key, `=` or `:`, and its value: its span is theirs.
        if (key && value) items.push({ key, value, span: spanBetween(key.span, value.span) });
      } while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
    return { kind: 'object', span: whole, items };
  }

  /** An object element whose key is a bare name or a plain string, read from the text; its value is the last child. */
  private simpleKeyElement(depth: number): HclObjectItem | undefined {
    const cursor = this.cursor;
    const start = cursor.startIndex;
    const keyText = matchAt(SIMPLE_KEY, this.text, start);
    if (keyText === undefined) return undefined;
    const keySpan = span(start, start + keyText.length);
    const key = this.simpleExpression(keySpan);
    if (!key || !cursor.gotoLastChild()) return undefined;
    const value = cursor.nodeType === 'expression' ? this.expression(depth) : undefined;
    cursor.gotoParent();
    return value && { key, value, span: spanBetween(keySpan, value.span) };
  }

  private tuple(depth: number): HclExpression {
    const cursor = this.cursor;
    return { kind: 'tuple', span: span(cursor.startIndex, cursor.endIndex), items: this.expressionsOf(depth + 1) };
  }

  private call(depth: number): HclExpression {
    const cursor = this.cursor;
    const whole = span(cursor.startIndex, cursor.endIndex);
    let name = '';
    const args: HclExpression[] = [];
    this.children((child) => {
      if (child === 'identifier') name = this.text.slice(cursor.startIndex, cursor.endIndex);
      else if (child === 'function_arguments') args.push(...this.expressionsOf(depth + 1));
    });
    return { kind: 'call', span: whole, name, args };
  }
}

/**
 * The literal runs between the computed parts, from offsets: the grammar leaves some whitespace (before a
 * `%{` directive, a heredoc's first indentation) out of its literal nodes, and literal text must be whole.
 */
function withLiterals(computed: readonly TemplatePart[], contentStart: number, contentEnd: number): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let at = contentStart;
  for (const part of computed) {
    if (part.kind === 'literal') continue;
    if (part.span.offset > at) parts.push({ kind: 'literal', start: at, end: part.span.offset });
    parts.push(part);
    at = Math.max(at, part.span.offset + part.span.length);
  }
  if (contentEnd > at) parts.push({ kind: 'literal', start: at, end: contentEnd });
  return parts;
}
