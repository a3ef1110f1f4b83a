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
export interface OffsetPiece {
  readonly inner: number;
  readonly outer: number;
  readonly innerLength: number;
  readonly outerLength: number;
}

export class OffsetMap {
  /** The pieces that hold inner text (skipped runs have none), for looking up inner offsets. */
  private readonly innerPieces: readonly OffsetPiece[];

  private constructor(
    readonly pieces: readonly OffsetPiece[],
    readonly innerLength: number,
    /** Where the outer run starts and ends (skipped text at either end included). */
    readonly outerStart: number,
    readonly outerEnd: number,
  ) {
    this.innerPieces = pieces.filter((piece) => piece.innerLength > 0);
  }

  /** The identity on a run of outer text (a block whose text is used as written). */
  static identity(outerStart: number, length: number): OffsetMap {
    return new OffsetMapBuilder(outerStart).copy(length).build();
  }

  static fromPieces(pieces: readonly OffsetPiece[], innerLength: number, outerStart: number, outerEnd: number): OffsetMap {
    return new OffsetMap(pieces, innerLength, outerStart, outerEnd);
  }

  /**
   * The outer offset of an inner offset taken as a start: inside an escape it is the start of the escape
   * sequence, so a span never begins in the middle of one.
   */
  startToOuter(inner: number): number {
    const pieces = this.innerPieces;
    const index = lastIndexWhere(pieces, (piece) => piece.inner <= inner);
    const piece = pieces[index];
    if (!piece) return this.outerStart;
    if (inner >= piece.inner + piece.innerLength) return piece.outer + piece.outerLength;
    return piece.innerLength === piece.outerLength ? piece.outer + (inner - piece.inner) : piece.outer;
  }

  /** The outer offset of an inner offset taken as an end (exclusive): inside an escape it is the escape's end. */
  endToOuter(inner: number): number {
    const pieces = this.innerPieces;
    const index = lastIndexWhere(pieces, (piece) => piece.inner < inner);
    const piece = pieces[index];
    if (!piece) return pieces[0]?.outer ?? this.outerStart;
    if (inner >= piece.inner + piece.innerLength) return piece.outer + piece.outerLength;
    return piece.innerLength === piece.outerLength ? piece.outer + (inner - piece.inner) : piece.outer + piece.outerLength;
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
    const pieces = this.pieces;
    const piece = pieces[lastIndexWhere(pieces, (p) => p.outer <= outer)];
    if (!piece) return 0;
    const into = outer - piece.outer;
    if (into > piece.outerLength) return undefined;
    if (piece.innerLength === piece.outerLength) return piece.inner + into;
    if (into === 0) return piece.inner;
    if (into === piece.outerLength) return piece.inner + piece.innerLength;
    // Inside a skipped run, both of its edges are the same inner offset.
    return piece.innerLength === 0 ? piece.inner : undefined;
  }
}

/** The last index whose piece satisfies a predicate that holds for a prefix of the list; -1 when none. */
function lastIndexWhere(pieces: readonly OffsetPiece[], holds: (piece: OffsetPiece) => boolean): number {
  let low = 0;
  let high = pieces.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (holds(pieces[middle]!)) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/** Builds a map while a reader walks the outer text from left to right. */
export class OffsetMapBuilder {
  private readonly pieces: OffsetPiece[] = [];
  private inner = 0;
  private outer: number;

  constructor(private readonly outerStart: number) {
    this.outer = outerStart;
  }

  /** `length` characters used as written. */
  copy(length: number): this {
    if (length <= 0) return this;
    const last = this.pieces[this.pieces.length - 1];
    // Adjacent copied runs are one piece: maps of long plain texts stay a single piece.
    if (last && last.innerLength === last.outerLength && last.inner + last.innerLength === this.inner && last.outer + last.outerLength === this.outer) {
      this.pieces[this.pieces.length - 1] = { ...last, innerLength: last.innerLength + length, outerLength: last.outerLength + length };
    } else {
      this.pieces.push({ inner: this.inner, outer: this.outer, innerLength: length, outerLength: length });
    }
    this.inner += length;
    this.outer += length;
    return this;
  }

  /** `innerLength` decoded characters written as `outerLength` characters of escape sequence. */
  escape(innerLength: number, outerLength: number): this {
    if (innerLength === outerLength) return this.copy(innerLength);
    this.pieces.push({ inner: this.inner, outer: this.outer, innerLength, outerLength });
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

  build(): OffsetMap {
    return OffsetMap.fromPieces(this.pieces, this.inner, this.outerStart, this.outer);
  }
}
