import { parseJson } from '../json/parseJson';
import { NOT_STRICT, readStrictJson } from '../json/strictJson';
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

/**
 * `inPlace` false always reads the decoded text and maps its tree back (the differential test compares both
 * ways, embedded-json-in-place.test.ts); otherwise a heredoc that allows it is read where it stands.
 */
export function readEmbeddedJson(source: string, template: HclTemplate, inPlace = true): EmbeddedJson {
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
  const inSource = inPlace ? heredocJsonInPlace(source, template) : undefined;
  if (inSource) return { root: inSource, errors: [], decoded: { text: decoded.text, map: decoded.map } };
  const { root, errors } = parseJson(decoded.text);
  const mapper = new TreeMapper(decoded.map, decoded.computed);
  return {
    root: root && mapper.node(root, 0),
    errors: errors.map((error) => ({ message: error.message, ...decoded.map.spanToOuter({ offset: error.offset, length: error.length }) })),
    ...(root ? { decoded: { text: decoded.text, map: decoded.map } } : {}),
  };
}

/**
 * The JSON of a heredoc read where it stands in the file, when that gives the tree the decoded text mapped
 * back would give: a heredoc decodes to its own text except for the `<<-` indentation it drops (whitespace
 * between JSON tokens: strict JSON has no line end inside a string) and the escapes `$${` / `%%{`, so without
 * those escapes, without any `${…}` or `%{…}` part and without a syntax error, every token sits at the same
 * place in both. The strict reader's nodes then carry the file's offsets themselves (spans made when read,
 * `raw` cut when asked for, each string its own model value) instead of a second, mapped copy of every node
 * that lives as long as the lint: on a large module with heredoc policies that copy was a tenth of what a lint
 * allocated. Undefined for anything else, which takes the mapped way.
 */
export function heredocJsonInPlace(source: string, template: HclTemplate): TreeNode | undefined {
  if (template.flavor !== 'heredoc' && template.flavor !== 'flush-heredoc') return undefined;
  for (const part of template.parts) if (part.kind !== 'literal') return undefined;
  const { contentStart, contentEnd } = template;
  if (holdsTemplateEscape(source, contentStart, contentEnd)) return undefined;
  // The strict reader's range must end where its trivia ends: the closing marker's line follows the content.
  let end = contentEnd;
  while (end > contentStart && isJsonBlank(source.charCodeAt(end - 1))) end--;
  const root = readStrictJson(source, contentStart, end);
  // The mapped way turns what nests deeper than MAX_DEPTH into a token: that tree is kept by taking that way.
  if (root === NOT_STRICT || root?.type !== 'object' || nestsDeeperThan(root, MAX_DEPTH)) return undefined;
  return root;
}

function isJsonBlank(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Whether `$${` or `%%{` is written between `start` and `end` (a loop: `indexOf` would search on to the file's end). */
function holdsTemplateEscape(source: string, start: number, end: number): boolean {
  for (let i = start; i + 2 < end; i++) {
    const c = source.charCodeAt(i);
    if ((c === 0x24 || c === 0x25) && source.charCodeAt(i + 1) === c && source.charCodeAt(i + 2) === 0x7b) return true;
  }
  return false;
}

/** Whether a node below `node` sits more than `depth` levels down. */
function nestsDeeperThan(node: TreeNode, depth: number): boolean {
  if (depth < 0) return true;
  if (node.type === 'object') {
    for (const property of node.properties) if (nestsDeeperThan(property.value, depth - 1)) return true;
  } else if (node.type === 'array') {
    for (const item of node.items) if (nestsDeeperThan(item, depth - 1)) return true;
  }
  return false;
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
