import type { ArrayNode, ObjectNode, PropertyNode, Span, TreeNode } from '../../policy/tree';
import { quickYamlEntry } from './yamlQuickTree';
import { lastStartingAtOrBefore, shifted, shiftedProperty } from './yamlSplicedTree';
import type { TextReplacement } from '../adapter';
import { BANG, COLON, NEWLINE, OPEN_CURLY, OPEN_SQUARE, RETURN, SPACE, TAB } from '../charCodes';

/**
 * The quick reader's tree of a text after a user's edit, made from the tree of the text before instead of
 * reading the whole text again: while typing in a 1 MB template, reading it whole was a quarter of the
 * worker's analysis per keystroke. The tree is the one `quickYamlTree(after)` gives, to the character, or
 * undefined where that is not sure; the caller then reads `after` itself. test/unit/yaml-edited-tree.test.ts
 * holds it to `quickYamlTree(after)` on every YAML fixture and example, generated templates and seeded edits.
 *
 * What is read again: the deepest entry of a block mapping whose lines hold the whole change and that is not
 * the mapping's last (a resource under `Resources:`, a property of it, a statement's key). The reader reads
 * such an entry the same wherever it starts reading (its key's column and the text from the key on decide
 * it), and the text before the entry's key and from the next entry's line on is the same as before; so is the
 * reading of those parts (what comes before looks at the next entry's line only for its indentation and
 * whether it holds content, which the entry read again shows). Required, else declined:
 * - a later entry: the change starts at or after its key, and ends at or before the next entry's line;
 *   the first entry of its mapping: the change starts after its key's `: ` (what made it a mapping stays);
 * - the entry read again ends where the next entry's line now starts (no entry added or removed);
 * - no tab, no `\r` but in `\r\n`, in the changed text (the reader declines those anywhere).
 * Nodes before the entry are shared, its mapping and the collections around it end later by the change's
 * length, and every node after it moves by that length (shared when the length did not change).
 *
 * `owned`: nothing but the caller holds `tree` or the analysis read from it, and neither is read again (the
 * worker drops the older version's analysis as it reads the newer one). The tree is then changed in place and
 * returned: the spans after the entry moved, the collections on its path ended later, the entry replaced. A
 * moved copy cost ~17% of a 1 MB template's analysis per typed character (CPU profile), and the garbage
 * collector's share grew with it. Otherwise the nodes after the entry are moved copies and `tree` stays as it was.
 */
export function editedQuickTree(before: string, tree: TreeNode, edits: readonly TextReplacement[], after: string, owned = false): TreeNode | undefined {
  try {
    const change = changedRange(before, edits, after);
    if (!change || !cleanChange(after, change)) return undefined;
    return reread(before, tree, after, change, owned);
  } catch {
    // A shape this does not follow (or nesting deeper than the stack): the reader reads the text itself.
    return undefined;
  }
}

/** The part of the text the edits changed: `[start, oldEnd)` before became `[start, newEnd)` after. */
interface Change {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
}

/**
 * The changed part of a text, from edits applied in order: nothing before the lowest offset of any edit
 * changes, nor the text after the end of each edit, which bounds the unchanged tail. Undefined when the
 * edits do not lead from `before` to a text of `after`'s length.
 */
export function changedRange(before: string, edits: readonly TextReplacement[], after: string): Change | undefined {
  if (edits.length === 0) return undefined;
  let start = Number.POSITIVE_INFINITY;
  let length = before.length;
  let tail = before.length;
  for (const edit of edits) {
    if (edit.offset < 0 || edit.length < 0 || edit.offset + edit.length > length) return undefined;
    start = Math.min(start, edit.offset);
    tail = Math.min(tail, length - edit.offset - edit.length);
    length += edit.text.length - edit.length;
  }
  if (length !== after.length) return undefined;
  tail = Math.min(tail, before.length - start, after.length - start);
  return { start, oldEnd: before.length - tail, newEnd: after.length - tail };
}

/** The changed text holds no tab and no `\r` outside `\r\n` (checked a character either side: a pair may be split). */
function cleanChange(after: string, { start, newEnd }: Change): boolean {
  if (start === 0) return false;
  for (let i = start; i < newEnd; i++) if (after.charCodeAt(i) === TAB) return false;
  for (let i = start - 1; i <= newEnd && i < after.length; i++) {
    if (after.charCodeAt(i) === RETURN && after.charCodeAt(i + 1) !== NEWLINE) return false;
  }
  return true;
}

/** The entry read again: its mapping's path from the root, the entry's index there, and its key's column. */
interface Target {
  /** The collections from the root down to the entry's mapping, and the index taken in each. */
  readonly path: readonly { readonly node: ObjectNode | ArrayNode; readonly index: number }[];
  readonly column: number;
}

function reread(before: string, tree: TreeNode, after: string, change: Change, owned: boolean): TreeNode | undefined {
  const target = deepestEntry(before, tree, change);
  if (!target) return undefined;
  const { path, column } = target;
  const { node: mapping, index } = path[path.length - 1]!;
  const properties = (mapping as ObjectNode).properties;
  const keyStart = properties[index]!.keySpan.offset;
  const delta = after.length - before.length;
  const nextLine = properties[index + 1]!.keySpan.offset - column;
  const read = quickYamlEntry(after, keyStart, column, after.indexOf('\r') >= 0);
  if (!read || read.next !== nextLine + delta) return undefined;
  // Nothing of `tree` was changed up to here: a declined reading leaves it as it was.
  if (owned) return changedInPlace(path, read.property, delta);
  // From the entry's mapping up to the root: each collection with the entries after the path moved.
  let replaced: TreeNode | PropertyNode = read.property;
  for (let level = path.length - 1; level >= 0; level--) {
    const { node, index: at } = path[level]!;
    const end = node.span.offset + node.span.length + delta;
    if (node.type === 'array') {
      const items: TreeNode[] = new Array<TreeNode>(node.items.length);
      for (let i = 0; i < items.length; i++) items[i] = i < at ? node.items[i]! : i === at ? (replaced as TreeNode) : delta === 0 ? node.items[i]! : shifted(node.items[i]!, delta);
      const array: ArrayNode = { type: 'array', span: { offset: node.span.offset, length: end - node.span.offset }, items };
      replaced = array;
      continue;
    }
    const copied: PropertyNode[] = new Array<PropertyNode>(node.properties.length);
    for (let i = 0; i < copied.length; i++) {
      const property = node.properties[i]!;
      if (i < at) copied[i] = property;
      else if (i > at) copied[i] = delta === 0 ? property : shiftedProperty(property, delta);
      else if (level === path.length - 1) copied[i] = replaced as PropertyNode;
      else {
        const value = replaced as TreeNode;
        copied[i] = { key: property.key, keySpan: property.keySpan, value, span: { offset: property.span.offset, length: value.span.offset + value.span.length - property.span.offset } };
      }
    }
    const object: ObjectNode = { type: 'object', span: { offset: node.span.offset, length: end - node.span.offset }, properties: copied };
    replaced = object;
  }
  return replaced as TreeNode;
}

/** Spans, properties and collections as `changedInPlace` writes them (the tree's types are read-only for everyone else). */
type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * `reread`'s tree made by changing the older one: the entry at the end of `path` replaced by `entry`, every node
 * after it on the path moved by `delta`, and each collection on the path (with the entry holding it) ending
 * `delta` later. Ends are set from the values below rather than moved: a short-form tag's one-key mapping and
 * its entry share one span object (yamlQuickTree.ts `tagged`).
 */
function changedInPlace(path: Target['path'], entry: PropertyNode, delta: number): TreeNode {
  for (let level = path.length - 1; level >= 0; level--) {
    const { node, index: at } = path[level]!;
    const end = node.span.offset + node.span.length + delta;
    if (delta !== 0) {
      if (node.type === 'array') for (let i = at + 1; i < node.items.length; i++) shiftInPlace(node.items[i]!, delta);
      else for (let i = at + 1; i < node.properties.length; i++) shiftPropertyInPlace(node.properties[i]!, node.span, delta);
    }
    if (node.type === 'object') {
      if (level === path.length - 1) (node.properties as PropertyNode[])[at] = entry;
      else {
        const property = node.properties[at]!;
        const value = property.value;
        (property.span as Writable<Span>).length = value.span.offset + value.span.length - property.span.offset;
      }
    }
    (node.span as Writable<Span>).length = end - node.span.offset;
  }
  return path[0]!.node;
}

/** Moves every span of a node by `by`, in place (see `changedInPlace`). */
function shiftInPlace(node: TreeNode, by: number): void {
  (node.span as Writable<Span>).offset += by;
  if (node.type === 'array') for (const item of node.items) shiftInPlace(item, by);
  else if (node.type === 'object') for (const property of node.properties) shiftPropertyInPlace(property, node.span, by);
}

/** Moves an entry's spans by `by`, in place; its own span only when it is not its mapping's (a short-form tag's). */
function shiftPropertyInPlace(property: PropertyNode, mappingSpan: Span, by: number): void {
  (property.keySpan as Writable<Span>).offset += by;
  if (property.span !== mappingSpan) (property.span as Writable<Span>).offset += by;
  shiftInPlace(property.value, by);
}

/**
 * Walks from the root to the deepest entry of a block mapping that may be read again for this change (see
 * `editedQuickTree`), through block mappings, block sequences and short-form tags.
 */
function deepestEntry(before: string, tree: TreeNode, change: Change): Target | undefined {
  const path: { node: ObjectNode | ArrayNode; index: number }[] = [];
  let found: Target | undefined;
  let node: TreeNode = tree;
  for (;;) {
    if (node.type === 'array') {
      if (before.charCodeAt(node.span.offset) === OPEN_SQUARE) return found;
      const index = lastStartingAtOrBefore(node.items.length, (i) => node.type === 'array' ? node.items[i]!.span.offset : 0, change.start);
      if (index < 0) return found;
      const item = node.items[index]!;
      if (change.oldEnd > item.span.offset + item.span.length) return found;
      path.push({ node, index });
      node = item;
      continue;
    }
    if (node.type !== 'object' || node.properties.length === 0) return found;
    const object: ObjectNode = node;
    const first = object.properties[0]!;
    if (before.charCodeAt(first.keySpan.offset) === BANG) {
      // A short-form tag (`!Sub …`) read as a one-key mapping: its value may hold block mappings.
      path.push({ node: object, index: 0 });
      node = first.value;
      continue;
    }
    if (before.charCodeAt(object.span.offset) === OPEN_CURLY) return found;
    const index = lastStartingAtOrBefore(object.properties.length, (i) => object.properties[i]!.keySpan.offset, change.start);
    if (index < 0) return found;
    const property = object.properties[index]!;
    const column = property.keySpan.offset - (before.lastIndexOf('\n', property.keySpan.offset - 1) + 1);
    path.push({ node: object, index });
    if (index < object.properties.length - 1) {
      const nextLine = object.properties[index + 1]!.keySpan.offset - column;
      const startsAfter = index > 0 ? change.start >= property.keySpan.offset : change.start >= afterColon(before, property);
      if (startsAfter && change.oldEnd <= nextLine && before.charCodeAt(nextLine - 1) === NEWLINE) found = { path: path.slice(), column };
      // The change reaches into the next entry: nothing deeper holds it either.
      if (change.oldEnd > nextLine) return found;
    }
    node = property.value;
  }
}

/** Past the `: ` (or `:` and the line break) after an entry's key: where a change leaves the key's line a key. */
function afterColon(text: string, property: PropertyNode): number {
  let at = property.keySpan.offset + property.keySpan.length;
  while (text.charCodeAt(at) === SPACE) at++;
  if (text.charCodeAt(at) !== COLON) return Number.POSITIVE_INFINITY;
  return at + 2;
}
