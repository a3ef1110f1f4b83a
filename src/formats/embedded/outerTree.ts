import type { SpanMap } from '../../policy/model';
import type { ArrayNode, ObjectNode, PropertyNode, ScalarNode, Span, TreeNode } from '../../policy/tree';

/**
 * A tree read from decoded inner text (a policy inside a JSON string, a shell argument, a heredoc), rebuilt
 * with every span in the outer file's offsets, so that the statements it holds can join the outer file's
 * model and every finding on them lands in the outer file. Iterative, children before parents with a stack
 * of rebuilt nodes: nesting depth never reaches the call stack.
 *
 * `tokenFor` turns a string scalar into a template value when part of it is computed by the outer format
 * (a shell `$VAR` inside a double-quoted policy): it returns the token's text, or undefined to keep the scalar.
 */
export function treeInOuterFile(root: TreeNode, map: SpanMap, tokenFor?: (scalar: ScalarNode) => string | undefined): TreeNode {
  const rebuilt: TreeNode[] = [];
  const pending: { node: TreeNode; expanded: boolean }[] = [{ node: root, expanded: false }];
  while (pending.length > 0) {
    const top = pending[pending.length - 1]!;
    const node = top.node;
    if (!top.expanded && (node.type === 'object' || node.type === 'array')) {
      top.expanded = true;
      // Pushed last to first, so children are rebuilt first to last.
      if (node.type === 'object') for (let i = node.properties.length - 1; i >= 0; i--) pending.push({ node: node.properties[i]!.value, expanded: false });
      else for (let i = node.items.length - 1; i >= 0; i--) pending.push({ node: node.items[i]!, expanded: false });
      continue;
    }
    pending.pop();
    rebuilt.push(rebuild(node, map, rebuilt, tokenFor));
  }
  return rebuilt[0]!;
}

/** The node in outer offsets; an object's or array's rebuilt children are the last entries of `rebuilt`, taken off. */
function rebuild(node: TreeNode, map: SpanMap, rebuilt: TreeNode[], tokenFor: ((scalar: ScalarNode) => string | undefined) | undefined): TreeNode {
  const span = map.spanToOuter(node.span);
  switch (node.type) {
    case 'object': {
      const values = rebuilt.splice(rebuilt.length - node.properties.length);
      const properties = node.properties.map((p, i): PropertyNode => {
        const value = values[i]!;
        const keySpan = map.spanToOuter(p.keySpan);
        return { key: p.key, keySpan, value, span: between(keySpan, value.span) };
      });
      const object: ObjectNode = { type: 'object', span, properties };
      return object;
    }
    case 'array': {
      const array: ArrayNode = { type: 'array', span, items: rebuilt.splice(rebuilt.length - node.items.length) };
      return array;
    }
    case 'token':
      return { type: 'token', span, text: node.text };
    case 'scalar': {
      const tokenText = typeof node.value === 'string' ? tokenFor?.(node) : undefined;
      if (tokenText !== undefined) return { type: 'token', span, text: tokenText };
      const scalar: ScalarNode = { type: 'scalar', span, value: node.value, raw: node.raw };
      return scalar;
    }
  }
}

function between(start: Span, end: Span): Span {
  return { offset: start.offset, length: Math.max(0, end.offset + end.length - start.offset) };
}
