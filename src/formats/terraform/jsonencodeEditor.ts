import { nodeWithSpan, pathTo, plainValue } from '../../policy/fixes/treePaths';
import { eolOf } from '../lineEnds';
import type { EditPath, PolicyEditor } from '../../policy/fixes/policyEditor';
import type { OffsetEdit } from '../../policy/fixes/types';
import type { JsonTemplate } from '../../policy/templates';
import { minimalReplacement } from '../../policy/textDiff';
import type { ArrayNode, ObjectNode, Span, TreeNode } from '../../policy/tree';
import { terraformComments } from './comments';
import { readHclTree } from './hclReader';
import { hclToTree } from './hclValues';
import { hclValue, type HclStyle } from './hclWriter';
import { withTerraformTree } from './parser';
import { firstSyntaxError } from './syntaxErrors';

/**
 * Edits a policy written as `jsonencode({…})` in HCL object syntax, by the same paths as the JSON editor. Each
 * edit is a splice of the file's text at a node of the policy, written the way the neighbouring keys are
 * (bare or quoted keys, `=` or `:`, commas or none, their indentation, `=` aligned with the line above); after
 * each edit the policy alone is parsed again (edits stay inside it, so its start does not move, and a fix costs
 * the policy's size, not the file's). Nothing outside the splices changes, so comments and layout stay.
 */

interface Located {
  readonly node: TreeNode;
  readonly container: ObjectNode | ArrayNode | undefined;
  readonly index: number;
}

/** `terraform fmt`'s level of indentation, for a policy whose own cannot be seen (all on one line). */
const FMT_INDENT = '  ';

/**
 * One level of indentation as the policy writes it: what a member on its own line adds to the indentation of
 * the line its container opens on (the first such container decides), else `terraform fmt`'s two spaces.
 */
function indentUnitIn(text: string, root: ObjectNode): string {
  const containers: (ObjectNode | ArrayNode)[] = [root];
  for (let i = 0; i < containers.length; i++) {
    const container = containers[i]!;
    const members = container.type === 'object' ? container.properties.map((p) => p.value) : container.items;
    const first = container.type === 'object' ? container.properties[0]?.span : container.items[0]?.span;
    if (first && text.slice(container.span.offset, first.offset).includes('\n')) {
      const outer = lineIndent(text, container.span.offset);
      const inner = lineIndent(text, first.offset);
      const unit = inner.startsWith(outer) ? inner.slice(outer.length) : '';
      if (/^(?: +|\t+)$/.test(unit)) return unit;
    }
    for (const member of members) if (member.type === 'object' || member.type === 'array') containers.push(member);
  }
  return FMT_INDENT;
}

export class JsonencodeEditor implements PolicyEditor {
  readonly format = 'hcl';
  private current: string;
  private currentRoot: { readonly text: string; readonly root: ObjectNode | undefined };
  private readonly originalErrors: boolean;
  /** One level of indentation in this policy (four spaces, a tab…), for the lines a fix writes. */
  private readonly unit: string;

  private constructor(
    readonly original: string,
    private readonly root: ObjectNode,
  ) {
    this.current = original;
    this.currentRoot = { text: original, root };
    this.originalErrors = windowHasSyntaxError(original, root.span);
    this.unit = indentUnitIn(original, root);
  }

  /** An editor on the jsonencode object that has this span (the policy's root); undefined when there is none. */
  static open(text: string, rootSpan: Span): JsonencodeEditor | undefined {
    const root = objectInWindow(text, rootSpan);
    return root && root.span.length === rootSpan.length ? new JsonencodeEditor(text, root) : undefined;
  }

  get text(): string {
    return this.current;
  }

  get changed(): boolean {
    return this.current !== this.original;
  }

  /** No syntax error where there was none, and the policy is still where it was. */
  get intact(): boolean {
    if (!this.changed) return true;
    return (this.originalErrors || !windowHasSyntaxError(this.current, this.currentSpan())) && this.tree() !== undefined;
  }

  readonly fitsDocument = true;

  commentsOf(text: string): string[] {
    return JsonencodeEditor.commentsOfText(text);
  }

  static commentsOfText(text: string): string[] {
    return terraformComments(text).map((comment) => comment.text);
  }

  pathOf(span: Span): EditPath | undefined {
    return pathTo(this.root, span, false);
  }

  pathOfKey(keySpan: Span): EditPath | undefined {
    return pathTo(this.root, keySpan, true);
  }

  valueAt(span: Span): unknown {
    const node = nodeWithSpan(this.root, span);
    return node ? plainValue(node) : undefined;
  }

  keysAt(path: EditPath): string[] {
    const found = this.locate(path);
    return found?.node.type === 'object' ? found.node.properties.map((p) => p.key) : [];
  }

  set(path: EditPath, value: unknown): this {
    const found = this.locate(path);
    if (found) return this.splice(found.node.span, this.written(value, found.node.span.offset));
    // A missing property (and any missing object on the way) is inserted into the nearest one that exists.
    let wrapped = value;
    for (let i = path.length - 1; i >= 0; i--) {
      const segment = path[i]!;
      const parent = this.locate(path.slice(0, i));
      if (parent?.node.type === 'object' && typeof segment === 'string') return this.insertMember(parent.node, parent.node.properties.length, segment, wrapped);
      if (parent?.node.type === 'array' && typeof segment === 'number') return this.insertMember(parent.node, parent.node.items.length, undefined, wrapped);
      if (parent) break;
      wrapped = typeof segment === 'string' ? { [segment]: wrapped } : [wrapped];
    }
    throw new Error(`no place for ${path.join('/')}`);
  }

  insertProperty(objectPath: EditPath, key: string, value: unknown, index?: number): this {
    const object = this.locate(objectPath)?.node;
    if (object?.type !== 'object' || object.properties.some((p) => p.key === key)) return this.set([...objectPath, key], value);
    const at = index === undefined ? object.properties.length : Math.max(0, Math.min(index, object.properties.length));
    return this.insertMember(object, at, key, value);
  }

  appendItem(arrayPath: EditPath, value: unknown): this {
    const found = this.locate(arrayPath);
    if (!found) return this.set(arrayPath, [value]);
    if (found.node.type !== 'array') {
      // One value where a list may stand: the list of both, as the JSON editor's callers expect.
      const existing = this.current.slice(found.node.span.offset, end(found.node.span));
      return this.splice(found.node.span, `[${existing}, ${this.written(value, found.node.span.offset)}]`);
    }
    return this.insertMember(found.node, found.node.items.length, undefined, value);
  }

  remove(path: EditPath): this {
    const found = this.locate(path);
    const container = found?.container;
    if (!found || !container) return this;
    const members = container.type === 'object' ? container.properties.map((p) => p.span) : container.items.map((i) => i.span);
    const target = members[found.index]!;
    let start = target.offset;
    let stop = end(target);
    // The separator after it (a comma), then the line when nothing else is left on it.
    const after = /^[ \t]*,/.exec(this.current.slice(stop));
    if (after) stop += after[0].length;
    else if (found.index > 0 && container.type === 'array') {
      const before = /,[ \t]*$/.exec(this.current.slice(end(members[found.index - 1]!), start));
      if (before) start -= before[0].length;
    }
    const lineStart = this.current.lastIndexOf('\n', start - 1) + 1;
    const lineEndIndex = this.current.indexOf('\n', stop);
    const lineEnd = lineEndIndex < 0 ? this.current.length : lineEndIndex + 1;
    if (/^[ \t]*$/.test(this.current.slice(lineStart, start)) && /^[ \t]*\r?\n?$/.test(this.current.slice(stop, lineEnd))) {
      start = lineStart;
      stop = lineEnd;
    }
    return this.splice({ offset: start, length: stop - start }, '');
  }

  renameKey(path: EditPath, newKey: string): this {
    const found = this.locate(path);
    const property = found?.container?.type === 'object' ? found.container.properties[found.index] : undefined;
    if (!property) throw new Error(`no property at ${path.join('/')}`);
    const key = this.key(newKey, this.styleOf(found!.container as ObjectNode));
    // The blanks before `=` too, so that an aligned `=` stays in its column where the new key leaves room.
    const padding = /^[ \t]*(?=[=:])/.exec(this.current.slice(end(property.keySpan)))?.[0] ?? '';
    const column = property.keySpan.length + padding.length;
    const newPadding = padding.length === 0 ? '' : ' '.repeat(Math.max(1, column - key.length));
    return this.splice({ offset: property.keySpan.offset, length: property.keySpan.length + padding.length }, key + newPadding);
  }

  edits(): OffsetEdit[] {
    const change = minimalReplacement(this.original, this.current);
    return change ? [change] : [];
  }

  /** A member written on its own line after the one before it (or, in a one-line container, after a comma). */
  private insertMember(container: ObjectNode | ArrayNode, index: number, key: string | undefined, value: unknown): this {
    const text = this.current;
    const members = container.type === 'object' ? container.properties.map((p) => p.span) : container.items.map((i) => i.span);
    const style = container.type === 'object' ? this.styleOf(container) : undefined;
    const open = container.span.offset;
    const close = end(container.span) - 1;
    const multiLine = text.slice(open, close).includes('\n');
    const usesCommas = container.type === 'array' || (members.length > 1 ? members.some((m) => followedByComma(text, m)) : this.objectsUseCommas());
    if (members.length === 0 || !multiLine) {
      const indent = lineIndent(text, open);
      const member = (level: number) => this.member(key, value, style, indent + this.unit.repeat(level));
      if (members.length === 0) return this.splice({ offset: open + 1, length: close - open - 1 }, `\n${indent}${this.unit}${member(1)}\n${indent}`);
      const lastEnd = end(members[members.length - 1]!);
      return this.splice({ offset: lastEnd, length: 0 }, `, ${member(0)}`);
    }
    const previous = index > 0 ? members[index - 1] : undefined;
    const anchor = previous ?? members[0]!;
    const indent = lineIndent(text, anchor.offset);
    const aligned = previous && key !== undefined && style ? this.alignedKeyWidth(previous, key, style) : undefined;
    const member = this.member(key, value, style, indent, aligned);
    if (previous) {
      const comma = /^[ \t]*,/.exec(text.slice(end(previous)));
      const at = end(previous) + (comma?.[0].length ?? 0);
      const trailing = usesCommas && (comma !== null || index < members.length) ? ',' : '';
      // After the rest of the previous member's line (a comment there stays with it), unless the container closes on it.
      const lineEnd = lineEndOf(text, at);
      const insertAt = close >= at && close < lineEnd ? at : lineEnd;
      const line = `${eolOf(text)}${indent}${member}${trailing}`;
      // Members separated by commas: the previous one gets the comma it lacked as the last one.
      const missingComma = usesCommas && !comma;
      if (missingComma && insertAt === at) return this.splice({ offset: at, length: 0 }, `,${line}`);
      return this.apply([...(missingComma ? [{ offset: end(previous), length: 0, content: ',' }] : []), { offset: insertAt, length: 0, content: line }]);
    }
    const lineStart = text.lastIndexOf('\n', anchor.offset - 1) + 1;
    return this.splice({ offset: lineStart, length: 0 }, `${indent}${member}${usesCommas ? ',' : ''}${eolOf(text)}`);
  }

  /** Whether the policy's objects separate their members with commas (JSON's way), for an object with one member. */
  private objectsUseCommas(): boolean {
    const objects: ObjectNode[] = [];
    const visit = (node: TreeNode) => {
      if (node.type === 'object') objects.push(node);
      for (const child of node.type === 'object' ? node.properties.map((p) => p.value) : node.type === 'array' ? node.items : []) visit(child);
    };
    visit(this.root);
    return objects.some((object) => object.properties.length > 1 && object.properties.some((p) => followedByComma(this.original, p.span)));
  }

  /** `key = value` (or an item alone), its later lines indented from `indent`. */
  private member(key: string | undefined, value: unknown, style: HclStyle | undefined, indent: string, keyWidth?: number): string {
    const written = hclValue(value as JsonTemplate, 0, { ...(style ?? DEFAULT_STYLE), base: indent, unit: this.unit });
    if (key === undefined || !style) return written;
    const keyText = this.key(key, style);
    const padded = keyWidth !== undefined && !written.includes('\n') ? keyText.padEnd(keyWidth) : keyText;
    return `${padded} ${style.separator} ${written}`;
  }

  private key(key: string, style: HclStyle): string {
    return style.quoteKeys || !/^[A-Za-z_][\w-]*$/.test(key) ? JSON.stringify(key) : key;
  }

  /** The width the previous one-line member pads its key to, so that the separators line up as `terraform fmt` does. */
  private alignedKeyWidth(previous: Span, key: string, style: HclStyle): number | undefined {
    const text = this.current.slice(previous.offset, end(previous));
    if (text.includes('\n')) return undefined;
    const match = /^("(?:[^"\\]|\\.)*"|[^\s=:]+)([ \t]*)[=:]/.exec(text);
    if (!match) return undefined;
    const width = match[1]!.length + match[2]!.length - 1;
    return this.key(key, style).length <= width ? width : undefined;
  }

  /** How an object's keys are written: quoted or bare, with `=` or `:`, from its members (the first decides). */
  private styleOf(object: ObjectNode): HclStyle {
    const first = object.properties[0];
    if (!first) return DEFAULT_STYLE;
    const keyText = this.current.slice(first.keySpan.offset, end(first.keySpan));
    const between = this.current.slice(end(first.keySpan), first.value.span.offset);
    return { base: '', separator: between.includes(':') ? ':' : '=', quoteKeys: keyText.startsWith('"') };
  }

  /** A value as HCL, its later lines indented from the line it starts on. */
  private written(value: unknown, at: number): string {
    return hclValue(value as JsonTemplate, 0, { ...DEFAULT_STYLE, base: lineIndent(this.current, at), unit: this.unit });
  }

  private splice(span: Span, content: string): this {
    return this.apply([{ offset: span.offset, length: span.length, content }]);
  }

  private apply(edits: readonly OffsetEdit[]): this {
    for (const edit of [...edits].sort((x, y) => y.offset - x.offset)) {
      this.current = this.current.slice(0, edit.offset) + edit.content + this.current.slice(edit.offset + edit.length);
    }
    return this;
  }

  /** Where the policy's object is in the current text: every edit lies inside it, so only its end moves. */
  private currentSpan(): Span {
    return { offset: this.root.span.offset, length: this.root.span.length + this.current.length - this.original.length };
  }

  private tree(): ObjectNode | undefined {
    if (this.currentRoot.text !== this.current) this.currentRoot = { text: this.current, root: objectInWindow(this.current, this.currentSpan()) };
    return this.currentRoot.root;
  }

  private locate(path: EditPath): Located | undefined {
    const root = this.tree();
    if (!root) throw new Error('an edit broke the policy');
    let node: TreeNode = root;
    let container: ObjectNode | ArrayNode | undefined;
    let index = -1;
    for (const segment of path) {
      let next: TreeNode | undefined;
      if (node.type === 'object' && typeof segment === 'string') {
        index = node.properties.findIndex((p) => p.key === segment);
        next = node.properties[index]?.value;
      } else if (node.type === 'array' && typeof segment === 'number') {
        index = segment;
        next = node.items[segment];
      }
      if (!next) return undefined;
      container = node as ObjectNode | ArrayNode;
      node = next;
    }
    return { node, container, index };
  }
}

const DEFAULT_STYLE: HclStyle = { base: '', separator: '=', quoteKeys: false };

function end(span: Span): number {
  return span.offset + span.length;
}

function followedByComma(text: string, span: Span): boolean {
  return /^[ \t]*,/.test(text.slice(end(span), end(span) + 80));
}

function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

/** Where the line holding `offset` ends (before its line break). */
function lineEndOf(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  if (newline < 0) return text.length;
  return text[newline - 1] === '\r' ? newline - 1 : newline;
}

/**
 * The object alone, as the value of an attribute at the same offsets (blanks stand for the text before it):
 * after an edit only the policy is parsed again, not the whole file, so a fix costs the policy's size.
 */
function windowOf(text: string, span: Span): string {
  return `${' '.repeat(span.offset - 2)}p=${text.slice(span.offset, end(span))}`;
}

function windowHasSyntaxError(text: string, span: Span): boolean {
  return withTerraformTree(windowOf(text, span), (tree) => firstSyntaxError(tree) !== undefined) ?? true;
}

function objectInWindow(text: string, span: Span): ObjectNode | undefined {
  const window = windowOf(text, span);
  return withTerraformTree(window, (tree) => {
    const value = readHclTree(tree, window, () => false).attributes[0]?.value;
    const root = value?.kind === 'object' && value.span.offset === span.offset ? hclToTree(window, value) : undefined;
    return root?.type === 'object' ? root : undefined;
  });
}
