import type { PolicyValue } from '../../policy/model';
import type { ScalarNode, Span, TreeNode } from '../../policy/tree';

/**
 * A string of an HCL value as a scalar of the policy tree (hclValues.ts), made the way the strict JSON
 * reader makes its scalars (src/formats/json/strictJson.ts): the source text (`raw`) is cut from the file
 * only when asked for, which rules rarely do, and the node serves as its own value of the model, so the model
 * keeps no second object per string. Both used to be made for every string of every policy of a module and
 * lived as long as the lint. The file's text is a private field: it never shows in the node's own properties.
 */
export class HclScalar implements ScalarNode, PolicyValue {
  readonly type = 'scalar';
  readonly #source: string;

  constructor(
    readonly span: Span,
    readonly value: string,
    source: string,
  ) {
    this.#source = source;
  }

  get raw(): string {
    return this.#source.slice(this.span.offset, this.span.offset + this.span.length);
  }

  get asValue(): PolicyValue {
    return this;
  }

  get text(): string {
    return this.value;
  }

  get node(): TreeNode {
    return this;
  }

  get isToken(): boolean {
    return false;
  }
}
