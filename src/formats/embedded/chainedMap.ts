import type { SpanMap } from '../../policy/model';
import type { Span } from '../../policy/tree';

/**
 * Two embeddings in a row (the commands of a terminal session in a Markdown code block): the first map takes
 * the innermost text to the middle one, the second the middle text to the file.
 */
export class ChainedMap implements SpanMap {
  constructor(
    private readonly inner: SpanMap,
    private readonly outer: SpanMap,
  ) {}

  spanToOuter(span: Span): Span {
    return this.outer.spanToOuter(this.inner.spanToOuter(span));
  }

  spanToInner(span: Span): Span | undefined {
    const middle = this.outer.spanToInner(span);
    return middle && this.inner.spanToInner(middle);
  }
}
