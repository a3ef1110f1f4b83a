import { sameSpan, spanInside as inside, type Span, type TreeNode } from '../tree';
import type { EditPath } from './policyEditor';

/**
 * Paths and plain values on the neutral tree (src/policy/tree.ts), whatever format it was read from: what an
 * editor needs to turn a model node's span into the path it edits.
 */


/** The path to the node (or, with `key`, the property key) with this span; undefined when a key on the way repeats. */
export function pathTo(root: TreeNode, span: Span, key: boolean): EditPath | undefined {
  const path: EditPath = [];
  let node: TreeNode = root;
  for (;;) {
    if (!key && sameSpan(node.span, span)) return path;
    let next: TreeNode | undefined;
    if (node.type === 'object') {
      const property = node.properties.find((p) => (key && sameSpan(p.keySpan, span)) || inside(span, p.value.span));
      if (!property) return undefined;
      const object = node;
      if (object.properties.filter((p) => p.key === property.key).length !== 1) return undefined;
      path.push(property.key);
      if (key && sameSpan(property.keySpan, span)) return path;
      next = property.value;
    } else if (node.type === 'array') {
      const index = node.items.findIndex((item) => inside(span, item.span));
      if (index < 0) return undefined;
      path.push(index);
      next = node.items[index];
    }
    if (!next) return undefined;
    node = next;
  }
}

export function nodeWithSpan(root: TreeNode, span: Span): TreeNode | undefined {
  let node: TreeNode | undefined = root;
  while (node) {
    if (sameSpan(node.span, span)) return node;
    if (node.type === 'object') node = node.properties.find((p) => inside(span, p.value.span))?.value;
    else if (node.type === 'array') node = node.items.find((item) => inside(span, item.span));
    else return undefined;
  }
  return undefined;
}

/** The value a JSON parser gives for a node: for a repeated key, the last copy. */
export function plainValue(node: TreeNode): unknown {
  switch (node.type) {
    case 'scalar':
      return node.value;
    case 'token':
      return node.text;
    case 'array':
      return node.items.map(plainValue);
    case 'object': {
      const result: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const p of node.properties) result[p.key] = plainValue(p.value);
      return result;
    }
  }
}
