import type { PolicyValue } from '../model';
import type { ObjectNode, PropertyNode } from '../tree';
import { pathToEdit } from './duplicateKeys';
import type { PolicyEditor } from './policyEditor';

/**
 * Edits to `Action` / `Resource` style lists (a string or an array of strings): keep some items, replace
 * others. Array items are removed one by one from the end, so comments between the kept items stay.
 * Given `within`, the statement's node, a key that repeats is found as the copy that counts (duplicateKeys.ts).
 */

/** Drops the items `keep` refuses; when none would be left, the property becomes `fallback`. */
export function filterList(
  editor: PolicyEditor,
  property: PropertyNode | undefined,
  keep: (value: PolicyValue) => boolean,
  fallback: unknown,
  within?: ObjectNode,
): boolean {
  if (!property) return false;
  const path = within ? pathToEdit(editor, within, property.keySpan, true) : editor.pathOfKey(property.keySpan);
  if (!path) return false;
  const node = property.value;
  if (node.type !== 'array') {
    const text = node.type === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
    if (text !== undefined && keep({ text, span: node.span, node, isToken: false })) return false;
    editor.set(path, fallback);
    return true;
  }
  const drop: number[] = [];
  node.items.forEach((item, index) => {
    const text = item.type === 'scalar' && (typeof item.value === 'string' || typeof item.value === 'number') ? String(item.value) : undefined;
    if (text === undefined || !keep({ text, span: item.span, node: item, isToken: false })) drop.push(index);
  });
  if (drop.length === 0) return false;
  if (drop.length === node.items.length) {
    editor.set(path, fallback);
    return true;
  }
  for (const index of drop.reverse()) editor.remove([...path, index]);
  return true;
}

/** Replaces single values (array items or the whole scalar) by new texts. */
export function replaceValues(editor: PolicyEditor, replacements: readonly { value: PolicyValue; text: string }[], within?: ObjectNode): boolean {
  if (replacements.length === 0) return false;
  for (const { value, text } of replacements) {
    const path = within ? pathToEdit(editor, within, value.span) : editor.pathOf(value.span);
    if (!path) return false;
    editor.set(path, text);
  }
  return true;
}

/** Appends an item, turning a single string into an array. */
export function appendToList(editor: PolicyEditor, property: PropertyNode | undefined, item: string, within?: ObjectNode): boolean {
  if (!property) return false;
  const path = within ? pathToEdit(editor, within, property.keySpan, true) : editor.pathOfKey(property.keySpan);
  if (!path) return false;
  if (property.value.type === 'array') editor.appendItem(path, item);
  else editor.set(path, [editor.valueAt(property.value.span), item]);
  return true;
}
