import type { SpanMap, TextEncoding } from '../policy/model';
import type { Span } from '../policy/tree';

/**
 * Where the text of one format sits inside a file of another: a JSON policy in a Markdown code block, in a
 * Terraform heredoc, in a shell argument, or encoded as a JSON string. The inner text is what the inner
 * format's reader sees (escapes decoded, indentation or prompts left out); the map takes inner offsets to
 * offsets of the outer file and back, so findings point into the outer file and fixes edit it.
 *
 * The map is a list of pieces, each a run of inner text and the run of outer text it came from:
 * - copied: the same characters in both (equal lengths);
 * - escape: one decoded unit and its escape sequence (`\"` → `"`, `\u0041` → `A`, `$${` → `${`);
 * - skipped: outer text with no inner counterpart (a stripped indent, a `$ ` prompt): inner length 0;
 * - added: inner text with no outer counterpart (a separator between joined pieces): outer length 0.
 */
/** Text embedded as written (a YAML block scalar, single-quoted shell, a quoted here-document, a Markdown block): no escapes. */
export const AS_WRITTEN: TextEncoding = (content) => content;

export interface OffsetPiece {
  readonly inner: number;
  readonly outer: number;
  readonly innerLength: number;
  readonly outerLength: number;
}

export class OffsetMap implements SpanMap {
  /**
   * The pieces that hold inner text (skipped runs have none), for looking up inner offsets: the same table
   * as `table` when nothing is skipped (a decoded string), else a copy without the skipped runs.
   */
  private readonly held: PieceTable;
  private cachedPieces: readonly OffsetPiece[] | undefined;

  private constructor(
    private readonly table: PieceTable,
    readonly innerLength: number,
    /** Where the outer run starts and ends (skipped text at either end included). */
    readonly outerStart: number,
    readonly outerEnd: number,
  ) {
    this.held = table.withoutSkipped();
  }

  /** The identity on a run of outer text (a block whose text is used as written). */
  static identity(outerStart: number, length: number): OffsetMap {
    return new OffsetMapBuilder(outerStart).copy(length).build();
  }

  static fromPieces(pieces: readonly OffsetPiece[], innerLength: number, outerStart: number, outerEnd: number): OffsetMap {
    const table = new PieceTable();
    for (const piece of pieces) table.push(piece.inner, piece.outer, piece.innerLength, piece.outerLength);
    return new OffsetMap(table, innerLength, outerStart, outerEnd);
  }

  /** @internal The builder's table becomes the map's. */
  static fromTable(table: PieceTable, innerLength: number, outerStart: number, outerEnd: number): OffsetMap {
    return new OffsetMap(table, innerLength, outerStart, outerEnd);
  }

  /**
   * Where the inner text starts in the outer file when it is one run used as written (a single-quoted shell
   * word, a here-document without escapes): every inner offset is then that far from its outer one, so a
   * reader may read the outer text in place. Undefined when anything is decoded, added or left out inside it.
   */
  get shift(): number | undefined {
    const held = this.held;
    if (held.count !== 1 || held.at(0, INNER) !== 0) return undefined;
    const length = held.at(0, INNER_LENGTH);
    return length === this.innerLength && length === held.at(0, OUTER_LENGTH) ? held.at(0, OUTER) : undefined;
  }

  /** The pieces in order, as objects (built on first use). */
  get pieces(): readonly OffsetPiece[] {
    this.cachedPieces ??= Array.from({ length: this.table.count }, (_, i) => this.table.piece(i));
    return this.cachedPieces;
  }

  /**
   * The outer offset of an inner offset taken as a start: inside an escape it is the start of the escape
   * sequence, so a span never begins in the middle of one.
   */
  startToOuter(inner: number): number {
    const held = this.held;
    const index = held.lastAtMost(INNER, inner);
    if (index < 0) return this.outerStart;
    const pieceInner = held.at(index, INNER);
    const innerLength = held.at(index, INNER_LENGTH);
    const outer = held.at(index, OUTER);
    const outerLength = held.at(index, OUTER_LENGTH);
    if (inner >= pieceInner + innerLength) return outer + outerLength;
    return innerLength === outerLength ? outer + (inner - pieceInner) : outer;
  }

  /** The outer offset of an inner offset taken as an end (exclusive): inside an escape it is the escape's end. */
  endToOuter(inner: number): number {
    const held = this.held;
    const index = held.lastAtMost(INNER, inner - 1);
    if (index < 0) return held.count > 0 ? held.at(0, OUTER) : this.outerStart;
    const pieceInner = held.at(index, INNER);
    const innerLength = held.at(index, INNER_LENGTH);
    const outer = held.at(index, OUTER);
    const outerLength = held.at(index, OUTER_LENGTH);
    if (inner >= pieceInner + innerLength) return outer + outerLength;
    return innerLength === outerLength ? outer + (inner - pieceInner) : outer + outerLength;
  }

  /** An inner span as a span of the outer file. */
  spanToOuter(span: Span): Span {
    const start = this.startToOuter(span.offset);
    const end = span.length === 0 ? start : this.endToOuter(span.offset + span.length);
    return { offset: start, length: Math.max(0, end - start) };
  }

  /**
   * The inner span of an outer span, when both its ends fall on inner boundaries (not inside an escape
   * sequence): what an edit of the outer file must respect to be written back into the inner text.
   */
  spanToInner(span: Span): Span | undefined {
    const start = this.outerToInner(span.offset);
    const end = this.outerToInner(span.offset + span.length);
    if (start === undefined || end === undefined || end < start) return undefined;
    return { offset: start, length: end - start };
  }

  /** The inner offset at an outer offset; undefined outside the run or inside an escape sequence. */
  outerToInner(outer: number): number | undefined {
    if (outer < this.outerStart || outer > this.outerEnd) return undefined;
    const index = this.table.lastAtMost(OUTER, outer);
    if (index < 0) return 0;
    const { inner: pieceInner, outer: pieceOuter, innerLength, outerLength } = this.table.piece(index);
    const into = outer - pieceOuter;
    if (into > outerLength) return undefined;
    if (innerLength === outerLength) return pieceInner + into;
    if (into === 0) return pieceInner;
    if (into === outerLength) return pieceInner + innerLength;
    // Inside a skipped run, both of its edges are the same inner offset.
    return innerLength === 0 ? pieceInner : undefined;
  }
}

const INNER = 0;
const OUTER = 1;
const INNER_LENGTH = 2;
const OUTER_LENGTH = 3;
const STRIDE = 4;
/** Tables of more rows than this move to a typed array. */
const LARGE_TABLE_ROWS = 256;

/**
 * The pieces as rows of four integers: a plain array while the table is small (most texts are a piece or
 * two, and small typed arrays are slow to make), a growing typed array once it is large (a string holding
 * 10 MB of escaped JSON has millions of pieces, which as objects would cost seconds and much memory).
 */
class PieceTable {
  private rows: number[] | Int32Array = [];
  count = 0;

  push(inner: number, outer: number, innerLength: number, outerLength: number): void {
    const at = this.count * STRIDE;
    let rows = this.rows;
    if (Array.isArray(rows)) {
      if (at < LARGE_TABLE_ROWS * STRIDE) {
        rows.push(inner, outer, innerLength, outerLength);
        this.count++;
        return;
      }
      rows = this.rows = Int32Array.from(rows);
    }
    if (at + STRIDE > rows.length) {
      const grown = new Int32Array(Math.max(rows.length * 2, 64 * STRIDE));
      grown.set(rows);
      rows = this.rows = grown;
    }
    rows[at + INNER] = inner;
    rows[at + OUTER] = outer;
    rows[at + INNER_LENGTH] = innerLength;
    rows[at + OUTER_LENGTH] = outerLength;
    this.count++;
  }

  at(index: number, column: number): number {
    return this.rows[index * STRIDE + column]!;
  }

  piece(index: number): OffsetPiece {
    const at = index * STRIDE;
    const rows = this.rows;
    return { inner: rows[at + INNER]!, outer: rows[at + OUTER]!, innerLength: rows[at + INNER_LENGTH]!, outerLength: rows[at + OUTER_LENGTH]! };
  }

  /** Whether the last piece is a copied run ending where the next piece would start. */
  extendsLastCopy(inner: number, outer: number): boolean {
    if (this.count === 0) return false;
    const at = (this.count - 1) * STRIDE;
    const rows = this.rows;
    return (
      rows[at + INNER_LENGTH] === rows[at + OUTER_LENGTH] &&
      rows[at + INNER]! + rows[at + INNER_LENGTH]! === inner &&
      rows[at + OUTER]! + rows[at + OUTER_LENGTH]! === outer
    );
  }

  lengthenLast(length: number): void {
    const at = (this.count - 1) * STRIDE;
    this.rows[at + INNER_LENGTH]! += length;
    this.rows[at + OUTER_LENGTH]! += length;
  }

  /** The last row whose column is at most `limit` (the column ascends); -1 when none. */
  lastAtMost(column: number, limit: number): number {
    const rows = this.rows;
    let low = 0;
    let high = this.count - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (rows[middle * STRIDE + column]! <= limit) {
        found = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    return found;
  }

  /** This table without its skipped runs (itself when it has none). */
  withoutSkipped(): PieceTable {
    let skipped = false;
    for (let i = 0; i < this.count && !skipped; i++) skipped = this.rows[i * STRIDE + INNER_LENGTH] === 0;
    if (!skipped) return this;
    const held = new PieceTable();
    for (let i = 0; i < this.count; i++) {
      const at = i * STRIDE;
      if (this.rows[at + INNER_LENGTH] !== 0) held.push(this.rows[at + INNER]!, this.rows[at + OUTER]!, this.rows[at + INNER_LENGTH]!, this.rows[at + OUTER_LENGTH]!);
    }
    return held;
  }
}

/** Builds a map while a reader walks the outer text from left to right. */
export class OffsetMapBuilder {
  private readonly table = new PieceTable();
  private inner = 0;
  private outer: number;

  constructor(private readonly outerStart: number) {
    this.outer = outerStart;
  }

  /** `length` characters used as written. */
  copy(length: number): this {
    if (length <= 0) return this;
    // Adjacent copied runs are one piece: maps of long plain texts stay a single piece.
    if (this.table.extendsLastCopy(this.inner, this.outer)) this.table.lengthenLast(length);
    else this.table.push(this.inner, this.outer, length, length);
    this.inner += length;
    this.outer += length;
    return this;
  }

  /** `innerLength` decoded characters written as `outerLength` characters of escape sequence. */
  escape(innerLength: number, outerLength: number): this {
    if (innerLength === outerLength) return this.copy(innerLength);
    this.table.push(this.inner, this.outer, innerLength, outerLength);
    this.inner += innerLength;
    this.outer += outerLength;
    return this;
  }

  /** Outer text that is not part of the inner text. */
  skip(outerLength: number): this {
    return outerLength > 0 ? this.escape(0, outerLength) : this;
  }

  /** Inner text with no outer counterpart. */
  add(innerLength: number): this {
    return innerLength > 0 ? this.escape(innerLength, 0) : this;
  }

  /** The map; the builder hands its pieces over and is done. */
  build(): OffsetMap {
    return OffsetMap.fromTable(this.table, this.inner, this.outerStart, this.outer);
  }
}
