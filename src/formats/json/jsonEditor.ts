import type { PolicyFile } from '../../policy/model';
import { parseJson } from './parseJson';
import type { ArrayNode, ObjectNode, Span, TreeNode } from '../../policy/tree';
import { end, JsonLayout, memberSpans } from './jsonLayout';
import { lazyRoot, staysStrict } from './jsonLazy';
import { commentsOf, hasComment, lineStartOf, nextComma, parsedJson } from './jsonText';
import type { EditPath, PolicyEditor } from '../../policy/fixes/policyEditor';
import { nodeWithSpan, pathTo, plainValue } from '../../policy/fixes/treePaths';
import type { FormattingPreferences, OffsetEdit } from '../../policy/fixes/types';

type Container = ObjectNode | ArrayNode;

/** A node found by path in the current text, with the containers it sits in (outermost first). */
interface Located {
  readonly node: TreeNode;
  readonly container: Container | undefined;
  readonly ancestors: readonly Container[];
  /** The node's index among its container's members. */
  readonly index: number;
}

/**
 * Builds one fix's edits on JSON(C) text: paths come from the original text's tree, edits are applied one
 * after another (each sees the previous result), and the final text is diffed against the original into one
 * offset edit. Every edit is a splice of whole tokens: a value replaced, a member inserted with a layout
 * that follows its container (jsonLayout.ts), a member removed with one comma, a key renamed. Nothing
 * outside those splices is rewritten, so comments and the user's layout survive.
 *
 * Text without syntax errors (nearly every file) is read lazily (jsonLazy.ts): an edit pays a few scans of
 * the text and the nodes on its path, whatever else the text holds, so a fix costs time in proportion to the
 * text, never to the square of its depth. Text with errors is read whole by `parseJson`, with jsonc-parser's
 * recovery, and an edit must not add errors to it.
 */
export class JsonEditor implements PolicyEditor {
  readonly format = 'json';
  private current: string;
  /** How inserted values are written: as given, or with `${…}` strings as CloudFormation intrinsics. */
  private convert: (value: unknown) => unknown = (value) => value;
  private templateValues = false;
  /** The tree of the current text; `false` when that text, read lazily, turned out not to be strict. */
  private currentTree: { readonly text: string; readonly root: TreeNode | undefined | false };
  private readonly layout: JsonLayout;
  private originalErrors: number | undefined;
  private diffed: { readonly text: string; readonly edits: readonly OffsetEdit[] } | undefined;

  private constructor(
    /** The text being edited: the whole document, or a window on one statement (see `openWindow`). */
    readonly original: string,
    private readonly root: TreeNode,
    /** The original has no syntax error: every version of the text is read lazily and must stay strict. */
    private readonly strict: boolean,
    formatting: FormattingPreferences,
    /** Where `original` starts in the document: model spans and the final edits are document offsets. */
    private readonly base = 0,
    /** The whitespace put in front of a window's node; an edit reaching into it has no place in the document. */
    private readonly lead = 0,
  ) {
    this.current = original;
    this.currentTree = { text: original, root };
    this.layout = new JsonLayout(formatting);
  }

  /** Undefined when the text holds no JSON value (e.g. a YAML file): fixes then offer nothing. */
  static open(text: string, formatting: FormattingPreferences, file?: PolicyFile): JsonEditor | undefined {
    const lazy = lazyRoot(text);
    const root = lazy === false ? parsedJson(text, file).root : lazy;
    return root ? new JsonEditor(text, root, lazy !== false, formatting) : undefined;
  }

  /**
   * An editor on one node of the document (a statement), so that every parse an edit makes is of that node
   * only: fix-all asks for a fix in every statement of a file each round. The node keeps its line's leading
   * whitespace in front of it, because inserted lines are indented from the line they join. Paths are
   * relative to the node. Undefined when the span is not exactly one JSON value, or when the node does not
   * start its line (the whole document is edited then).
   */
  static openWindow(text: string, span: Span, formatting: FormattingPreferences): JsonEditor | undefined {
    const lead = text.slice(lineStartOf(text, span.offset), span.offset);
    // Other text before the node on its line: indentation would be read from that line, so no window.
    if (!/^[ \t]*$/.test(lead)) return undefined;
    const window = lead + text.slice(span.offset, end(span));
    const lazy = lazyRoot(window);
    const root = lazy === false ? parseJson(window).root : lazy;
    if (!root || root.span.offset !== lead.length || root.span.length !== span.length) return undefined;
    return new JsonEditor(window, root, lazy !== false, formatting, span.offset - lead.length, lead.length);
  }

  /**
   * Inserted values go through `convert` first: a template format writes strings holding `${…}` in its own
   * syntax (CloudFormation: `{"Ref": …}` / `{"Fn::GetAtt": …}` / `{"Fn::Sub": …}`), items appended on one line.
   */
  withTemplateValues(convert: (value: unknown) => unknown): this {
    this.convert = convert;
    this.templateValues = true;
    return this;
  }

  commentsOf(text: string): string[] {
    return commentsOf(text);
  }

  /** False when a window's edit reaches into the whitespace put in front of its node: edit the whole document instead. */
  get fitsDocument(): boolean {
    const [edit] = this.edits();
    return edit === undefined || edit.offset - this.base >= this.lead;
  }

  /** True when the edited text has no more syntax errors than the original: the edit broke nothing. */
  get intact(): boolean {
    if (this.strict) {
      if (this.currentTree.text === this.current) return this.currentTree.root !== false;
      const [edit] = this.edits();
      if (!edit) return true;
      const from = edit.offset - this.base;
      return staysStrict(this.root, this.original.length, from, from + edit.length, this.current);
    }
    this.originalErrors ??= parsedJson(this.original, undefined).errorCount;
    return parsedJson(this.current, undefined).errorCount <= this.originalErrors;
  }

  get text(): string {
    return this.current;
  }

  get changed(): boolean {
    return this.current !== this.original;
  }

  /**
   * The path of the node of the original text that has exactly this span (a model node's span). Undefined
   * when no node matches (the model came from another format) or when a key on the way repeats in its
   * object: paths resolve to the first copy of a key while policies use the last.
   */
  pathOf(span: Span): EditPath | undefined {
    return pathTo(this.root, this.local(span), false);
  }

  /** The path of the property whose key has this span (the path of its value). */
  pathOfKey(keySpan: Span): EditPath | undefined {
    return pathTo(this.root, this.local(keySpan), true);
  }

  /** The plain JSON value of an original node (comments dropped), for moving a value to another key. */
  valueAt(span: Span): unknown {
    const node = nodeWithSpan(this.root, this.local(span));
    return node ? plainValue(node) : undefined;
  }

  private local(span: Span): Span {
    return { offset: span.offset - this.base, length: span.length };
  }

  /** Sets the value at a path; a missing property (and any missing object on the way) is inserted. */
  set(path: EditPath, plain: unknown): this {
    let value = this.convert(plain);
    const found = this.locate(path);
    if (found) {
      const layout = this.layout.replacing(this.current, found.node, found.container);
      return this.apply([{ offset: found.node.span.offset, length: found.node.span.length, content: this.layout.value(value, layout) }]);
    }
    for (let i = path.length - 1; i >= 0; i--) {
      const segment = path[i]!;
      const parent = this.locate(path.slice(0, i));
      if (parent) return this.insertInto(parent, segment, value);
      value = typeof segment === 'string' ? { [segment]: value } : [value];
    }
    throw new Error(`no place for ${path.join('/')}`);
  }

  /** Inserts a property into the object at `objectPath`, at `index` among its properties (default: last). */
  insertProperty(objectPath: EditPath, key: string, plain: unknown, index?: number): this {
    const object = this.locate(objectPath);
    if (!object || object.node.type !== 'object' || object.node.properties.some((p) => p.key === key)) return this.set([...objectPath, key], plain);
    const count = object.node.properties.length;
    const at = index === undefined ? count : Math.max(0, Math.min(index, count));
    return this.apply(this.layout.insert(this.current, object.node, object.ancestors, at, key, this.convert(plain), false));
  }

  /** Appends an item to the array at `arrayPath`. */
  appendItem(arrayPath: EditPath, plain: unknown): this {
    const array = this.locate(arrayPath);
    if (!array) return this.set(arrayPath, [plain]);
    if (array.node.type !== 'array') throw new Error(`no array at ${arrayPath.join('/')}`);
    // In templates the intrinsics' argument lists are one-liners and stay so.
    const keepOneLine = this.templateValues;
    return this.apply(this.layout.insert(this.current, array.node, array.ancestors, array.node.items.length, undefined, this.convert(plain), keepOneLine));
  }

  /**
   * Appends an item after the array's last one, as a policy's new statement is written: on a line of its own
   * after that item, its comma and any comment ending its line, at its indentation, with no comma after it
   * (see `JsonLayout.afterLast`). An empty array takes it as `appendItem` does.
   */
  appendLastItem(arrayPath: EditPath, plain: unknown): this {
    const array = this.locate(arrayPath);
    if (array?.node.type !== 'array' || array.node.items.length === 0) return this.appendItem(arrayPath, plain);
    return this.apply(this.layout.afterLast(this.current, array.node, this.convert(plain)));
  }

  private insertInto(parent: Located, segment: string | number, value: unknown): this {
    const node = parent.node;
    if (node.type === 'object' && typeof segment === 'string') {
      return this.apply(this.layout.insert(this.current, node, parent.ancestors, node.properties.length, segment, value, false));
    }
    if (node.type === 'array' && typeof segment === 'number') {
      const index = segment < 0 ? node.items.length : Math.min(segment, node.items.length);
      return this.apply(this.layout.insert(this.current, node, parent.ancestors, index, undefined, value, false));
    }
    throw new Error(`cannot add ${String(segment)} to a ${node.type}`);
  }

  /**
   * Removes a property or an array item (remove array items from the highest index down) with one adjacent
   * comma; its line goes too when nothing else is left on it; comments stay. The only member of a container
   * leaves the container empty (`{}`), unless a comment there must stay.
   */
  remove(path: EditPath): this {
    const found = this.locate(path);
    const container = found?.container;
    if (!found || !container) return this;
    const siblings = memberSpans(container);
    const open = container.span.offset + 1;
    const close = end(container.span) - 1;
    if (siblings.length === 1 && !hasComment(this.current.slice(open, close))) return this.apply([{ offset: open, length: close - open, content: '' }]);
    return this.apply(removal(this.current, siblings, found.index, close));
  }

  /** Renames the key of the property at `path` (the path of its value), keeping its value untouched. */
  renameKey(path: EditPath, newKey: string): this {
    const found = this.locate(path);
    const property = found?.container?.type === 'object' ? found.container.properties[found.index] : undefined;
    if (!property) throw new Error(`no property at ${path.join('/')}`);
    return this.apply([{ offset: property.keySpan.offset, length: property.keySpan.length, content: JSON.stringify(newKey) }]);
  }

  /** Keys of the object at a path in the current text, in order. */
  keysAt(path: EditPath): string[] {
    const found = this.locate(path);
    return found?.node.type === 'object' ? found.node.properties.map((p) => p.key) : [];
  }

  /** The one edit from the original text to the current one: common prefix and suffix left out. */
  edits(): OffsetEdit[] {
    if (this.diffed?.text !== this.current) this.diffed = { text: this.current, edits: this.diff() };
    return [...this.diffed.edits];
  }

  private diff(): OffsetEdit[] {
    if (!this.changed) return [];
    const a = this.original;
    const b = this.current;
    let start = 0;
    while (start < a.length && start < b.length && a.charCodeAt(start) === b.charCodeAt(start)) start++;
    let endA = a.length;
    let endB = b.length;
    while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
      endA--;
      endB--;
    }
    // Never split a CRLF pair: an edit boundary between \r and \n confuses editors.
    if (start > 0 && a[start - 1] === '\r' && (a[start] === '\n' || b[start] === '\n')) start--;
    return [{ offset: this.base + start, length: endA - start, content: b.slice(start, endB) }];
  }

  /** The node at a path in the current text: the first property of a key, as JSON paths resolve. */
  private locate(path: EditPath): Located | undefined {
    if (this.currentTree.text !== this.current) {
      this.currentTree = { text: this.current, root: this.strict ? lazyRoot(this.current) : parseJson(this.current).root };
    }
    let node = this.currentTree.root;
    if (node === false) throw new Error('an edit broke the JSON syntax');
    if (!node) return undefined;
    let container: Container | undefined;
    const ancestors: Container[] = [];
    let index = -1;
    for (const segment of path) {
      let next: TreeNode | undefined;
      let at = -1;
      if (node.type === 'object' && typeof segment === 'string') {
        at = node.properties.findIndex((p) => p.key === segment);
        next = node.properties[at]?.value;
      } else if (node.type === 'array' && typeof segment === 'number') {
        at = segment;
        next = node.items[segment];
      }
      if (!next) return undefined;
      container = node as Container;
      ancestors.push(container);
      index = at;
      node = next;
    }
    return { node, container, ancestors, index };
  }

  private apply(edits: readonly OffsetEdit[]): this {
    // Apply from the end so earlier offsets stay valid.
    const sorted = [...edits].sort((x, y) => y.offset - x.offset);
    for (const edit of sorted) {
      this.current = this.current.slice(0, edit.offset) + edit.content + this.current.slice(edit.offset + edit.length);
    }
    return this;
  }
}

/** The removal of member `index` (see `JsonEditor.remove`). */
function removal(text: string, siblings: readonly Span[], index: number, containerEnd: number): OffsetEdit[] {
  const target = siblings[index]!;
  const start = target.offset;
  const stop = end(target);
  const commaAfter = nextComma(text, stop, index + 1 < siblings.length ? siblings[index + 1]!.offset : containerEnd);
  const previous = index > 0 ? siblings[index - 1] : undefined;
  const commaBefore = commaAfter === undefined && previous ? nextComma(text, end(previous), start) : undefined;
  const edits: OffsetEdit[] = [];
  let removeStart = start;
  let removeEnd = commaAfter !== undefined ? commaAfter + 1 : stop;
  if (commaBefore !== undefined) {
    if (!hasComment(text.slice(commaBefore, start))) removeStart = commaBefore;
    else edits.push({ offset: commaBefore, length: 1, content: '' });
  }
  const lineStart = text.lastIndexOf('\n', removeStart - 1) + 1;
  const lineEndIndex = text.indexOf('\n', removeEnd);
  const lineEnd = lineEndIndex < 0 ? text.length : lineEndIndex + 1;
  if (/^[ \t]*$/.test(text.slice(lineStart, removeStart)) && /^[ \t]*\r?\n?$/.test(text.slice(removeEnd, lineEnd))) {
    removeStart = lineStart;
    removeEnd = lineEnd;
  } else if (commaAfter !== undefined) {
    // `"a", "b"` → `"b"`: the space after the comma goes with it.
    while (removeEnd < text.length && (text[removeEnd] === ' ' || text[removeEnd] === '\t')) removeEnd++;
  }
  edits.push({ offset: removeStart, length: removeEnd - removeStart, content: '' });
  return edits;
}
