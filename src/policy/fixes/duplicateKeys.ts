import { property, sameSpan, spanInside as inside, type ObjectNode, type PropertyNode, type Span, type TreeNode } from '../tree';
import type { EditPath, PolicyEditor } from './policyEditor';

/**
 * Fixes on a node under a repeated key. The linter reads the same key written twice as JSON parsers do, the
 * last copy wins (extract.ts), so the model's nodes are those last copies. Editors address nodes by path,
 * and a path resolves to the FIRST copy of a repeated key (jsonc-parser and yaml alike): a fix would edit the
 * copy that does not count, and its finding would stay.
 *
 * So before a fix edits a node, the overridden copies of every key on the way to it are removed. They have
 * no effect on the policy, so removing them changes nothing IAM sees; keeping them would be worse than
 * untidy: once the fix renames or removes the last copy, the copy before it would come back into force.
 * After that the node's path by key names is unambiguous in the edited text.
 */

type Step = { readonly object: ObjectNode; readonly property: PropertyNode } | { readonly index: number };

/**
 * The path, in the editor's current text, of the node with span `target` inside `within` (a statement's
 * node); with `key`, of the value of the property whose key has that span (as `pathOfKey`). Removes the
 * overridden copies of every key on the way first. Undefined when the node is not found, lies inside an
 * overridden copy, or `within` itself cannot be addressed.
 */
export function pathToEdit(editor: PolicyEditor, within: ObjectNode, target: Span, key = false): EditPath | undefined {
  const steps = stepsTo(within, target, key);
  if (!steps) return undefined;
  // Nothing repeats on the way: the editor's own lookup (which refuses ambiguous paths) serves.
  if (steps.every((step) => 'index' in step || step.object.properties.filter((p) => p.key === step.property.key).length === 1)) {
    return key ? editor.pathOfKey(target) : editor.pathOf(target);
  }
  const base = editor.pathOf(within.span);
  if (!base) return undefined;
  const path: EditPath = [...base];
  for (const step of steps) {
    if ('index' in step) {
      // Only object properties are removed below, so array indexes stay valid.
      path.push(step.index);
      continue;
    }
    if (lastCopy(step) !== step.property) return undefined;
    const name = step.property.key;
    // Each removal by path takes the first copy left; counted on the current text, so a second call for
    // another node under the same key removes nothing more.
    for (let copies = countOf(editor.keysAt(path), name); copies > 1; copies--) {
      const comments = commentCount(editor);
      editor.remove([...path, name]);
      // A comment inside the overridden copy would go with it: no fix rather than a lost comment.
      if (commentCount(editor) < comments) return undefined;
    }
    if (countOf(editor.keysAt(path), name) !== 1) return undefined;
    path.push(name);
  }
  return path;
}

function lastCopy(step: { readonly object: ObjectNode; readonly property: PropertyNode }): PropertyNode | undefined {
  return property(step.object, step.property.key);
}

function commentCount(editor: PolicyEditor): number {
  return editor.commentsOf(editor.text).length;
}

function countOf(keys: readonly string[], name: string): number {
  return keys.filter((k) => k === name).length;
}

function stepsTo(node: TreeNode, target: Span, key: boolean): Step[] | undefined {
  if (!key && sameSpan(node.span, target)) return [];
  if (node.type === 'object') {
    for (const candidate of node.properties) {
      if (key && sameSpan(candidate.keySpan, target)) return [{ object: node, property: candidate }];
      if (!inside(target, candidate.value.span)) continue;
      const rest = stepsTo(candidate.value, target, key);
      if (rest) return [{ object: node, property: candidate }, ...rest];
    }
  } else if (node.type === 'array') {
    for (const [index, item] of node.items.entries()) {
      if (!inside(target, item.span)) continue;
      const rest = stepsTo(item, target, key);
      if (rest) return [{ index }, ...rest];
    }
  }
  return undefined;
}



/**
 * Removes the overridden copies of the key at `keySpan` (and of every key on the way to it), so that a later
 * lookup of that key by name finds the copy that counts. False when the key cannot be addressed.
 */
export function dropOverriddenCopies(editor: PolicyEditor, within: ObjectNode, keySpan: Span): boolean {
  return pathToEdit(editor, within, keySpan, true) !== undefined;
}
