import { insertionAtLineStart, minimalReplacement } from '../../policy/textDiff';
import { sameSpan, type ObjectNode, type Span, type TreeNode } from '../../policy/tree';
import type { EditPath, PolicyEditor } from '../../policy/fixes/policyEditor';
import type { OffsetEdit } from '../../policy/fixes/types';
import { columnOf, lineEnd, statementWindow } from './yamlLayout';
import { createNode, renderBlockPair, type YamlStyle } from './yamlRender';
import { readsAs, shapeOf, type Shape } from './yamlShape';
import { yamlCommentsOf, type YamlFile } from './yamlSource';
import { OPEN_CURLY } from '../charCodes';

/**
 * The YAML editor's window on a statement, read off the quick reader's tree (yamlQuickTree.ts) of the linted
 * text instead of a `yaml` package parse of the window. Fix-all on a template asks for a fix in every open
 * statement, and most of them add one property (`Condition`) after a block mapping's last line: that one edit
 * is spliced here from the tree's spans, written by the same rendering and checked the same way as
 * YamlEditor's (`readsAs` on the added pair's own text), so it costs no parse of the statement at all.
 *
 * Anything else (another edit, a second edit, a path below the statement, a statement whose layout this does
 * not measure exactly: a flow mapping, a tagged block value, a block scalar at its end...) is handed to the
 * YamlEditor the window would have had (`full`), with the edits made so far replayed on it: the result is
 * always the YamlEditor's. test/unit/yaml-quick-window.test.ts holds the two to the same edits.
 */
export class QuickWindowEditor implements PolicyEditor {
  readonly format = 'yaml';
  readonly keepsEveryComment = true;
  readonly fitsDocument = true;
  private current: string;
  /** The added pair's text (its lines after the line break) and what it must read as. */
  private appended: RenderedPair | undefined;
  /** The edits made here, to replay on the full editor. */
  private readonly made: ((editor: PolicyEditor) => void)[] = [];
  private fullEditor: PolicyEditor | null | undefined;

  private constructor(
    /** The window's text: the statement's lines, with what precedes it on its first line turned into spaces. */
    readonly original: string,
    /** Where the window starts in the document. */
    private readonly base: number,
    private readonly statement: ObjectNode,
    /** The style new nodes are written in (measured as YamlEditor measures it on the window's root). */
    private readonly style: YamlStyle,
    private readonly openFull: () => PolicyEditor | undefined,
  ) {
    this.current = original;
  }

  /**
   * A window on the statement at `span`, when the quick reader read the text and the statement is a block
   * mapping whose layout is measured here exactly; undefined otherwise (the caller opens a YamlEditor).
   * Declines exactly where YamlEditor's window would not be opened on a parse of the statement alone: a text
   * that may use aliases.
   */
  static open(text: string, span: Span, shared: YamlFile, openFull: () => PolicyEditor | undefined): QuickWindowEditor | undefined {
    const tree = shared.quickReading;
    if (!tree || shared.mayUseAliases) return undefined;
    const statement = nodeWithSpan(tree, span);
    if (statement?.type !== 'object' || statement.properties.length === 0 || text.charCodeAt(span.offset) === OPEN_CURLY) return undefined;
    const style = rootStyle(statement, text, shared.style);
    if (!style) return undefined;
    const { first, windowText } = statementWindow(text, span);
    return new QuickWindowEditor(windowText, first, statement, style, openFull);
  }

  get text(): string {
    return this.fullEditor === undefined ? this.current : (this.fullEditor?.text ?? this.current);
  }

  get changed(): boolean {
    return this.text !== this.original;
  }

  get intact(): boolean {
    if (this.fullEditor !== undefined) return this.fullEditor?.intact ?? false;
    if (!this.appended) return true;
    return this.appended.readsBack();
  }

  commentsOf(text: string): string[] {
    return yamlCommentsOf(text);
  }

  /** The statement itself is the window's root; any other node's path is the full editor's to find. */
  pathOf(span: Span): EditPath | undefined {
    if (this.fullEditor === undefined && sameSpan(span, this.statement.span)) return [];
    return this.full()?.pathOf(span);
  }

  pathOfKey(keySpan: Span): EditPath | undefined {
    return this.full()?.pathOfKey(keySpan);
  }

  valueAt(span: Span): unknown {
    return this.full()?.valueAt(span);
  }

  keysAt(path: EditPath): string[] {
    return this.full()?.keysAt(path) ?? [];
  }

  /** A property after the statement's last one, as YamlEditor's `insertPair` writes it at the end of a block mapping. */
  insertProperty(objectPath: EditPath, key: string, value: unknown, index?: number): this {
    const properties = this.statement.properties;
    if (this.fullEditor === undefined && this.made.length === 0 && objectPath.length === 0 && (index === undefined || index >= properties.length)) {
      const splice = this.appendedPair(key, value);
      if (splice) {
        this.current = this.current.slice(0, splice.offset) + splice.content + this.current.slice(splice.offset);
        this.appended = splice.rendered;
        this.made.push((editor) => editor.insertProperty(objectPath, key, value, index));
        return this;
      }
    }
    this.full()?.insertProperty(objectPath, key, value, index);
    return this;
  }

  set(path: EditPath, value: unknown): this {
    this.full()?.set(path, value);
    return this;
  }

  appendItem(arrayPath: EditPath, value: unknown): this {
    this.full()?.appendItem(arrayPath, value);
    return this;
  }

  remove(path: EditPath): this {
    this.full()?.remove(path);
    return this;
  }

  renameKey(path: EditPath, newKey: string): this {
    this.full()?.renameKey(path, newKey);
    return this;
  }

  edits(): OffsetEdit[] {
    if (this.fullEditor !== undefined) return this.fullEditor?.edits() ?? [];
    const diff = minimalReplacement(this.original, this.current);
    const edit = diff && insertionAtLineStart(this.original, diff);
    return edit ? [{ ...edit, offset: edit.offset + this.base }] : [];
  }

  /**
   * The pair's text, inserted at the end of the last property's line, at the first key's column; undefined
   * where that is not exactly what YamlEditor would write, or where YamlEditor would check more than the
   * pair's own text (an insertion before the window's end).
   */
  private appendedPair(key: string, value: unknown) {
    const properties = this.statement.properties;
    const lastValue = properties[properties.length - 1]!.value;
    if (lastValue.span.length === 0 || endsInBlockScalar(lastValue, this.original, this.base)) return undefined;
    const offset = lineEnd(this.original, lastValue.span.offset + lastValue.span.length - this.base);
    if (offset !== this.original.length) return undefined;
    const column = columnOf(this.original, properties[0]!.keySpan.offset - this.base);
    const rendered = renderedPair(key, value, column, this.style);
    return { offset, content: this.style.eol + rendered.text, rendered };
  }

  /** The YamlEditor of this window, with the edits made here replayed on it (once; undefined when it cannot be opened). */
  private full(): PolicyEditor | undefined {
    if (this.fullEditor === undefined) {
      const editor = this.openFull();
      for (const edit of this.made) if (editor) edit(editor);
      this.fullEditor = editor ?? null;
    }
    return this.fullEditor ?? undefined;
  }
}

/**
 * Pairs recently rendered, with the shape they must read back as: fix-all adds the same Condition, at the
 * same column and in the same style, to every open statement of a template. Bounded, so it never grows with
 * the input.
 */
const renderedPairs = new Map<string, RenderedPair>();
const RENDERED_LIMIT = 64;

function renderedPair(key: string, value: unknown, column: number, style: YamlStyle): RenderedPair {
  // Only values JSON writes out exactly (no undefined, NaN, class instances) are keyed by their JSON.
  const cacheKey = isPlainData(value) ? JSON.stringify([key, value, column, style]) : undefined;
  let found = cacheKey === undefined ? undefined : renderedPairs.get(cacheKey);
  if (!found) {
    const node = createNode(value, style, false);
    found = new RenderedPair(' '.repeat(column) + renderBlockPair(key, node, column, style), { kind: 'map', pairs: [[key, shapeOf(node)]] });
    if (renderedPairs.size >= RENDERED_LIMIT) renderedPairs.clear();
    if (cacheKey !== undefined) renderedPairs.set(cacheKey, found);
  }
  return found;
}

/** A pair's lines at its column, and whether they read back as exactly the pair (YamlEditor's check of an appended pair), found once. */
class RenderedPair {
  private verdict: boolean | undefined;

  constructor(
    readonly text: string,
    private readonly expected: Shape,
  ) {}

  readsBack(): boolean {
    this.verdict ??= readsAs(this.text, this.expected);
    return this.verdict;
  }
}

function isPlainData(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isPlainData);
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every(isPlainData);
}


/** The node with exactly this span, found by descending into the node that holds it (a binary search at each level). */
function nodeWithSpan(root: TreeNode, span: Span): TreeNode | undefined {
  let node: TreeNode | undefined = root;
  while (node) {
    if (sameSpan(node.span, span)) return node;
    if (node.type === 'object') node = holding(node.properties, span, (property) => property.value);
    else if (node.type === 'array') node = holding(node.items, span, (item) => item);
    else return undefined;
  }
  return undefined;
}

/** The child (in text order) whose span holds `span`: the last that starts at or before it, if it reaches its end. */
function holding<T>(children: readonly T[], span: Span, nodeOf: (child: T) => TreeNode): TreeNode | undefined {
  let low = 0;
  let high = children.length - 1;
  let found: TreeNode | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const child = nodeOf(children[middle]!);
    if (child.span.offset <= span.offset) {
      found = child;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found && span.offset + span.length <= found.span.offset + found.span.length ? found : undefined;
}

/** A short-form intrinsic as the quick reader gives it: a one-key mapping whose key is the tag (`!Ref` → `Ref`). */
function isShortForm(node: TreeNode, text: string): boolean {
  return node.type === 'object' && node.properties.length === 1 && node.properties[0]!.keySpan.offset === node.span.offset && text.charCodeAt(node.span.offset) === 0x21;
}

/**
 * YamlEditor's `styleNear` on the window's root mapping alone, read off the tree: the nesting step of the
 * first block mapping and block sequence under its keys, the quotes of its scalar values, the rest the file's.
 * Undefined where a value is written in a way the tree does not show as the `yaml` package's nodes do (a key
 * with a tag or an anchor, a tagged value over several lines).
 */
function rootStyle(root: ObjectNode, text: string, fallback: YamlStyle): YamlStyle | undefined {
  let indent: number | undefined;
  let indentSeq: boolean | undefined;
  let single = 0;
  let double = 0;
  const countQuote = (scalar: TreeNode) => {
    const quote = text.charCodeAt(scalar.span.offset);
    if (quote === 0x27) single++;
    else if (quote === 0x22) double++;
  };
  for (const property of root.properties) {
    if (!/^[A-Za-z0-9_:'"]/.test(text.charAt(property.keySpan.offset))) return undefined;
    const value = property.value;
    const keyColumn = columnOf(text, property.keySpan.offset);
    if (isShortForm(value, text)) {
      if (text.slice(value.span.offset, value.span.offset + value.span.length).includes('\n')) return undefined;
      const inner = (value as ObjectNode).properties[0]!.value;
      if (inner.type === 'scalar') countQuote(inner);
      continue;
    }
    if (value.type === 'scalar') {
      countQuote(value);
      continue;
    }
    if (value.type === 'token') return undefined;
    const opening = text.charCodeAt(value.span.offset);
    if (opening === OPEN_CURLY || opening === 0x5b) continue;
    if (value.type === 'object') {
      const firstKey = value.properties[0];
      if (!firstKey) continue;
      const step = columnOf(text, firstKey.keySpan.offset) - keyColumn;
      if (indent === undefined && step > 0) indent = step;
    } else {
      if (value.items.length === 0 || opening !== 0x2d) return undefined;
      const step = columnOf(text, value.span.offset) - keyColumn;
      if (indentSeq === undefined) {
        indentSeq = step > 0;
        if (step > 0 && indent === undefined) indent = step;
      }
    }
  }
  return {
    indent: indent ?? fallback.indent,
    indentSeq: indentSeq ?? fallback.indentSeq,
    flowPadding: fallback.flowPadding,
    singleQuote: single + double === 0 ? fallback.singleQuote : single >= double,
    eol: fallback.eol,
  };
}

/**
 * The last value written in the node (its last item's, all the way down, into short-form intrinsics) is a
 * block scalar, or empty: YamlEditor refuses to add after a block scalar that may keep its trailing lines.
 */
function endsInBlockScalar(node: TreeNode, window: string, base: number): boolean {
  let last = node;
  for (;;) {
    if (last.type === 'object' && last.properties.length > 0) last = last.properties[last.properties.length - 1]!.value;
    else if (last.type === 'array' && last.items.length > 0) last = last.items[last.items.length - 1]!;
    else break;
  }
  const first = window.charAt(last.span.offset - base);
  return first === '|' || first === '>' || last.span.length === 0;
}
