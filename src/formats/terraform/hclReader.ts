import type { Tree, TreeCursor } from 'web-tree-sitter';
import { spanBetween, type Span } from '../../policy/tree';
import { decodeQuotedLiteral } from './templateText';
import type { HclAttribute, HclBlock, HclBody, HclExpression, HclObjectItem, HclTemplate, TemplateFlavor, TemplatePart } from './hcl';
import { bodyFromText } from './hclTextReader';
import { blockHeader, EMPTY_BODY, IDENTIFIER, matchAt, simpleExpression, SIMPLE_KEY, span, stringLiteral, withLiterals } from './hclText';

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
 * `fromText` false reads every block from the tree (the differential tests compare both readers); otherwise a
 * block that parsed cleanly is read from the text where the text reader can (hclTextReader.ts).
 */
export function readHclTree(tree: Tree, text: string, wanted: BlockFilter, fromText = true): HclBody {
  const cursor = tree.walk();
  try {
    if (!cursor.gotoFirstChild()) return EMPTY_BODY;
    // config_file holds one body (or, in .tfvars-like files, one object: nothing to read there), after any comments.
    const trustAll = !tree.rootNode.hasError;
    do if (cursor.nodeType === 'body') return new CursorReader(cursor, text, trustAll, fromText).body(0, wanted);
    while (cursor.gotoNextSibling());
    return EMPTY_BODY;
  } finally {
    cursor.delete();
  }
}

class CursorReader {
  constructor(
    private readonly cursor: TreeCursor,
    private readonly text: string,
    /** False when the tree has a syntax error somewhere: each top-level block is then checked. */
    private readonly trustAll = true,
    private readonly fromText = true,
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
      // Every block read here parsed cleanly (a top-level block with an error is left out above), so its text
      // says what its tree says: read from the text unless it holds something only the tree reads exactly.
      const body = (this.fromText ? bodyFromText(this.text, header.bodyStart, end - 1) : undefined) ?? this.lastBody(depth);
      return { type: header.type, typeSpan: header.typeSpan, labels: header.labels, body, span: span(start, end) };
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
    const simple = simpleExpression(this.text, whole);
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
      if (type === 'string_lit') return stringLiteral(this.text, whole);
      const raw = this.text.slice(cursor.startIndex, cursor.endIndex);
      if (type === 'numeric_lit') return { kind: 'number', span: whole, raw };
      if (type === 'bool_lit') return { kind: 'bool', span: whole, raw };
      return { kind: 'null', span: whole, raw };
    }, whole);
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
    const key = simpleExpression(this.text, keySpan);
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
