import {
  createScanner,
  findNodeAtLocation,
  findNodeAtOffset,
  getNodePath,
  getNodeValue,
  modify,
  parseTree,
  SyntaxKind,
  type EditResult,
  type JSONPath,
  type Node as JsonNode,
  type ParseError,
} from 'jsonc-parser';
import type { PolicyFile } from '../model';
import type { Span } from '../tree';
import { toCloudFormationJson, type PolicyEditor } from './policyEditor';
import type { FormattingPreferences, OffsetEdit } from './types';

/**
 * Builds one fix's edits with jsonc-parser: paths come from a single parse of the original text, edits are
 * applied one after another with `modify` (so each sees the previous result), and the final text is diffed
 * against the original into one offset edit. Comments and the user's layout outside the touched nodes
 * survive because only `modify`'s minimal ranges are rewritten.
 *
 * Two operations `modify` cannot express are done on single tokens: renaming a key (the key string is
 * replaced by another JSON string) and removing a node whose separator range holds comments (the node and
 * one comma are removed, the comments stay). Both touch whole tokens found by jsonc-parser's own scanner.
 */
export class JsonEditor implements PolicyEditor {
  readonly format = 'json';
  private current: string;
  /** How inserted values are written: as given, or with `${…}` strings as CloudFormation intrinsics. */
  private convert: (value: unknown) => unknown = (value) => value;
  private currentTree: { readonly text: string; readonly root: JsonNode | undefined } | undefined;

  private constructor(
    /** The text being edited: the whole document, or a window on one statement (see `openWindow`). */
    readonly original: string,
    private readonly root: JsonNode,
    private readonly formatting: FormattingPreferences,
    /** Where `original` starts in the document: model spans and the final edits are document offsets. */
    private readonly base = 0,
    /** The whitespace put in front of a window's node; an edit reaching into it has no place in the document. */
    private readonly lead = 0,
  ) {
    this.current = original;
    this.currentTree = { text: original, root };
  }

  /** Undefined when the text holds no JSON value (e.g. a YAML file): fixes then offer nothing. */
  static open(text: string, formatting: FormattingPreferences, file?: PolicyFile): JsonEditor | undefined {
    const root = parsed(text, file).root;
    return root ? new JsonEditor(text, root, formatting) : undefined;
  }

  /**
   * An editor on one node of the document (a statement), so that every parse `modify` makes is of that node
   * only: fix-all asks for a fix in every statement of a file each round. The node keeps its line's leading
   * whitespace in front of it, because the formatter indents inserted lines from the first line's indent.
   * Paths are relative to the node. Undefined when the span is not exactly one JSON value, or when the node
   * does not start its line (the whole document is edited then).
   */
  static openWindow(text: string, span: Span, formatting: FormattingPreferences): JsonEditor | undefined {
    const lineStart = Math.max(text.lastIndexOf('\n', span.offset - 1), text.lastIndexOf('\r', span.offset - 1)) + 1;
    const lead = text.slice(lineStart, span.offset);
    // Other text before the node on its line: the formatter would indent from that line, so no window.
    if (!/^[ \t]*$/.test(lead)) return undefined;
    const window = lead + text.slice(span.offset, span.offset + span.length);
    const errors: ParseError[] = [];
    const root = parseTree(window, errors, { allowTrailingComma: true, disallowComments: false });
    if (!root || root.offset !== lead.length || root.length !== span.length) return undefined;
    return new JsonEditor(window, root, formatting, span.offset - lead.length, lead.length);
  }

  /** Inserted strings holding `${…}` become `{"Ref": …}` / `{"Fn::GetAtt": …}` / `{"Fn::Sub": …}` (JSON templates). */
  withTemplateValues(): this {
    this.convert = toCloudFormationJson;
    return this;
  }

  /**
   * False when a window's edit reaches into the whitespace put in front of its node (the formatter re-indents
   * from the line start): that whitespace stands for other document text, so the fix must run on the whole
   * document instead.
   */
  get fitsDocument(): boolean {
    const [edit] = this.edits();
    return edit === undefined || edit.offset - this.base >= this.lead;
  }

  /** True when the edited text has no more syntax errors than the original: the edit broke nothing. */
  get intact(): boolean {
    return parsed(this.current, undefined).errorCount <= parsed(this.original, undefined).errorCount;
  }

  get text(): string {
    return this.current;
  }

  get changed(): boolean {
    return this.current !== this.original;
  }

  /**
   * The path of the node of the original text that has exactly this span (a model node's span). Undefined
   * when no JSON node matches (the model came from another format) or when a key on the way repeats in its
   * object: jsonc-parser resolves paths to the first duplicate while policies use the last.
   */
  pathOf(span: Span): JSONPath | undefined {
    const node = this.nodeAt(span);
    return node ? unambiguousPath(node) : undefined;
  }

  /** The path of the property whose key has this span (the path of its value). */
  pathOfKey(keySpan: Span): JSONPath | undefined {
    const keyNode = this.nodeAt(keySpan);
    const property = keyNode?.parent;
    const value = property?.type === 'property' ? property.children?.[1] : undefined;
    return value ? unambiguousPath(value) : undefined;
  }

  /** The plain JSON value of an original node (comments dropped), for moving a value to another key. */
  valueAt(span: Span): unknown {
    const node = this.nodeAt(span);
    return node ? getNodeValue(node) : undefined;
  }

  private nodeAt(documentSpan: Span): JsonNode | undefined {
    const span = { offset: documentSpan.offset - this.base, length: documentSpan.length };
    if (span.offset < 0) return undefined;
    // findNodeAtOffset gives the innermost node at the start; a property shares its start with its key.
    for (let node = findNodeAtOffset(this.root, span.offset); node; node = node.parent) {
      if (node.offset === span.offset && node.length === span.length) return node;
      if (node.parent?.offset !== span.offset) return undefined;
    }
    return undefined;
  }

  /** Sets (or inserts) the value at a path. */
  set(path: JSONPath, value: unknown): this {
    return this.apply(modify(this.current, path, this.convert(value), { formattingOptions: this.formattingOptions() }));
  }

  /** Inserts a property into the object at `objectPath`, at `index` among its properties (default: last). */
  insertProperty(objectPath: JSONPath, key: string, plain: unknown, index?: number): this {
    const value = this.convert(plain);
    const insert = () =>
      this.apply(
        modify(this.current, [...objectPath, key], value, {
          formattingOptions: this.formattingOptions(),
          ...(index === undefined ? {} : { getInsertionIndex: (keys: string[]) => Math.min(index, keys.length) }),
        }),
      );
    const count = this.currentNode(objectPath)?.children?.length ?? 0;
    return index === undefined || index >= count ? this.keepingTrailingComment(objectPath, insert) : insert();
  }

  /** Appends an item to the array at `arrayPath`. */
  appendItem(arrayPath: JSONPath, plain: unknown): this {
    const value = this.convert(plain);
    // In templates only: the intrinsics' argument lists are one-liners; policies keep modify's layout.
    if (this.convert === toCloudFormationJson && this.appendOnOneLine(arrayPath, value)) return this;
    return this.keepingTrailingComment(arrayPath, () =>
      this.apply(modify(this.current, [...arrayPath, -1], value, { formattingOptions: this.formattingOptions(), isArrayInsertion: true })),
    );
  }

  /**
   * An array written on one line stays on one line (`modify` would spread it, and every array around it, over
   * many lines): the item goes after the last one, with the separator the array already uses.
   */
  private appendOnOneLine(arrayPath: JSONPath, value: unknown): boolean {
    const array = this.currentNode(arrayPath);
    const items = array?.type === 'array' ? (array.children ?? []) : [];
    const last = items[items.length - 1];
    if (!array || !last || value === undefined) return false;
    const source = this.current.slice(array.offset, array.offset + array.length);
    if (/[\r\n]/.test(source) || hasComment(source)) return false;
    const before = items[items.length - 2];
    const separator = before ? this.current.slice(before.offset + before.length, last.offset) : ', ';
    const end = last.offset + last.length;
    this.apply([{ offset: end, length: 0, content: separator + JSON.stringify(value) }]);
    return true;
  }

  /**
   * `modify` appends right after the last member's value, so a comment at the end of that member's line
   * (`"aws:Referer": "1111…" // the account`) would end up behind the new member. The comment is lifted out
   * first and put back after the comma that now follows its member.
   */
  private keepingTrailingComment(containerPath: JSONPath, insert: () => void): this {
    const container = this.currentNode(containerPath);
    const members = container?.children ?? [];
    const last = members[members.length - 1];
    if (!container || !last) {
      insert();
      return this;
    }
    let lastPath: JSONPath;
    if (container.type === 'object') {
      const key = last.children?.[0]?.value;
      if (typeof key !== 'string' || members.filter((m) => m.children?.[0]?.value === key).length !== 1) {
        insert();
        return this;
      }
      lastPath = [...containerPath, key];
    } else {
      lastPath = [...containerPath, members.length - 1];
    }
    const end = last.offset + last.length;
    const lineBreak = this.current.slice(end).search(/\r?\n/);
    const rest = this.current.slice(end, lineBreak < 0 ? this.current.length : end + lineBreak);
    const comment = /^[ \t]*(\/\/.*|\/\*(?:(?!\*\/).)*\*\/)[ \t]*$/.exec(rest);
    if (!comment) {
      insert();
      return this;
    }
    const saved = this.current;
    this.current = this.current.slice(0, end) + this.current.slice(end + rest.length);
    insert();
    const member = this.currentNode(lastPath);
    const comma = member ? nextComma(this.current, member.offset + member.length, this.current.length) : undefined;
    if (comma === undefined) {
      // Not the shape expected: undo the lift and insert plainly (the comment then trails the new member).
      this.current = saved;
      insert();
      return this;
    }
    this.current = this.current.slice(0, comma + 1) + ' ' + comment[1] + this.current.slice(comma + 1);
    return this;
  }

  /** Removes a property or an array item. Remove array items from the highest index down. */
  remove(path: JSONPath): this {
    const last = path[path.length - 1];
    if (typeof last === 'number') {
      const array = this.currentNode(path.slice(0, -1));
      const count = array?.children?.length ?? 0;
      if (count > 1 && last === count - 1) return this.removeNode(path);
    } else if ((this.currentNode(path.slice(0, -1))?.children?.length ?? 0) > 1) {
      // `modify` re-formats from the end of the previous member, so a one-line object before the removed
      // property (`"Principal": { "Service": … }`) would be spread over several lines.
      return this.removeNode(path);
    }
    const removed = modify(this.current, path, undefined, {})[0];
    if (removed && hasComment(this.current.slice(removed.offset, removed.offset + removed.length))) return this.removeNode(path);
    return this.apply(modify(this.current, path, undefined, { formattingOptions: this.formattingOptions() }));
  }

  /** Renames the key of the property at `path` (the path of its value), keeping its value untouched. */
  renameKey(path: JSONPath, newKey: string): this {
    const node = this.currentNode(path);
    const keyNode = node?.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    if (!keyNode) throw new Error(`no property at ${path.join('/')}`);
    return this.apply([{ offset: keyNode.offset, length: keyNode.length, content: JSON.stringify(newKey) }]);
  }

  /** Keys of the object at a path in the current text, in order. */
  keysAt(path: JSONPath): string[] {
    const node = this.currentNode(path);
    if (node?.type !== 'object') return [];
    return (node.children ?? []).map((p) => String(p.children?.[0]?.value));
  }

  /** The one edit from the original text to the current one: common prefix and suffix left out. */
  edits(): OffsetEdit[] {
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

  private currentNode(path: JSONPath): JsonNode | undefined {
    // One parse per version of the text, however many lookups a recipe makes between two edits.
    if (this.currentTree?.text !== this.current) {
      this.currentTree = { text: this.current, root: parseTree(this.current, [], { allowTrailingComma: true, disallowComments: false }) };
    }
    const root = this.currentTree.root;
    return root ? findNodeAtLocation(root, path) : undefined;
  }

  private formattingOptions() {
    return { tabSize: this.formatting.tabSize, insertSpaces: this.formatting.insertSpaces, eol: this.formatting.eol };
  }

  private apply(edits: EditResult): this {
    // Apply from the end so earlier offsets stay valid.
    const sorted = [...edits].sort((x, y) => y.offset - x.offset);
    for (const edit of sorted) {
      this.current = this.current.slice(0, edit.offset) + edit.content + this.current.slice(edit.offset + edit.length);
    }
    return this;
  }

  /**
   * Removal done on tokens: when `modify`'s range would swallow comments (a trailing `// note` after the
   * previous value), and for the last item of an array (jsonc-parser 3.3.1 computes that range one character
   * short, leaving the item's closing quote). The node goes with one adjacent comma; its line goes too when
   * nothing else is left on it; comments stay.
   */
  private removeNode(path: JSONPath): this {
    const node = this.currentNode(path);
    if (!node) return this;
    const target = node.parent?.type === 'property' ? node.parent : node;
    const container = target.parent;
    if (!container) throw new Error('cannot remove the root');
    const siblings = container.children ?? [];
    const index = siblings.indexOf(target);
    const text = this.current;
    const start = target.offset;
    const end = target.offset + target.length;
    const containerEnd = container.offset + container.length - 1;
    const commaAfter = nextComma(text, end, index + 1 < siblings.length ? siblings[index + 1]!.offset : containerEnd);
    const previous = index > 0 ? siblings[index - 1] : undefined;
    const commaBefore = commaAfter === undefined && previous ? nextComma(text, previous.offset + previous.length, start) : undefined;
    const edits: { offset: number; length: number; content: string }[] = [];
    let removeStart = start;
    let removeEnd = commaAfter !== undefined ? commaAfter + 1 : end;
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
    return this.apply(edits);
  }
}

/** A node's path, or undefined when a key on the way repeats in its object (the path would resolve to the first). */
function unambiguousPath(node: JsonNode): JSONPath | undefined {
  for (let walk: JsonNode | undefined = node; walk?.parent; walk = walk.parent) {
    const parent: JsonNode = walk.parent;
    if (parent.type === 'property') {
      const key = parent.children?.[0]?.value;
      const object = parent.parent;
      const same = (object?.children ?? []).filter((p) => p.children?.[0]?.value === key);
      if (same.length !== 1) return undefined;
    }
  }
  return getNodePath(node);
}

/** The offset of the first comma in [from, to), skipping whitespace and comments; undefined when another token comes first. */
function nextComma(text: string, from: number, to: number): number | undefined {
  const scanner = createScanner(text.slice(from, to), false);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.CommaToken) return from + scanner.getTokenOffset();
    if (kind === SyntaxKind.Trivia || kind === SyntaxKind.LineBreakTrivia) continue;
    if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) continue;
    return undefined;
  }
  return undefined;
}

export function hasComment(text: string): boolean {
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) return true;
  }
  return false;
}

/** Every comment's text in order: fix-all and the tests check that none is lost. */
export function commentsOf(text: string): string[] {
  const found: string[] = [];
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) {
      found.push(text.slice(scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength()));
    }
  }
  return found;
}

/** Syntax errors under the linter's lenient reading (comments and trailing commas allowed). */
export function syntaxErrorCount(text: string, file?: PolicyFile): number {
  return parsed(text, file).errorCount;
}

interface Parsed {
  readonly text: string;
  readonly root: JsonNode | undefined;
  readonly errorCount: number;
}

/**
 * Every fix request for the findings of one lint shares its PolicyFile: the original text is parsed once
 * per file, not once per finding (fix-all asks for every finding of a file each round). A memo keyed weakly
 * by the file, so nothing outlives the lint result.
 */
const parsedByFile = new WeakMap<PolicyFile, Parsed>();

function parsed(text: string, file: PolicyFile | undefined): Parsed {
  const cached = file ? parsedByFile.get(file) : undefined;
  if (cached && cached.text === text) return cached;
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const result = { text, root, errorCount: errors.length };
  if (file && file.text === text) parsedByFile.set(file, result);
  return result;
}
