import { spanBetween } from '../../policy/tree';
import type { HclAttribute, HclBlock, HclBody, HclExpression, HclObjectItem, HclTemplate, TemplatePart } from './hcl';
import { ListStack } from './exactList';
import { blockHeader, EMPTY_BODY, matchAt, simpleExpression, SIMPLE_KEY, span, withLiterals } from './hclText';

/**
 * The body of a block that tree-sitter parsed without error, read from the file's text instead of its tree:
 * every step of a tree walk crosses into WebAssembly, and that walk cost about half of tree-sitter's own parse
 * on a large module. The text reader gives exactly what the tree walk (hclReader.ts) gives, for the shapes
 * policies are written in: blocks with plain headers, attributes, strings and heredocs with `${…}`
 * interpolations, numbers, keywords, references, objects, tuples and function calls. Anything else (operators,
 * conditionals, `for` expressions, directives, escapes of `${` and `%{`, parentheses, splats after a call,
 * comments inside a value, unusual spacing, non-ASCII names) makes it give up, and the block is read from the
 * tree as before: it never guesses. The tree only has to say where the block ends, which the text reader's
 * own end must match.
 */

/** Thrown (never out of this file) when the text holds something only the tree walk reads exactly. */
const GIVE_UP = { reason: 'read from the tree' };

const NO_PARTS: readonly TemplatePart[] = [];

/** The lists a reader builds, each made to measure (exactList.ts); shared by every reader, which run one at a time. */
const ATTRIBUTES = new ListStack<HclAttribute>();
const BLOCKS = new ListStack<HclBlock>();
const ITEMS = new ListStack<HclObjectItem>();
const EXPRESSIONS = new ListStack<HclExpression>();
const LISTS: readonly ListStack<unknown>[] = [ATTRIBUTES, BLOCKS, ITEMS, EXPRESSIONS];

/**
 * Deep enough for any policy, and far below the tree walk's own limit (hclReader's MAX_DEPTH counts at most
 * two levels for each of these), so a value the text reader returns is never cut short there.
 */
const MAX_NESTING = 24;

/** What may follow a value, which the text reader checks so that no operator or traversal goes unnoticed. */
const enum After {
  /** A block's next argument or nested block, or its closing brace. */
  Body,
  /** An object's next element (after `,` or not), or its closing brace. */
  Object,
  Tuple,
  Arguments,
  Interpolation,
  Index,
}

/**
 * The body between `bodyStart` (just after the opening brace) and `closingBrace` (the offset of the block's
 * `}` by the tree), or undefined when the text reader gives up.
 */
export function bodyFromText(text: string, bodyStart: number, closingBrace: number): HclBody | undefined {
  const reader = new TextReader(text, bodyStart);
  try {
    const body = reader.body(0);
    return reader.at === closingBrace ? body : undefined;
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  } finally {
    // Lists left open by a reader that gave up midway.
    for (const lists of LISTS) lists.clear();
  }
}

function isIdentifierStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

function isIdentifierPart(c: number): boolean {
  return isIdentifierStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0b || c === 0x0c;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

class TextReader {
  constructor(
    private readonly text: string,
    /** The offset being read. */
    public at: number,
  ) {}

  private code(offset = this.at): number {
    return this.text.charCodeAt(offset);
  }

  /** Whitespace and comments, which tree-sitter takes anywhere between tokens. */
  private skipSpace(): void {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.at);
      if (c === 0x0a || isBlank(c)) this.at++;
      else if (c === 0x23 || (c === 0x2f && text.charCodeAt(this.at + 1) === 0x2f)) {
        const end = text.indexOf('\n', this.at);
        this.at = end < 0 ? text.length : end;
      } else if (c === 0x2f && text.charCodeAt(this.at + 1) === 0x2a) {
        const end = text.indexOf('*/', this.at + 2);
        if (end < 0) throw GIVE_UP;
        this.at = end + 2;
      } else if (c >= 0x80) throw GIVE_UP; // Unicode whitespace, or a name the text reader does not read
      else return;
    }
  }

  private identifier(): string {
    const start = this.at;
    if (!isIdentifierStart(this.code())) throw GIVE_UP;
    let at = start + 1;
    while (isIdentifierPart(this.text.charCodeAt(at))) at++;
    const next = this.text.charCodeAt(at);
    // `::` (provider functions) and non-ASCII letters continue a name in the grammar.
    if (next >= 0x80 || (next === 0x3a && this.text.charCodeAt(at + 1) === 0x3a)) throw GIVE_UP;
    this.at = at;
    return this.text.slice(start, at);
  }

  body(depth: number): HclBody {
    if (depth > MAX_NESTING) throw GIVE_UP;
    const attributes = ATTRIBUTES.open();
    const blocks = BLOCKS.open();
    for (;;) {
      this.skipSpace();
      if (this.code() === 0x7d) break;
      const start = this.at;
      const name = this.identifier();
      const afterName = this.at;
      while (isBlank(this.code())) this.at++;
      if (this.code() === 0x3d && this.code(this.at + 1) !== 0x3d) {
        this.at++;
        this.skipSpace();
        const value = this.expression(depth + 1, After.Body);
        ATTRIBUTES.push({ name, nameSpan: span(start, afterName), value, span: span(start, value.span.offset + value.span.length) });
      } else BLOCKS.push(this.block(start, depth));
    }
    const read = BLOCKS.close(blocks);
    const written = ATTRIBUTES.close(attributes);
    return written.length > 0 || read.length > 0 ? { attributes: written, blocks: read } : EMPTY_BODY;
  }

  private block(start: number, depth: number): HclBlock {
    const header = blockHeader(this.text, start);
    if (!header) throw GIVE_UP;
    this.at = header.bodyStart;
    const body = this.body(depth + 1);
    this.at++; // the closing brace, where `body` stopped
    return { type: header.type, typeSpan: header.typeSpan, labels: header.labels, body, span: span(start, this.at) };
  }

  /** A value, then the space after it up to what `after` allows to follow (checked, not consumed). */
  private expression(depth: number, after: After): HclExpression {
    if (depth > MAX_NESTING) throw GIVE_UP;
    const start = this.at;
    const c = this.code();
    let value: HclExpression;
    if (c === 0x22) value = this.quoted(depth);
    else if (c === 0x3c && this.code(start + 1) === 0x3c) value = this.heredoc(depth);
    else if (c === 0x7b) value = this.object(depth);
    else if (c === 0x5b) value = this.tuple(depth);
    else if (isDigit(c)) value = this.number();
    else if (isIdentifierStart(c)) value = this.named(depth);
    else throw GIVE_UP;
    this.skipSpace();
    if (!this.mayFollow(after)) throw GIVE_UP;
    return value;
  }

  private mayFollow(after: After): boolean {
    const c = this.code();
    switch (after) {
      case After.Body:
        return c === 0x7d || isIdentifierStart(c);
      case After.Object:
        return c === 0x2c || c === 0x7d || c === 0x22 || isIdentifierStart(c);
      case After.Tuple:
        return c === 0x2c || c === 0x5d;
      case After.Arguments:
        return c === 0x2c || c === 0x29;
      case After.Interpolation:
        return c === 0x7d;
      case After.Index:
        return c === 0x5d;
    }
  }

  private number(): HclExpression {
    const start = this.at;
    let at = start;
    while (isDigit(this.text.charCodeAt(at))) at++;
    if (this.text.charCodeAt(at) === 0x2e && isDigit(this.text.charCodeAt(at + 1))) {
      at++;
      while (isDigit(this.text.charCodeAt(at))) at++;
    }
    // An exponent, a hexadecimal number, or digits run into a name: left to the tree.
    const next = this.text.charCodeAt(at);
    if (isIdentifierPart(next) || next === 0x2e || next >= 0x80) throw GIVE_UP;
    this.at = at;
    return { kind: 'number', span: span(start, at), raw: this.text.slice(start, at) };
  }

  /** A keyword, a reference (with its attributes, indexes and splats) or a function call. */
  private named(depth: number): HclExpression {
    const start = this.at;
    const name = this.identifier();
    if (name === 'for' || name === 'in' || name === 'if') throw GIVE_UP;
    if (this.code() === 0x28) return this.call(start, name, depth);
    for (;;) {
      const c = this.code();
      if (c === 0x2e) {
        const next = this.code(this.at + 1);
        this.at++;
        if (isIdentifierStart(next)) this.identifier();
        else if (isDigit(next)) while (isDigit(this.code())) this.at++;
        else if (next === 0x2a) this.at++;
        else throw GIVE_UP;
      } else if (c === 0x5b) {
        this.at++;
        if (this.code() === 0x2a && this.code(this.at + 1) === 0x5d) this.at += 2;
        else {
          this.skipSpace();
          this.expression(depth + 1, After.Index);
          this.at++; // `]`, checked by the expression
        }
      } else break;
    }
    const whole = span(start, this.at);
    const raw = this.text.slice(start, this.at);
    if (raw === 'true' || raw === 'false' || raw === 'null') return simpleExpression(this.text, whole)!;
    // The tree calls anything that starts with a name and continues with traversals a reference, written as is.
    return { kind: 'reference', span: whole, text: raw };
  }

  private call(start: number, name: string, depth: number): HclExpression {
    this.open();
    const mark = EXPRESSIONS.open();
    while (this.code() !== 0x29) {
      EXPRESSIONS.push(this.expression(depth + 1, After.Arguments));
      this.skipComma();
    }
    const args = EXPRESSIONS.close(mark);
    this.at++;
    // `f(x)[0]` or `f(x).y`: computed from the call, which the tree reader calls opaque.
    this.noTraversal();
    return { kind: 'call', span: span(start, this.at), name, args };
  }

  private object(depth: number): HclExpression {
    const start = this.at;
    this.open();
    const mark = ITEMS.open();
    while (this.code() !== 0x7d) {
      const keyStart = this.at;
      const keyText = matchAt(SIMPLE_KEY, this.text, keyStart);
      if (keyText === undefined) throw GIVE_UP;
      const keySpan = span(keyStart, keyStart + keyText.length);
      const key = simpleExpression(this.text, keySpan);
      if (!key) throw GIVE_UP;
      this.at = keyStart + keyText.length;
      while (isBlank(this.code())) this.at++;
      // `=` or `:` (SIMPLE_KEY looked ahead), but not `==` or `=>`.
      const next = this.code(this.at + 1);
      if (next === 0x3d || next === 0x3e) throw GIVE_UP;
      this.at++;
      this.skipSpace();
      const value = this.expression(depth + 1, After.Object);
      ITEMS.push({ key, value, span: spanBetween(keySpan, value.span) });
      this.skipComma();
    }
    const items = ITEMS.close(mark);
    this.at++;
    this.noTraversal();
    return { kind: 'object', span: span(start, this.at), items };
  }

  private tuple(depth: number): HclExpression {
    const start = this.at;
    this.open();
    const mark = EXPRESSIONS.open();
    while (this.code() !== 0x5d) {
      EXPRESSIONS.push(this.expression(depth + 1, After.Tuple));
      this.skipComma();
    }
    const items = EXPRESSIONS.close(mark);
    this.at++;
    this.noTraversal();
    return { kind: 'tuple', span: span(start, this.at), items };
  }

  /** Past an opening bracket and the space after it; a `for` expression is left to the tree. */
  private open(): void {
    this.at++;
    this.skipSpace();
    if (this.text.startsWith('for', this.at) && !isIdentifierPart(this.code(this.at + 3))) throw GIVE_UP;
  }

  /** Past the comma between two items and the space after it, when there is one. */
  private skipComma(): void {
    if (this.code() !== 0x2c) return;
    this.at++;
    this.skipSpace();
  }

  /** A collection or string indexed or traversed right away (`[…][0]`) is computed: the tree reader's business. */
  private noTraversal(): void {
    const c = this.code();
    if (c === 0x2e || c === 0x5b) throw GIVE_UP;
  }

  /** A quoted string: literal runs (escapes kept as written) and `${…}` interpolations. */
  private quoted(depth: number): HclTemplate {
    const text = this.text;
    const start = this.at;
    const contentStart = start + 1;
    let computed: TemplatePart[] | undefined;
    let at = contentStart;
    for (;;) {
      const c = text.charCodeAt(at);
      if (c === 0x22) break;
      if (c === 0x5c) at += this.escapeLength(at);
      else if (c === 0x24 || c === 0x25) {
        const part = this.templateSign(at, depth);
        if (part) (computed ??= []).push(part);
        at = part ? this.at : at + 1;
      } else if (c === 0x0a || c === 0x0d || Number.isNaN(c)) throw GIVE_UP;
      else at++;
    }
    this.at = at + 1;
    this.noTraversal();
    return { kind: 'template', span: span(start, this.at), flavor: 'quoted', contentStart, contentEnd: at, parts: withLiterals(computed ?? NO_PARTS, contentStart, at) };
  }

  /** The length of the escape sequence at `at` (a backslash), as the grammar's scanner reads it. */
  private escapeLength(at: number): number {
    const c = this.text.charCodeAt(at + 1);
    if (c === 0x22 || c === 0x6e || c === 0x72 || c === 0x74 || c === 0x5c) return 2;
    const digits = c === 0x75 ? 4 : c === 0x55 ? 8 : 0;
    if (digits === 0) throw GIVE_UP;
    for (let i = 0; i < digits; i++) if (!isHexDigit(this.text.charCodeAt(at + 2 + i))) throw GIVE_UP;
    return 2 + digits;
  }

  /**
   * At a `$` or `%` of a template: the `${…}` interpolation it opens (`this.at` then after it), or undefined
   * for a sign written as text. `%{` directives and the escapes `$${` and `%%{` are left to the tree.
   */
  private templateSign(at: number, depth: number): TemplatePart | undefined {
    const c = this.text.charCodeAt(at);
    const next = this.text.charCodeAt(at + 1);
    if (next === 0x24 || next === 0x25 || (c === 0x25 && next === 0x7b)) throw GIVE_UP;
    if (c !== 0x24 || next !== 0x7b) return undefined;
    this.at = at;
    return this.interpolation(depth);
  }

  /** At `${`: the interpolation's span and expression; `this.at` ends after its `}`. */
  private interpolation(depth: number): TemplatePart {
    const start = this.at;
    this.at += 2;
    this.skipSpace();
    // Strip markers (`${~ x ~}`) and empty interpolations are left to the tree.
    if (this.code() === 0x7e || this.code() === 0x7d) throw GIVE_UP;
    const expression = this.expression(depth + 1, After.Interpolation);
    this.at++;
    return { kind: 'interpolation', span: span(start, this.at), expression };
  }

  /**
   * `<<ID` or `<<-ID` and the lines up to the one holding only ID, which the grammar's scanner ends the
   * heredoc at (leading and trailing blanks allowed), with `${…}` interpolations in between.
   */
  private heredoc(depth: number): HclTemplate {
    const text = this.text;
    const start = this.at;
    const flush = text.charCodeAt(start + 2) === 0x2d;
    const idStart = start + (flush ? 3 : 2);
    let idEnd = idStart;
    while (isIdentifierPart(text.charCodeAt(idEnd)) || isDigit(text.charCodeAt(idEnd))) idEnd++;
    if (idEnd === idStart) throw GIVE_UP;
    const id = text.slice(idStart, idEnd);
    let at = idEnd;
    if (text.charCodeAt(at) === 0x0d) at++;
    if (text.charCodeAt(at) !== 0x0a) throw GIVE_UP;
    const contentStart = at + 1;
    let computed: TemplatePart[] | undefined;
    at = contentStart;
    let lineStart = true;
    for (;;) {
      if (at >= text.length) throw GIVE_UP;
      const c = text.charCodeAt(at);
      if (lineStart) {
        // After a line end the scanner skips blanks and empty lines, then looks for the closing marker.
        if (c === 0x0a || isBlank(c)) {
          at++;
          continue;
        }
        if (c >= 0x80) throw GIVE_UP;
        lineStart = false;
        if (text.startsWith(id, at)) {
          let after = at + id.length;
          while (isBlank(text.charCodeAt(after)) && text.charCodeAt(after) !== 0x0a) after++;
          // A line that starts with the marker and goes on is read differently by the scanner: left to the tree.
          if (text.charCodeAt(after) !== 0x0a) throw GIVE_UP;
          const contentEnd = Math.max(contentStart, text.lastIndexOf('\n', at - 1) + 1);
          this.at = at + id.length;
          const parts = withLiterals(computed ?? NO_PARTS, contentStart, contentEnd);
          return { kind: 'template', span: span(start, this.at), flavor: flush ? 'flush-heredoc' : 'heredoc', contentStart, contentEnd, parts };
        }
      }
      if (c === 0x0a) {
        lineStart = true;
        at++;
      } else if (c === 0x24 || c === 0x25) {
        const part = this.templateSign(at, depth);
        if (part) (computed ??= []).push(part);
        at = part ? this.at : at + 1;
      } else at++;
    }
  }
}
