import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, Scalar, type CST, type Document, type Node as YamlNode } from 'yaml';
import { insertionAtLineStart, minimalReplacement } from '../../policy/textDiff';
import type { Span } from '../../policy/tree';
import type { EditPath, PolicyEditor } from '../../policy/fixes/policyEditor';
import type { OffsetEdit } from '../../policy/fixes/types';
import { endOf, inFlow, statementWindow, styleNear, type Collection } from './yamlLayout';
import { createNode, likeOld, plainValueOf, type YamlStyle } from './yamlRender';
import { readsAs, sameShape, shapeOf, ShapeEdits, type Shape } from './yamlShape';
import { aliasedAnchors, holdsAliasOrAnchor, meetsAliases } from './yamlAliases';
import { findBySpan, keyText, locate, parseForEdit, yamlCommentsOf, yamlFile, type Located, type YamlFile } from './yamlSource';
import { QuickWindowEditor } from './yamlQuickWindow';

export { yamlCommentsOf };
import { appendItem, insertPair, removeItem, renameKey, setValue, type Splice } from './yamlSplice';

export type YamlPath = EditPath;

/**
 * Whether fixes on a text the quick reader read may use the quick window (yamlQuickWindow.ts). Always on; the
 * differential test turns it off to get the parsed editor's edits for the same fixes.
 */
export const quickWindows = { enabled: true };

/**
 * The parsed text an editor reads nodes from: `root` is where paths start, and an offset in `text` less
 * `shift` is an offset in the edited text. Before the first edit of a window this is the whole document's
 * parse (shared by every fix on the file) with the statement as root; after an edit, the window's own parse.
 */
interface View {
  readonly text: string;
  readonly root: unknown;
  readonly shift: number;
  /** The document holding `root`, to resolve aliases. */
  readonly document: Document.Parsed;
}

/**
 * The YAML twin of the fixes' JsonEditor (same operations, same paths). Every edit is computed from the node
 * ranges of the text as it stands and splices only the text of the node it adds, replaces or removes
 * (yamlSplice.ts); the `yaml` package serialises that one node, in the indentation, flow or block style and
 * quoting measured around the place it goes. Nothing else in the file is rewritten: comments, blank lines,
 * folded scalars, flow layouts, tags and line ends outside the edit stay byte for byte.
 *
 * A fix on a statement edits a window on that statement: its text alone, at its own columns (see
 * `forStatement`), so a fix costs the size of its statement, not of the file. Paths are then relative to the
 * statement, as with JsonEditor's windows.
 *
 * The editor checks its own work: the edited text must parse, keep every comment, and read back as the
 * original with exactly the recipe's changes (yamlShape.ts); otherwise `intact` is false and no fix is
 * offered. Edits through an alias, or inside an anchored node some alias refers to, are refused: they would
 * change what the alias stands for elsewhere, or drop it.
 */
export class YamlEditor implements PolicyEditor {
  readonly format = 'yaml';
  /** It writes no comment and checks each edit on its own text: every comment stays. */
  readonly keepsEveryComment = true;
  /** Edits stay inside the edited node, so a window's edits always fit the document. */
  readonly fitsDocument = true;
  private current: string;
  private currentView: View | undefined;
  private readonly expected: ShapeEdits;
  private refused = false;
  /** Some edit took out text holding a `#`: only then can a comment have gone. */
  private removedHash = false;
  /**
   * Properties appended after the last line of the edited text's root mapping, each checked on its own text
   * (see `intact`); undefined once any other edit is made, which the whole edited text is checked for.
   */
  private appendedOnly: { readonly text: string; readonly expected: Shape }[] | undefined = [];
  /** Nothing may be added at the window's end (see the constructor). */
  private readonly endIsOpen: boolean;

  private constructor(
    /** The text edited: the whole document, or a window on one statement. */
    readonly original: string,
    private readonly originalView: View,
    /** The style of the document where the edited text sits, for places whose neighbourhood shows none. */
    private readonly fallbackStyle: YamlStyle,
    /** Where `original` starts in the document. */
    private readonly base: number,
    /** The whole document may use aliases; a window is only opened on a text that uses none. */
    private readonly mayMeetAliases: boolean,
  ) {
    this.current = original;
    this.currentView = originalView;
    this.expected = new ShapeEdits(shapeOf(originalView.root));
    // A window ends at its statement's last character; blank lines after it still belong to a block scalar
    // kept with `|+`, and text added at the window's end would come between them and the scalar.
    this.endIsOpen = !mayMeetAliases && endsInBlockScalar(originalView.root);
  }

  /** The whole text; undefined when it is not a single well-formed YAML document: fixes then offer nothing. */
  static open(text: string, indentUnit?: number): YamlEditor | undefined {
    return YamlEditor.parsedFor(text, undefined, yamlFile(text, undefined, indentUnit));
  }

  /**
   * An editor for a fix: on a window holding the statement at `statementSpan` when there is one and the
   * text uses no aliases (an alias elsewhere may stand for part of the statement), else on the whole text.
   * `file` (the lint's PolicyFile) keys what every fix on the same lint shares (yamlSource.ts `yamlFile`).
   */
  static forStatement(text: string, statementSpan: Span | undefined, file: { readonly text: string } | undefined, indentUnit?: number): PolicyEditor | undefined {
    const shared = yamlFile(text, file, indentUnit);
    const opened = () => YamlEditor.parsedFor(text, statementSpan, shared);
    // On a text the quick reader read, a fix that appends to its statement needs no parse (yamlQuickWindow.ts).
    if (statementSpan && quickWindows.enabled && !shared.reading) return QuickWindowEditor.open(text, statementSpan, shared, opened) ?? opened();
    return opened();
  }

  /** The editor on the statement's window, parsed, else on the whole document. */
  private static parsedFor(text: string, statementSpan: Span | undefined, shared: YamlFile): YamlEditor | undefined {
    const window = statementSpan && YamlEditor.window(text, statementSpan, shared);
    if (window) return window;
    const parsed = shared.parsed;
    if (!parsed || parsed.errorCount > 0 || !parsed.document.contents) return undefined;
    return new YamlEditor(text, { text, root: parsed.document.contents, shift: 0, document: parsed.document }, shared.style, 0, true);
  }

  /**
   * The statement's text from the start of its line, with whatever precedes it there (`- `, the indentation)
   * turned into spaces: it parses as the same node at the same columns, and costs the size of the statement.
   * Its trailing comment is included, so that a property appended after its last line goes after the comment
   * too. Its nodes come from the file's shared parse when there is one (the linter's), else from parsing the
   * window; undefined when neither reads as exactly the statement.
   */
  private static window(text: string, span: Span, shared: YamlFile): YamlEditor | undefined {
    const start = span.offset;
    const end = span.offset + span.length;
    const { first, windowText } = statementWindow(text, span);
    // The linter's reading serves when it found no error: node ranges are then exactly the text's.
    const reading = shared.reading;
    // An error before the statement's end (a flow list left open above it) changes what its lines mean in the
    // file, however well they parse alone: the statement is not edited (the whole document, with its error,
    // is not either).
    if (reading && reading.errors.some((error) => error.pos[0] < end)) return undefined;
    if (reading && reading.errors.length === 0) {
      const found = findBySpan(reading.contents, span, text, false);
      // An alias in the statement, or an anchor on it or around it that an alias uses: the whole document is
      // edited, where every edit is checked against them.
      if (!found || !isCollection(found.node) || meetsAliases([...found.chain, found.node], shared.aliasedAnchors(reading))) return undefined;
      const style = styleNear([...found.chain, found.node as Collection], text, shared.style);
      return new YamlEditor(windowText, { text, root: found.node, shift: first, document: reading }, style, first, false);
    }
    // Without the reader's parse, a text that may hold an alias anywhere is edited as a whole.
    if (shared.mayUseAliases) return undefined;
    const parsed = parseForEdit(windowText);
    const root = parsed?.document.contents;
    if (!parsed || parsed.errorCount > 0 || !isCollection(root) || root.range?.[0] !== start - first || endOf(root, parsed.text) !== end - first) return undefined;
    return new YamlEditor(windowText, { text: windowText, root, shift: 0, document: parsed.document }, shared.style, first, false);
  }

  get text(): string {
    return this.current;
  }

  commentsOf(text: string): string[] {
    return yamlCommentsOf(text);
  }

  get changed(): boolean {
    return this.current !== this.original;
  }

  /** The edits parse, keep every comment, and did exactly what the recipe asked (see the class comment). */
  get intact(): boolean {
    if (this.refused) return false;
    if (!this.changed) return true;
    // Lines added after the last line of a block mapping, at its keys' column, can only be new pairs of that
    // mapping (the last value has ended: anything continuing it would be indented further), and the text
    // before them is as it was: their own text is all there is to check. A fix adding a Condition to a
    // statement costs a parse of the Condition, not of the statement.
    if (this.appendedOnly) return this.appendedOnly.every(({ text, expected }) => readsAs(text, expected));
    const view = this.view();
    if (!view) return false;
    if (this.removedHash && !keepsComments(this.original, this.current)) return false;
    return sameShape(shapeOf(view.root), this.expected.root);
  }

  /** The path of the node with exactly this span (spans of tagged values start at the tag, as yamlTree.ts reads them). */
  pathOf(span: Span): YamlPath | undefined {
    // Like JsonEditor: a key that repeats on the way makes a path ambiguous (a path names the first copy,
    // while policies use the last), so there is no path.
    const found = this.findOriginal(span, false);
    return found && !found.ambiguous ? found.path : undefined;
  }

  /** The path of the value of the property whose key has this span. */
  pathOfKey(keySpan: Span): YamlPath | undefined {
    const found = this.findOriginal(keySpan, true);
    return found && !found.ambiguous ? found.path : undefined;
  }

  /** The value of an original node; a short-form intrinsic in CloudFormation's long form (`{"Ref": "X"}`), so it can be written back as it was. */
  valueAt(span: Span): unknown {
    const found = this.findOriginal(span, false);
    if (!found) return undefined;
    const node = isAlias(found.node) ? found.node.resolve(this.originalView.document) : found.node;
    return plainValueOf(node);
  }

  private findOriginal(span: Span, key: boolean) {
    const view = this.originalView;
    const local = { offset: span.offset - this.base + view.shift, length: span.length };
    return findBySpan(view.root, local, view.text, key);
  }

  /** Replaces the value at a path (adds it when the last key or index is one past the end). */
  set(path: YamlPath, value: unknown): this {
    const view = this.view();
    const located = view && locate(view.root, path);
    const last = path[path.length - 1];
    if (view && !located && path.length > 0) {
      const parent = locate(view.root, path.slice(0, -1));
      if (isMap(parent?.node) && typeof last === 'string') return this.insertProperty(path.slice(0, -1), last, value);
      if (isSeq(parent?.node) && last === parent.node.items.length) return this.appendItem(path.slice(0, -1), value);
    }
    if (!view || !located || !this.editable(view, located, true)) return this.refuse();
    const style = this.styleAt(view, located.chain);
    const node = likeOld(createNode(value, style, inFlow(located.chain)), located.node);
    return this.apply(view, setValue(view.text, located, node, style), (shape) => shape.set(path, shapeOf(node)));
  }

  insertProperty(objectPath: YamlPath, key: string, value: unknown, index?: number): this {
    const target = this.newItem(objectPath, value, isMap);
    if (!target) return this.refuse();
    const { view, located, collection, style, node } = target;
    const at = Math.min(index ?? collection.items.length, collection.items.length);
    const splice = insertPair(view.text, collection, located.chain, key, node, at, style);
    const atEnd = splice !== undefined && splice.length === 0 && splice.offset - view.shift === this.current.length;
    const appended = atEnd && located.chain.length === 0 && !collection.flow ? { key, node } : undefined;
    return this.apply(view, splice, (shape) => shape.insert(objectPath, key, shapeOf(node), at), appended);
  }

  appendItem(arrayPath: YamlPath, value: unknown): this {
    const target = this.newItem(arrayPath, value, isSeq);
    if (!target) return this.refuse();
    const { view, located, collection, style, node } = target;
    return this.apply(view, appendItem(view.text, collection, located.chain, node, style), (shape) => shape.append(arrayPath, shapeOf(node)));
  }

  /** The collection an item goes into, the style around it and the item's node; undefined when it cannot take one. */
  private newItem(path: YamlPath, value: unknown, isKind: (node: unknown) => boolean) {
    const view = this.view();
    const located = view && locate(view.root, path);
    const collection = located?.node;
    if (!view || !located || !isKind(collection) || !this.editable(view, located, false)) return undefined;
    const chain = [...located.chain, collection as Collection];
    const style = this.styleAt(view, chain);
    return { view, located, collection: collection as Collection, style, node: createNode(value, style, inFlow(chain)) };
  }

  remove(path: YamlPath): this {
    const view = this.view();
    const located = view && locate(view.root, path);
    const parent = located?.chain[located.chain.length - 1];
    if (!view || !located || !parent || !this.editable(view, located, true)) return this.refuse();
    // The only item: the collection stays, empty.
    if (parent.items.length === 1) {
      this.set(path.slice(0, -1), isMap(parent) ? {} : []);
      return this;
    }
    return this.apply(view, removeItem(view.text, parent, located.chain.slice(0, -1), located.index), (shape) => shape.remove(path));
  }

  renameKey(path: YamlPath, newKey: string): this {
    const view = this.view();
    const located = view && locate(view.root, path);
    const map = located?.chain[located.chain.length - 1];
    if (!view || !located || !isMap(map) || !this.editable(view, located, false)) return this.refuse();
    const style = this.styleAt(view, located.chain);
    return this.apply(view, renameKey(view.text, map, located.chain.slice(0, -1), located.index, newKey, style), (shape) => shape.rename(path, newKey));
  }

  keysAt(path: YamlPath): string[] {
    const view = this.view();
    const node = view && locate(view.root, path)?.node;
    return isMap(node) ? node.items.map((pair) => keyText(pair.key)) : [];
  }

  /** The one edit from the original text to the current one (document offsets); none when an edit was refused. */
  edits(): OffsetEdit[] {
    const diff = this.refused ? undefined : minimalReplacement(this.original, this.current);
    const edit = diff && insertionAtLineStart(this.original, diff);
    return edit ? [{ ...edit, offset: edit.offset + this.base }] : [];
  }

  /** The nodes of the current text; undefined when it does not parse cleanly (then nothing more is edited). */
  private view(): View | undefined {
    if (this.currentView?.text !== this.current && this.current !== this.original) {
      const parsed = parseForEdit(this.current);
      this.currentView = parsed && parsed.errorCount === 0 ? { text: this.current, root: parsed.document.contents, shift: 0, document: parsed.document } : undefined;
    }
    return this.current === this.original ? this.originalView : this.currentView;
  }

  private styleAt(view: View, chain: readonly Collection[]): YamlStyle {
    return styleNear(chain, view.text, this.fallbackStyle);
  }

  /**
   * Not through an alias, nor inside a node whose anchor an alias refers to; `replaced`: the node itself
   * goes, so it must hold no alias and no such anchor either (the aliased restriction would go with it).
   */
  private editable(view: View, located: Located, replaced: boolean): boolean {
    if (!this.mayMeetAliases) return true;
    const aliased = aliasedAnchors(view.document.contents);
    if (located.chain.some((collection) => collection.anchor !== undefined && aliased.has(collection.anchor))) return false;
    if (isAlias(located.node)) return false;
    if (replaced) return !holdsAliasOrAnchor(located.node, aliased);
    return !(isCollection(located.node) && located.node.anchor !== undefined && aliased.has(located.node.anchor));
  }

  /** `appended`: the splice adds this pair after the last line of the root mapping (see `intact`). */
  private apply(view: View, splice: Splice | undefined, reshape: (shape: ShapeEdits) => boolean, appended?: { key: string; node: YamlNode }): this {
    if (this.refused) return this;
    if (!splice || !reshape(this.expected)) return this.refuse();
    const offset = splice.offset - view.shift;
    if (offset < 0 || offset + splice.length > this.current.length) return this.refuse();
    if (this.endIsOpen && offset + splice.length === this.current.length) return this.refuse();
    if (this.current.slice(offset, offset + splice.length).includes('#')) this.removedHash = true;
    this.current = this.current.slice(0, offset) + splice.content + this.current.slice(offset + splice.length);
    // The pair's own text: its lines after the line break, at the mapping's column.
    const pairText = appended && /^\r?\n( *)/.exec(splice.content) ? splice.content.replace(/^\r?\n/, '') : undefined;
    if (appended && pairText !== undefined) this.appendedOnly?.push({ text: pairText, expected: { kind: 'map', pairs: [[appended.key, shapeOf(appended.node)]] } });
    else this.appendedOnly = undefined;
    return this;
  }

  private refuse(): this {
    this.refused = true;
    return this;
  }
}

/** Errors of the `yaml` package's reading (duplicate keys allowed, as the linter reads them). */
export function yamlErrorCount(text: string): number {
  return parseForEdit(text)?.errorCount ?? 1;
}

/** The last value written in a node (its last item's, all the way down) is a block scalar that keeps its trailing lines (`|+`, `>+`). */
function endsInBlockScalar(node: unknown): boolean {
  let last = node;
  while (isCollection(last) && last.items.length > 0) {
    const item = last.items[last.items.length - 1];
    last = isPair(item) ? item.value : item;
  }
  if (!isScalar(last) || (last.type !== Scalar.BLOCK_LITERAL && last.type !== Scalar.BLOCK_FOLDED)) return false;
  const token = last.srcToken;
  const header = token?.type === 'block-scalar' ? token.props.find((t): t is CST.SourceToken => t.type === 'block-scalar-header')?.source : undefined;
  return header === undefined || header.includes('+');
}

/** Every comment of `before` is still in `after`, as many times. */
function keepsComments(before: string, after: string): boolean {
  const left = new Map<string, number>();
  for (const comment of yamlCommentsOf(after)) left.set(comment, (left.get(comment) ?? 0) + 1);
  return yamlCommentsOf(before).every((comment) => {
    const count = left.get(comment) ?? 0;
    left.set(comment, count - 1);
    return count > 0;
  });
}

