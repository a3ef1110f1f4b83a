import { isAlias, isCollection, isMap, isPair, isSeq, Lexer, parseDocument } from 'yaml';
import { minimalReplacement } from '../textDiff';
import type { Span } from '../tree';
import type { EditPath, PolicyEditor } from './policyEditor';
import type { OffsetEdit } from './types';
import { endOf, inFlow, lineEnd, lineStart, styleNear, type Collection } from './yamlLayout';
import { createNode, likeOld, plainValueOf, type YamlStyle } from './yamlRender';
import { sameShape, shapeOf, ShapeEdits } from './yamlShape';
import { findBySpan, keyText, locate, parseForEdit, sharedYaml, type Located, type ParsedYaml } from './yamlSource';
import { appendItem, insertPair, removeItem, renameKey, setValue, type Splice } from './yamlSplice';

export type YamlPath = EditPath;

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
  /** Edits stay inside the edited node, so a window's edits always fit the document. */
  readonly fitsDocument = true;
  private current: string;
  private currentParse: ParsedYaml | undefined;
  private readonly expected: ShapeEdits;
  private refused = false;

  private constructor(
    /** The text edited: the whole document, or a window on one statement. */
    readonly original: string,
    private readonly originalParse: ParsedYaml,
    /** The style of the document where the edited text sits, for places whose neighbourhood shows none. */
    private readonly fallbackStyle: YamlStyle,
    /** Where `original` starts in the document. */
    private readonly base: number,
  ) {
    this.current = original;
    this.currentParse = originalParse;
    this.expected = new ShapeEdits(shapeOf(originalParse.document.contents));
  }

  /** The whole text; undefined when it is not a single well-formed YAML document: fixes then offer nothing. */
  static open(text: string, indentUnit?: number): YamlEditor | undefined {
    return YamlEditor.forStatement(text, undefined, undefined, indentUnit);
  }

  /**
   * An editor for a fix: on a window holding the statement at `statementSpan` when there is one and the
   * document uses no aliases (an alias elsewhere may stand for part of the statement), else on the whole
   * text. `file` (the lint's PolicyFile) keys the one parse of the text that every fix on it shares.
   */
  static forStatement(text: string, statementSpan: Span | undefined, file: { readonly text: string } | undefined, indentUnit?: number): YamlEditor | undefined {
    const shared = sharedYaml(text, file, indentUnit);
    if (!shared || shared.parsed.errorCount > 0 || !shared.parsed.document.contents) return undefined;
    if (statementSpan && !shared.hasAliases) {
      const window = YamlEditor.window(shared.parsed, statementSpan, shared.style);
      if (window) return window;
    }
    return new YamlEditor(text, shared.parsed, shared.style, 0);
  }

  /**
   * The statement's text from the start of its line, with whatever precedes it there (`- `, the indentation)
   * turned into spaces: it parses as the same node at the same columns. Its trailing comment is included, so
   * that a property appended after its last line goes after the comment too.
   */
  private static window(whole: ParsedYaml, span: Span, documentStyle: YamlStyle): YamlEditor | undefined {
    const found = findBySpan(whole.document.contents, span, whole.text, false);
    if (!found || !isCollection(found.node)) return undefined;
    const text = whole.text;
    const start = span.offset;
    const end = span.offset + span.length;
    const first = lineStart(text, start);
    const last = lineEnd(text, end);
    const windowEnd = /^[ \t]*(#.*)?$/.test(text.slice(end, last)) ? last : end;
    const parsed = parseForEdit(' '.repeat(start - first) + text.slice(start, windowEnd));
    const root = parsed?.document.contents;
    if (!parsed || parsed.errorCount > 0 || !isCollection(root) || root.range?.[0] !== start - first || endOf(root, parsed.text) !== end - first) return undefined;
    return new YamlEditor(parsed.text, parsed, styleNear([...found.chain, found.node as Collection], text, documentStyle), first);
  }

  get text(): string {
    return this.current;
  }

  get changed(): boolean {
    return this.current !== this.original;
  }

  /** The edits parse, keep every comment, and did exactly what the recipe asked (see the class comment). */
  get intact(): boolean {
    if (this.refused) return false;
    if (!this.changed) return true;
    const parsed = this.parsed();
    if (!parsed || parsed.errorCount > 0 || !keepsComments(this.original, this.current)) return false;
    return sameShape(shapeOf(parsed.document.contents), this.expected.root);
  }

  /** The path of the node with exactly this span (spans of tagged values start at the tag, as yamlTree.ts reads them). */
  pathOf(span: Span): YamlPath | undefined {
    // Like JsonEditor: a key that repeats on the way makes a path ambiguous (a path names the first copy,
    // while policies use the last), so there is no path.
    const found = findBySpan(this.originalParse.document.contents, this.local(span), this.original, false);
    return found && !found.ambiguous ? found.path : undefined;
  }

  /** The path of the value of the property whose key has this span. */
  pathOfKey(keySpan: Span): YamlPath | undefined {
    const found = findBySpan(this.originalParse.document.contents, this.local(keySpan), this.original, true);
    return found && !found.ambiguous ? found.path : undefined;
  }

  /** The value of an original node; a short-form intrinsic in CloudFormation's long form (`{"Ref": "X"}`), so it can be written back as it was. */
  valueAt(span: Span): unknown {
    const found = findBySpan(this.originalParse.document.contents, this.local(span), this.original, false);
    if (!found) return undefined;
    const node = isAlias(found.node) ? found.node.resolve(this.originalParse.document) : found.node;
    return plainValueOf(node);
  }

  /** Replaces the value at a path (adds it when the last key or index is one past the end). */
  set(path: YamlPath, value: unknown): this {
    const located = this.locate(path);
    const last = path[path.length - 1];
    if (!located && path.length > 0) {
      const parent = this.locate(path.slice(0, -1));
      if (isMap(parent?.node) && typeof last === 'string') return this.insertProperty(path.slice(0, -1), last, value);
      if (isSeq(parent?.node) && last === parent.node.items.length) return this.appendItem(path.slice(0, -1), value);
    }
    if (!located || !this.editable(located, true)) return this.refuse();
    const style = this.styleAt(located.chain);
    const node = likeOld(createNode(value, style, inFlow(located.chain)), located.node);
    return this.apply(setValue(this.current, located, node, style), (shape) => shape.set(path, shapeOf(node)));
  }

  insertProperty(objectPath: YamlPath, key: string, value: unknown, index?: number): this {
    const target = this.newItem(objectPath, value, isMap);
    if (!target) return this.refuse();
    const { located, collection, style, node } = target;
    const at = Math.min(index ?? collection.items.length, collection.items.length);
    return this.apply(insertPair(this.current, collection, located.chain, key, node, at, style), (shape) => shape.insert(objectPath, key, shapeOf(node), at));
  }

  appendItem(arrayPath: YamlPath, value: unknown): this {
    const target = this.newItem(arrayPath, value, isSeq);
    if (!target) return this.refuse();
    const { located, collection, style, node } = target;
    return this.apply(appendItem(this.current, collection, located.chain, node, style), (shape) => shape.append(arrayPath, shapeOf(node)));
  }

  /** The collection an item goes into, the style around it and the item's node; undefined when it cannot take one. */
  private newItem(path: YamlPath, value: unknown, isKind: (node: unknown) => boolean) {
    const located = this.locate(path);
    const collection = located?.node;
    if (!located || !isKind(collection) || !this.editable(located, false)) return undefined;
    const chain = [...located.chain, collection as Collection];
    const style = this.styleAt(chain);
    return { located, collection: collection as Collection, style, node: createNode(value, style, inFlow(chain)) };
  }

  remove(path: YamlPath): this {
    const located = this.locate(path);
    const parent = located?.chain[located.chain.length - 1];
    if (!located || !parent || !this.editable(located, true)) return this.refuse();
    // The only item: the collection stays, empty.
    if (parent.items.length === 1) {
      this.set(path.slice(0, -1), isMap(parent) ? {} : []);
      return this;
    }
    return this.apply(removeItem(this.current, parent, located.chain.slice(0, -1), located.index), (shape) => shape.remove(path));
  }

  renameKey(path: YamlPath, newKey: string): this {
    const located = this.locate(path);
    const map = located?.chain[located.chain.length - 1];
    if (!located || !isMap(map) || !this.editable(located, false)) return this.refuse();
    const style = this.styleAt(located.chain);
    return this.apply(renameKey(this.current, map, located.chain.slice(0, -1), located.index, newKey, style), (shape) => shape.rename(path, newKey));
  }

  keysAt(path: YamlPath): string[] {
    const node = this.locate(path)?.node;
    return isMap(node) ? node.items.map((pair) => keyText(pair.key)) : [];
  }

  /** The one edit from the original text to the current one (document offsets); none when an edit was refused. */
  edits(): OffsetEdit[] {
    const edit = this.refused ? undefined : minimalReplacement(this.original, this.current);
    return edit ? [{ ...edit, offset: edit.offset + this.base }] : [];
  }

  private local(span: Span): Span {
    return { offset: span.offset - this.base, length: span.length };
  }

  private parsed(): ParsedYaml | undefined {
    if (this.currentParse?.text !== this.current) this.currentParse = parseForEdit(this.current);
    return this.currentParse;
  }

  private locate(path: YamlPath): Located | undefined {
    const parsed = this.parsed();
    if (!parsed || parsed.errorCount > 0) return undefined;
    return locate(parsed.document.contents, path);
  }

  private styleAt(chain: readonly Collection[]): YamlStyle {
    return styleNear(chain, this.current, this.fallbackStyle);
  }

  /**
   * Not through an alias, nor inside a node whose anchor an alias refers to; `replaced`: the node itself
   * goes, so it must hold no alias and no such anchor either (the aliased restriction would go with it).
   */
  private editable(located: Located, replaced: boolean): boolean {
    const parsed = this.parsed();
    if (!parsed) return false;
    const aliased = aliasedAnchors(parsed.document.contents);
    if (aliased.size === 0 && !replaced) return true;
    if (located.chain.some((collection) => collection.anchor !== undefined && aliased.has(collection.anchor))) return false;
    if (isAlias(located.node)) return false;
    if (replaced && holdsAliasOrAnchor(located.node, aliased)) return false;
    return !(isCollection(located.node) && located.node.anchor !== undefined && aliased.has(located.node.anchor));
  }

  private apply(splice: Splice | undefined, reshape: (shape: ShapeEdits) => boolean): this {
    if (this.refused) return this;
    if (!splice || !reshape(this.expected)) return this.refuse();
    this.current = this.current.slice(0, splice.offset) + splice.content + this.current.slice(splice.offset + splice.length);
    return this;
  }

  private refuse(): this {
    this.refused = true;
    return this;
  }
}

/** Errors of the `yaml` package's reading (the linter's lenient reading: duplicate keys allowed). */
export function yamlErrorCount(text: string): number {
  try {
    return parseDocument(text, { uniqueKeys: false, prettyErrors: false }).errors.length;
  } catch {
    return 1;
  }
}

/** Every `#` comment's text in order (comments inside quoted or block scalars are text, not comments). */
export function yamlCommentsOf(text: string): string[] {
  try {
    return [...new Lexer().lex(text)].filter((token) => token.startsWith('#'));
  } catch {
    return [];
  }
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

/** The anchors some alias refers to. */
function aliasedAnchors(root: unknown): Set<string> {
  const names = new Set<string>();
  forEachNode(root, (node) => {
    if (isAlias(node)) names.add(node.source);
  });
  return names;
}

function holdsAliasOrAnchor(root: unknown, aliased: ReadonlySet<string>): boolean {
  let found = false;
  forEachNode(root, (node) => {
    const anchor = (node as { anchor?: string }).anchor;
    if (isAlias(node) || (anchor !== undefined && aliased.has(anchor))) found = true;
  });
  return found;
}

function forEachNode(root: unknown, visit: (node: unknown) => void): void {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (node === null || node === undefined) continue;
    visit(node);
    if (isPair(node)) pending.push(node.key, node.value);
    else if (isCollection(node)) pending.push(...node.items);
  }
}
