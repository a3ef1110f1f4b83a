import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { ArrayNode, ObjectNode, PropertyNode, ScalarNode, TreeNode } from '../policy/tree';
import { spanOfNode } from '../policy/yamlSpan';

export { spanOfNode };

export interface YamlParseResult {
  readonly root: TreeNode | undefined;
  readonly errors: readonly { readonly message: string; readonly offset: number; readonly length: number }[];
}

/**
 * Reads YAML into the neutral tree. CloudFormation's short-form tags become the one-key long form
 * (`!Sub x` → `{"Fn::Sub": x}`, `!Ref x` → `{"Ref": x}`), so one intrinsic reader serves YAML and JSON.
 * Unknown tags are kept as values (the yaml package only warns). Never throws.
 */
export function parseYaml(text: string): YamlParseResult {
  try {
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, strict: false });
    const errors = document.errors.map((e) => ({ message: e.message, offset: e.pos[0], length: Math.max(0, e.pos[1] - e.pos[0]) }));
    const contents = document.contents as YamlNode | null;
    return { root: contents ? convert(contents, text) : undefined, errors };
  } catch (error) {
    // The yaml package recurses; absurd nesting can exhaust the stack. Such a file holds no template.
    return { root: undefined, errors: [{ message: error instanceof Error ? error.message : 'unreadable YAML', offset: 0, length: 0 }] };
  }
}

const SHORT_FORM_LONG_NAME: Record<string, string> = { '!Ref': 'Ref', '!Condition': 'Condition' };

function intrinsicName(tag: string | undefined): string | undefined {
  if (!tag || !tag.startsWith('!') || tag.startsWith('!!')) return undefined;
  return SHORT_FORM_LONG_NAME[tag] ?? 'Fn::' + tag.slice(1);
}

function convert(node: YamlNode, text: string): TreeNode {
  const plain = convertUntagged(node, text);
  const name = intrinsicName(node.tag);
  if (!name) return plain;
  const tagOffset = text.lastIndexOf(node.tag!, plain.span.offset);
  const start = tagOffset >= 0 ? tagOffset : plain.span.offset;
  const keySpan = { offset: start, length: node.tag!.length };
  const property: PropertyNode = { key: name, keySpan, value: plain, span: { offset: start, length: plain.span.offset + plain.span.length - start } };
  const object: ObjectNode = { type: 'object', span: property.span, properties: [property] };
  return object;
}

function convertUntagged(node: YamlNode, text: string): TreeNode {
  const span = spanOfNode(node, text);
  if (isMap(node)) {
    const properties: PropertyNode[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      const valueNode = pair.value as YamlNode | null;
      if (!keyNode || !isScalar(keyNode)) continue;
      const keySpan = spanOfNode(keyNode, text);
      const value: TreeNode = valueNode
        ? convert(valueNode, text)
        : { type: 'scalar', value: null, raw: '', span: { offset: keySpan.offset + keySpan.length, length: 0 } };
      properties.push({ key: String(keyNode.value), keySpan, value, span: { offset: keySpan.offset, length: value.span.offset + value.span.length - keySpan.offset } });
    }
    const object: ObjectNode = { type: 'object', span, properties };
    return object;
  }
  if (isSeq(node)) {
    const items = (node.items as (YamlNode | null)[]).filter((i): i is YamlNode => i !== null).map((i) => convert(i, text));
    const array: ArrayNode = { type: 'array', span, items };
    return array;
  }
  const raw = text.slice(span.offset, span.offset + span.length);
  if (isScalar(node)) {
    const value = node.value;
    // YAML 1.1 readers see `2012-10-17` as a date; keep every non-primitive as its source text.
    const primitive = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null ? value : raw;
    const scalar: ScalarNode = { type: 'scalar', value: typeof primitive === 'number' && !Number.isFinite(primitive) ? raw : primitive, raw, span };
    return scalar;
  }
  return { type: 'scalar', value: null, raw, span };
}
