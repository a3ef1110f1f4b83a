import { parseJson } from '../json/parseJson';
import type { PropertyNode, Span, TreeNode } from '../../policy/tree';
import type { OffsetMap } from '../offsetMap';
import type { HclTemplate } from './hcl';
import { computedText, decodeTemplate, OPAQUE, type ComputedRun } from './templateText';

/**
 * A policy written as JSON inside a Terraform string: a heredoc (`<<EOF`, `<<-EOF`), a quoted string with HCL
 * escapes, or a string of Terraform's JSON syntax. The JSON goes through the project's JSON reader
 * (parseJson) and every span is mapped back onto the Terraform file, so findings land on the text as written.
 *
 * Interpolations are template values: one inside a JSON string makes that string a token
 * (`"arn:aws:s3:::${var.bucket}/*"`), one standing for a whole JSON value (`${jsonencode(var.arns)}`) is read
 * as a token string. Directives (`%{for}`, `%{if}`) outside strings are left out.
 */

export interface EmbeddedJson {
  readonly root: TreeNode | undefined;
  readonly errors: readonly { readonly message: string; readonly offset: number; readonly length: number }[];
  /** What a fix edits: the decoded JSON text and the map back to the file. */
  readonly decoded?: { readonly text: string; readonly map: OffsetMap };
}

const NOTHING: EmbeddedJson = { root: undefined, errors: [] };
/** Deeper than any policy nests: read as a token, so that mapping back never recurses without bound. */
const MAX_DEPTH = 64;

export function readEmbeddedJson(source: string, template: HclTemplate): EmbeddedJson {
  const decoded = decodeTemplate(
    source,
    template,
    (part, insideString) => {
      const text = part.kind === 'interpolation' ? computedText(part.expression) : OPAQUE;
      if (insideString) return text;
      return part.kind === 'interpolation' ? `"${text}"` : '';
    },
    true,
  );
  // Only text that is meant as JSON: a template producing anything else is not a policy written here.
  if (!/^\s*\{/.test(decoded.text)) return NOTHING;
  const { root, errors } = parseJson(decoded.text);
  const mapper = new TreeMapper(decoded.map, decoded.computed);
  return {
    root: root && mapper.node(root, 0),
    errors: errors.map((error) => ({ message: error.message, ...decoded.map.spanToOuter({ offset: error.offset, length: error.length }) })),
    ...(root ? { decoded: { text: decoded.text, map: decoded.map } } : {}),
  };
}

class TreeMapper {
  constructor(
    private readonly map: OffsetMap,
    private readonly computed: readonly ComputedRun[],
  ) {}

  node(node: TreeNode, depth: number): TreeNode {
    const span = this.map.spanToOuter(node.span);
    if (depth > MAX_DEPTH) return { type: 'token', span, text: OPAQUE };
    switch (node.type) {
      case 'scalar':
        if (typeof node.value === 'string' && this.holdsComputed(node.span)) return { type: 'token', span, text: node.value };
        // Field by field: a reader's scalar may give `raw` by a getter, which a spread would drop.
        return { type: 'scalar', span, value: node.value, raw: node.raw };
      case 'token':
        return { ...node, span };
      case 'array':
        return { type: 'array', span, items: node.items.map((item) => this.node(item, depth + 1)) };
      case 'object': {
        const properties: PropertyNode[] = node.properties.map((p) => ({
          key: p.key,
          keySpan: this.map.spanToOuter(p.keySpan),
          value: this.node(p.value, depth + 1),
          span: this.map.spanToOuter(p.span),
        }));
        return { type: 'object', span, properties };
      }
    }
  }

  /** Whether a placeholder of a computed part starts inside this inner span. */
  private holdsComputed(span: Span): boolean {
    const runs = this.computed;
    let low = 0;
    let high = runs.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (runs[middle]!.inner.offset < span.offset) low = middle + 1;
      else high = middle;
    }
    const run = runs[low];
    return run !== undefined && run.inner.offset < span.offset + span.length;
  }
}
