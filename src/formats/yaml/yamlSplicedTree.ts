import type { OffsetEdit } from '../../policy/fixes/types';
import type { ArrayNode, ObjectNode, PropertyNode, Span, TreeNode } from '../../policy/tree';
import { quickYamlTree } from './yamlQuickTree';
import { HASH, NEWLINE, OPEN_CURLY, SPACE } from '../charCodes';

/**
 * The quick reader's tree of an edited text, made from the tree of the text before the edits instead of
 * reading the whole text again: fix-all lints the result of each round to check it, and on a template whose
 * open grants it closes, the edits only append properties after statements' last lines (the missing source
 * conditions). The tree is the one `quickYamlTree(after)` gives, to the character, or undefined where that is
 * not sure; the caller then reads `after` itself. test/unit/yaml-spliced-tree.test.ts holds it to
 * `quickYamlTree(after)` on every YAML fixture and example, generated templates and seeded mutations.
 *
 * What is spliced: an insertion of whole lines at the start of the line after a block mapping's last line,
 * the lines a block mapping of their own at the column of that mapping's keys, with nothing but content
 * (no blank or comment line, no end of text) on the line after them, at a shallower column. Those lines then
 * read as more entries of the mapping, and as nothing else: the reader reads them as it reads them alone.
 * The rest of the tree keeps its nodes' values; their spans move by the length inserted before them, and the
 * mapping and every collection that ended with it end where the inserted lines end. Anything else (another
 * kind of edit, a `\r`, a flow mapping, a block scalar last) is declined.
 */
export function splicedQuickTree(before: string, tree: TreeNode, edits: readonly OffsetEdit[], after: string): TreeNode | undefined {
  try {
    return splice(before, tree, edits, after);
  } catch {
    // A shape this does not follow (or nesting deeper than the stack): the reader reads the text itself.
    return undefined;
  }
}

/** One insertion, placed: the mapping it extends (by its span before) and the entries it adds, spans in `after`. */
interface Placed {
  readonly offset: number;
  readonly inserted: number;
  readonly mappingEnd: number;
  /** Where the mapping's first key starts before: with its end, which mapping it is (those around it end there too). */
  readonly firstKey: number;
  readonly properties: readonly PropertyNode[];
  /** Where the added entries end in `after` (their mapping's new end). */
  readonly newEnd: number;
}

function splice(before: string, tree: TreeNode, edits: readonly OffsetEdit[], after: string): TreeNode | undefined {
  if (edits.length === 0 || before.indexOf('\r') >= 0 || tree.type !== 'object') return undefined;
  const sorted = edits.map((edit) => asWholeLines(before, edit)).sort((a, b) => a.offset - b.offset);
  let expectedLength = before.length;
  for (const [index, edit] of sorted.entries()) {
    if (edit.length !== 0 || edit.content.length === 0) return undefined;
    if (index > 0 && sorted[index - 1]!.offset === edit.offset) return undefined;
    expectedLength += edit.content.length;
  }
  // `after` is `before` with these very insertions: the tree is offered for that text, and no other.
  if (after.length !== expectedLength || !holdsInsertions(before, sorted, after)) return undefined;
  const placed: Placed[] = [];
  // Fix-all closes many grants alike: the same lines at the same column, read once.
  const readAlone = new Map<string, TreeNode | undefined>();
  let shift = 0;
  for (const edit of sorted) {
    const one = place(before, tree, edit, shift, readAlone);
    if (!one) return undefined;
    placed.push(one);
    shift += edit.content.length;
  }
  const copy = new TreeCopy(placed);
  const root = copy.node(tree);
  // Every insertion found its mapping in the tree.
  return copy.extended === placed.length ? root : undefined;
}

function holdsInsertions(before: string, sorted: readonly OffsetEdit[], after: string): boolean {
  let from = 0;
  let at = 0;
  for (const edit of sorted) {
    if (!after.startsWith(before.slice(from, edit.offset), at)) return false;
    at += edit.offset - from;
    if (!after.startsWith(edit.content, at)) return false;
    at += edit.content.length;
    from = edit.offset;
  }
  return after.startsWith(before.slice(from), at);
}

/**
 * The YAML editor appends lines at the end of the last one (`\n` and the lines, before its line break): the
 * same text as the lines and a line break inserted at the start of the next line, which is how they are placed.
 */
function asWholeLines(before: string, edit: OffsetEdit): OffsetEdit {
  const { offset, content } = edit;
  if (edit.length !== 0 || before.charCodeAt(offset) !== NEWLINE || content.charCodeAt(0) !== NEWLINE || content.charCodeAt(content.length - 1) === NEWLINE) return edit;
  return { offset: offset + 1, length: 0, content: content.slice(1) + '\n' };
}

/** Where an insertion goes and what it reads as, or undefined when it is not the splice described above. */
function place(before: string, tree: TreeNode, edit: OffsetEdit, shift: number, readAlone: Map<string, TreeNode | undefined>): Placed | undefined {
  const at = edit.offset;
  if (at <= 0 || at >= before.length || before.charCodeAt(at - 1) !== NEWLINE) return undefined;
  const content = edit.content;
  if (content.charCodeAt(content.length - 1) !== NEWLINE || content.indexOf('\r') >= 0) return undefined;
  const column = indentOf(content, 0);
  // The line after the inserted ones: content (no blank or comment line, whose placement the reader judges by
  // what comes before them), shallower than the inserted entries.
  const nextIndent = indentOf(before, at);
  const next = before.charCodeAt(at + nextIndent);
  if (nextIndent >= column || next === NEWLINE || next === HASH || Number.isNaN(next)) return undefined;
  // The line before: a block mapping's last line, its keys at `column`, ending at that line (a comment after it aside).
  const lineStart = before.lastIndexOf('\n', at - 2) + 1;
  const mapping = mappingEndingOn(before, tree, lineStart, at - 1, column);
  if (!mapping) return undefined;
  const mappingEnd = mapping.span.offset + mapping.span.length;
  if (!/^ *(#[^\n]*)?$/.test(before.slice(mappingEnd, at - 1))) return undefined;
  // The inserted lines alone: a block mapping at `column`, read by the same reader.
  let alone = readAlone.get(content);
  if (!readAlone.has(content)) readAlone.set(content, (alone = quickYamlTree(content)));
  if (alone?.type !== 'object' || alone.properties.length === 0 || alone.span.offset !== column) return undefined;
  const moved = shifted(alone, at + shift) as ObjectNode;
  const firstKey = mapping.properties[0]!.keySpan.offset;
  return { offset: at, inserted: content.length, mappingEnd, firstKey, properties: moved.properties, newEnd: moved.span.offset + moved.span.length };
}

/**
 * The block mapping whose keys are at `column` and whose span ends on the line from `lineStart` to `lineEnd`:
 * one of the collections the tree's last entries end with there (a flow mapping, `{ … }`, is never one).
 */
function mappingEndingOn(text: string, tree: TreeNode, lineStart: number, lineEnd: number, column: number): ObjectNode | undefined {
  let node: TreeNode | undefined = tree;
  while (node && (node.type === 'object' || node.type === 'array')) {
    const end = node.span.offset + node.span.length;
    if (end > lineEnd) {
      // Ends later: the line is inside one of its entries.
      node = entryHolding(node, lineStart);
      continue;
    }
    if (end < lineStart) return undefined;
    if (node.type === 'object' && node.properties.length > 0 && text.charCodeAt(node.span.offset) !== OPEN_CURLY) {
      const key = node.properties[0]!.keySpan.offset;
      if (key - (text.lastIndexOf('\n', key - 1) + 1) === column) return node;
    }
    const children: readonly TreeNode[] = node.type === 'object' ? node.properties.map((p) => p.value) : node.items;
    node = children[children.length - 1];
  }
  return undefined;
}

/** The entry of a collection whose span holds `position`: the last that starts at or before it (a binary search). */
function entryHolding(node: ObjectNode | ArrayNode, position: number): TreeNode | undefined {
  const count = node.type === 'object' ? node.properties.length : node.items.length;
  const at = (index: number): TreeNode => (node.type === 'object' ? node.properties[index]!.value : node.items[index]!);
  const startOf = (index: number): number => (node.type === 'object' ? node.properties[index]!.keySpan.offset : node.items[index]!.span.offset);
  const found = lastStartingAtOrBefore(count, startOf, position);
  if (found < 0) return undefined;
  const entry = at(found);
  return position <= entry.span.offset + entry.span.length ? entry : undefined;
}

/** The last of `count` entries whose start is at or before `position` (a binary search), or -1. */
export function lastStartingAtOrBefore(count: number, startOf: (index: number) => number, position: number): number {
  let low = 0;
  let high = count - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (startOf(middle) <= position) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/**
 * Copies a tree with every span moved by what was inserted before it, extending the mappings that `placed`
 * names and every collection ending with them; what lies before the first insertion is shared.
 */
class TreeCopy {
  /** How many of `placed` were met. */
  extended = 0;
  /** `placed` by the first key of its mapping (the mapping's end tells it from those around it, which end there too). */
  private readonly byFirstKey: ReadonlyMap<number, Placed>;
  /** What was inserted up to and including each of `placed`. */
  private readonly insertedUpTo: readonly number[];

  constructor(private readonly placed: readonly Placed[]) {
    this.byFirstKey = new Map(placed.map((one) => [one.firstKey, one]));
    let total = 0;
    this.insertedUpTo = placed.map((one) => (total += one.inserted));
  }

  /** How many insertions are at or before a position of the text before (a binary search). */
  private placedUpTo(position: number): number {
    let low = 0;
    let high = this.placed.length - 1;
    let count = 0;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.placed[middle]!.offset <= position) {
        count = middle + 1;
        low = middle + 1;
      } else high = middle - 1;
    }
    return count;
  }

  /** What was inserted by the first `count` insertions. */
  private insertedBy(count: number): number {
    return count === 0 ? 0 : this.insertedUpTo[count - 1]!;
  }

  /** A position of the text before, in the text after: moved by every insertion at or before it. */
  private moved(position: number): number {
    return position + this.insertedBy(this.placedUpTo(position));
  }

  private span(span: Span): Span {
    const offset = this.moved(span.offset);
    return { offset, length: this.moved(span.offset + span.length) - offset };
  }

  /** The insertion that extends this mapping, if one does. */
  private placedAt(node: ObjectNode, oldEnd: number): Placed | undefined {
    if (node.properties.length === 0) return undefined;
    const here = this.byFirstKey.get(node.properties[0]!.keySpan.offset);
    return here?.mappingEnd === oldEnd ? here : undefined;
  }

  /** Set by `node`: the extended mapping the node just copied ends with (its end before, and after), if any. */
  private endsExtended: { readonly oldEnd: number; readonly newEnd: number } | undefined;

  /**
   * How far the whole node moves when every position in it moves alike and no extended mapping is the node or
   * inside it; undefined otherwise (then it is copied entry by entry). Most of a template is such nodes (every
   * resource but those whose statements gain lines), and copying them with one shift is a third of the splice.
   */
  private uniformShift(node: ObjectNode | ArrayNode, oldEnd: number): number | undefined {
    const start = node.span.offset;
    const count = this.placedUpTo(start);
    // The next insertion: after the node, and not the one that extends a mapping ending within it. (Only it can:
    // an extended mapping's insertion starts the line after its end, and two insertions never share an offset.)
    const next = this.placed[count];
    if (next !== undefined && (next.offset <= oldEnd || (next.firstKey >= start && next.mappingEnd <= oldEnd))) return undefined;
    return this.insertedBy(count);
  }

  /** The node copied; `endsExtended` tells whether it ends with an extended mapping. */
  node(node: TreeNode): TreeNode {
    this.endsExtended = undefined;
    if (node.type === 'scalar') return { type: 'scalar', value: node.value, raw: node.raw, span: this.span(node.span) };
    if (node.type === 'token') return { ...node, span: this.span(node.span) };
    const oldEnd = node.span.offset + node.span.length;
    const uniform = this.uniformShift(node, oldEnd);
    // Unmoved (before the first insertion, and no mapping extended there): shared as it is.
    if (uniform === 0) return node;
    if (uniform !== undefined) return shifted(node, uniform);
    const offset = this.moved(node.span.offset);
    let last: { readonly oldEnd: number; readonly newEnd: number } | undefined;
    if (node.type === 'array') {
      const items: TreeNode[] = new Array<TreeNode>(node.items.length);
      for (let i = 0; i < node.items.length; i++) {
        items[i] = this.node(node.items[i]!);
        last = this.endsExtended;
      }
      const extended = last !== undefined && last.oldEnd === oldEnd;
      const end = extended ? last!.newEnd : this.moved(oldEnd);
      this.endsExtended = extended ? last : undefined;
      const array: ArrayNode = { type: 'array', span: { offset, length: end - offset }, items };
      return array;
    }
    const properties: PropertyNode[] = new Array<PropertyNode>(node.properties.length);
    for (let i = 0; i < node.properties.length; i++) {
      const property = node.properties[i]!;
      const value = this.node(property.value);
      last = this.endsExtended;
      const keySpan = this.span(property.keySpan);
      properties[i] = { key: property.key, keySpan, value, span: { offset: keySpan.offset, length: value.span.offset + value.span.length - keySpan.offset } };
    }
    const here = this.placedAt(node, oldEnd);
    if (here) {
      this.extended++;
      for (const property of here.properties) properties.push(property);
      last = { oldEnd, newEnd: here.newEnd };
    }
    const extended = last !== undefined && last.oldEnd === oldEnd;
    const end = extended ? last!.newEnd : this.moved(oldEnd);
    this.endsExtended = extended ? last : undefined;
    const object: ObjectNode = { type: 'object', span: { offset, length: end - offset }, properties };
    return object;
  }
}

/** A node whose every position moves by `by` (none of it extended): a copy with its spans moved, nothing else looked at. */
export function shifted(node: TreeNode, by: number): TreeNode {
  const span = { offset: node.span.offset + by, length: node.span.length };
  switch (node.type) {
    case 'scalar':
      return { type: 'scalar', value: node.value, raw: node.raw, span };
    case 'token':
      return { ...node, span };
    case 'array': {
      const items: TreeNode[] = new Array<TreeNode>(node.items.length);
      for (let i = 0; i < items.length; i++) items[i] = shifted(node.items[i]!, by);
      const array: ArrayNode = { type: 'array', span, items };
      return array;
    }
    case 'object': {
      const properties: PropertyNode[] = new Array<PropertyNode>(node.properties.length);
      for (let i = 0; i < properties.length; i++) properties[i] = shiftedProperty(node.properties[i]!, by);
      const object: ObjectNode = { type: 'object', span, properties };
      return object;
    }
  }
}

/** A mapping entry whose every position moves by `by`: its key, its value (`shifted`) and its own span. */
export function shiftedProperty(property: PropertyNode, by: number): PropertyNode {
  return {
    key: property.key,
    keySpan: { offset: property.keySpan.offset + by, length: property.keySpan.length },
    value: shifted(property.value, by),
    span: { offset: property.span.offset + by, length: property.span.length },
  };
}

function indentOf(text: string, lineStart: number): number {
  let at = lineStart;
  while (text.charCodeAt(at) === SPACE) at++;
  return at - lineStart;
}
