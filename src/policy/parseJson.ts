import { parseTree, type Node as JsonNode, type ParseError, printParseErrorCode } from 'jsonc-parser';
import type { ArrayNode, ObjectNode, PropertyNode, TreeNode } from './tree';

export interface JsonParseResult {
  /** Undefined when the text holds no JSON value at all. */
  readonly root: TreeNode | undefined;
  readonly errors: readonly { readonly message: string; readonly offset: number; readonly length: number }[];
}

/**
 * Parses JSON with comments and trailing commas into the neutral tree. Never throws: jsonc-parser recovers
 * from errors, and deep nesting is walked with an explicit stack so 10 000-deep arrays cannot overflow.
 */
export function parseJson(text: string): JsonParseResult {
  const errors: ParseError[] = [];
  let jsonRoot: JsonNode | undefined;
  try {
    jsonRoot = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  } catch {
    return { root: undefined, errors: [{ message: 'the text could not be read as JSON', offset: 0, length: 0 }] };
  }
  return {
    root: jsonRoot ? convert(jsonRoot, text) : undefined,
    errors: errors.map((e) => ({ message: describeError(e.error), offset: e.offset, length: e.length })),
  };
}

function describeError(code: number): string {
  return printParseErrorCode(code).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Converts iteratively (post-order) so that nesting depth never touches the call stack. */
function convert(root: JsonNode, text: string): TreeNode {
  const converted = new Map<JsonNode, TreeNode>();
  const stack: { node: JsonNode; expanded: boolean }[] = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const children = top.node.type === 'object' || top.node.type === 'array' ? (top.node.children ?? []) : [];
    if (!top.expanded) {
      top.expanded = true;
      for (const child of children) {
        if (top.node.type === 'object') {
          const valueNode = child.children?.[1];
          if (valueNode) stack.push({ node: valueNode, expanded: false });
        } else {
          stack.push({ node: child, expanded: false });
        }
      }
      continue;
    }
    stack.pop();
    converted.set(top.node, build(top.node, text, converted));
  }
  return converted.get(root)!;
}

function build(node: JsonNode, text: string, converted: Map<JsonNode, TreeNode>): TreeNode {
  const span = { offset: node.offset, length: node.length };
  switch (node.type) {
    case 'object': {
      const properties: PropertyNode[] = [];
      for (const prop of node.children ?? []) {
        const keyNode = prop.children?.[0];
        const valueNode = prop.children?.[1];
        if (!keyNode || !valueNode) continue;
        const value = converted.get(valueNode);
        if (!value) continue;
        properties.push({
          key: String(keyNode.value),
          keySpan: { offset: keyNode.offset, length: keyNode.length },
          value,
          span: { offset: keyNode.offset, length: valueNode.offset + valueNode.length - keyNode.offset },
        });
      }
      const object: Mutable<ObjectNode> = { type: 'object', span, properties };
      return object;
    }
    case 'array': {
      const items: TreeNode[] = [];
      for (const child of node.children ?? []) {
        const item = converted.get(child);
        if (item) items.push(item);
      }
      const array: Mutable<ArrayNode> = { type: 'array', span, items };
      return array;
    }
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
    default: {
      const raw = text.substr(node.offset, node.length);
      const value = node.type === 'number' || node.type === 'string' || node.type === 'boolean' ? node.value : null;
      return { type: 'scalar', span, value: value as string | number | boolean | null, raw };
    }
  }
}
