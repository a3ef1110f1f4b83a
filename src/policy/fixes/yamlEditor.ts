import { isMap, isNode, isPair, isScalar, isSeq, Lexer, parseDocument, Scalar, type Document, type Node as YamlNode, type ToStringOptions } from 'yaml';
import type { Span } from '../tree';
import { spanOfNode } from '../yamlSpan';
import { applyOffsetEdits } from './offsetEdits';
import type { PolicyEditor } from './policyEditor';
import type { OffsetEdit } from './types';

export type YamlPath = (string | number)[];

/**
 * The YAML twin of the fixes' JsonEditor (same operations, same paths): edits go through the `yaml`
 * package's document model, which keeps comments, quoting, tags and flow/block style of every node it does
 * not touch; the serialiser's options are read off the file (indentation, sequence indentation, flow
 * padding). The result is reduced to the changed lines, so whatever the serialiser would normalise
 * elsewhere (a comment's spacing, say) is left exactly as the user wrote it.
 *
 * Strings holding `${…}` become CloudFormation intrinsics: exactly `${X}` → `!Ref X`, `${X.Attr}` →
 * `!GetAtt X.Attr`, anything else → `!Sub '…'`.
 */
export class YamlEditor implements PolicyEditor {
  readonly format = 'yaml';
  /** The whole document is always edited: a YAML node's text depends on its indentation. */
  readonly fitsDocument = true;
  private readonly baseline: string;

  private constructor(
    readonly original: string,
    private readonly document: Document,
    private readonly options: ToStringOptions,
  ) {
    this.baseline = document.toString(options);
  }

  /** Undefined when the text is not a single well-formed YAML document: fixes then offer nothing. */
  static open(text: string, indentUnit?: number): YamlEditor | undefined {
    try {
      const document = parseDocument(text, { keepSourceTokens: true, uniqueKeys: false, prettyErrors: false });
      if (document.errors.length > 0 || !document.contents) return undefined;
      return new YamlEditor(text, document, styleOf(text, indentUnit));
    } catch {
      return undefined;
    }
  }

  get text(): string {
    return this.document.toString(this.options);
  }

  get changed(): boolean {
    return this.text !== this.baseline;
  }

  /**
   * The original parsed without errors (see `open`): so must the result of the edits. And every `#` comment
   * is still there: the document model drops a comment together with the node it hangs on, so an edit that
   * would lose one is refused rather than offered.
   */
  get intact(): boolean {
    const result = applyOffsetEdits(this.original, this.edits());
    if (yamlErrorCount(result) !== 0) return false;
    const left = new Map<string, number>();
    for (const comment of yamlCommentsOf(result)) left.set(comment, (left.get(comment) ?? 0) + 1);
    return yamlCommentsOf(this.original).every((comment) => {
      const count = left.get(comment) ?? 0;
      left.set(comment, count - 1);
      return count > 0;
    });
  }

  /** The path of the node with exactly this span (spans of tagged values start at the tag, as yamlTree.ts reads them). */
  pathOf(span: Span): YamlPath | undefined {
    // Like JsonEditor: a key that repeats on the way makes a path ambiguous (the document model resolves it
    // to the first copy, while policies use the last), so there is no path.
    const found = this.find((node) => {
      const start = startOf(node, this.original);
      const inner = spanOfNode(node, this.original);
      return start === span.offset && inner.offset + inner.length === span.offset + span.length;
    });
    return found;
  }

  /** The path of the value of the property whose key has this span. */
  pathOfKey(keySpan: Span): YamlPath | undefined {
    let result: YamlPath | null | undefined;
    walk(this.document.contents as YamlNode, [], (_node, path, key, ambiguous) => {
      if (result !== undefined || !key || !isScalar(key)) return;
      const span = spanOfNode(key, this.original);
      if (span.offset === keySpan.offset && span.length === keySpan.length) result = ambiguous ? null : path;
    });
    return result ?? undefined;
  }

  valueAt(span: Span): unknown {
    const path = this.pathOf(span);
    if (!path) return undefined;
    const node = this.document.getIn(path, true) as YamlNode | undefined;
    return node && 'toJSON' in node ? (node as { toJSON(): unknown }).toJSON() : undefined;
  }

  /** Replaces the value at a path; the comments the old value carried (before it, after it) stay with the new one. */
  set(path: YamlPath, value: unknown): this {
    const old = this.document.getIn(path, true);
    const node = this.createNode(value);
    if (isNode(old)) {
      if (old.commentBefore && !node.commentBefore) node.commentBefore = old.commentBefore;
      if (old.comment && !node.comment) node.comment = old.comment;
    }
    this.document.setIn(path, node);
    return this;
  }

  insertProperty(objectPath: YamlPath, key: string, value: unknown, index?: number): this {
    const map = this.document.getIn(objectPath, true);
    if (!isMap(map)) throw new Error(`no mapping at ${objectPath.join('/')}`);
    const pair = this.document.createPair(key, this.createNode(value));
    map.items.splice(index === undefined ? map.items.length : Math.min(index, map.items.length), 0, pair);
    return this;
  }

  appendItem(arrayPath: YamlPath, value: unknown): this {
    const seq = this.document.getIn(arrayPath, true);
    if (!isSeq(seq)) throw new Error(`no sequence at ${arrayPath.join('/')}`);
    seq.items.push(this.createNode(value));
    return this;
  }

  remove(path: YamlPath): this {
    this.document.deleteIn(path);
    return this;
  }

  renameKey(path: YamlPath, newKey: string): this {
    const parent = this.document.getIn(path.slice(0, -1), true);
    const last = path[path.length - 1];
    if (!isMap(parent)) throw new Error(`no property at ${path.join('/')}`);
    const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
    if (!pair || !isScalar(pair.key)) throw new Error(`no property at ${path.join('/')}`);
    pair.key.value = newKey;
    return this;
  }

  keysAt(path: YamlPath): string[] {
    const node = path.length === 0 ? this.document.contents : this.document.getIn(path, true);
    if (!isMap(node)) return [];
    return node.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''));
  }

  /** The changed lines as one edit against the original text (see the class comment). */
  edits(): OffsetEdit[] {
    const current = this.text;
    if (current === this.baseline) return [];
    return [lineEdit(this.original, this.baseline, current)];
  }

  private createNode(value: unknown): YamlNode {
    if (typeof value === 'string' && value.includes('${')) return intrinsicScalar(value);
    if (Array.isArray(value)) {
      const seq = this.document.createNode([]);
      if (isSeq(seq)) for (const item of value) (seq.items as unknown[]).push(this.createNode(item));
      return seq as YamlNode;
    }
    if (value !== null && typeof value === 'object') {
      const map = this.document.createNode({});
      if (isMap(map)) for (const [key, item] of Object.entries(value)) map.items.push(this.document.createPair(key, this.createNode(item)));
      return map as YamlNode;
    }
    const node = this.document.createNode(value) as YamlNode;
    // `2012-10-17` unquoted is a date to YAML 1.1 readers: quoted the way the file quotes.
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && isScalar(node)) node.type = this.prefersDoubleQuotes ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE;
    return node;
  }

  private get prefersDoubleQuotes(): boolean {
    return (this.original.match(/"/g)?.length ?? 0) > (this.original.match(/'/g)?.length ?? 0);
  }

  private find(predicate: (node: YamlNode) => boolean): YamlPath | undefined {
    let result: YamlPath | null | undefined;
    walk(this.document.contents as YamlNode, [], (node, path, _key, ambiguous) => {
      if (result === undefined && predicate(node)) result = ambiguous ? null : path;
    });
    return result ?? undefined;
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

function intrinsicScalar(value: string): Scalar {
  const whole = /^\$\{([A-Za-z0-9:\uE000\uE001]+)(?:\.([A-Za-z0-9.]+))?\}$/.exec(value);
  if (whole) {
    const scalar = new Scalar(whole[2] ? `${whole[1]}.${whole[2]}` : whole[1]);
    scalar.tag = whole[2] ? '!GetAtt' : '!Ref';
    return scalar;
  }
  const scalar = new Scalar(value);
  scalar.tag = '!Sub';
  scalar.type = Scalar.QUOTE_SINGLE;
  return scalar;
}

function startOf(node: YamlNode, text: string): number | undefined {
  const start = node.range?.[0];
  if (start === undefined || !node.tag || !node.tag.startsWith('!') || node.tag.startsWith('!!')) return start;
  const tagOffset = text.lastIndexOf(node.tag, start);
  return tagOffset >= 0 ? tagOffset : start;
}

/** Visits every node with its path; `key` is the key node for mapping values. */
function walk(
  node: YamlNode | null | undefined,
  path: YamlPath,
  visit: (node: YamlNode, path: YamlPath, key: YamlNode | undefined, ambiguous: boolean) => void,
  key?: YamlNode,
  ambiguous = false,
): void {
  if (!node) return;
  visit(node, path, key, ambiguous);
  if (isMap(node)) {
    const counts = new Map<string, number>();
    for (const pair of node.items) if (isPair(pair) && isScalar(pair.key)) counts.set(String(pair.key.value), (counts.get(String(pair.key.value)) ?? 0) + 1);
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const name = String(pair.key.value);
      walk(pair.value as YamlNode | null, [...path, name], visit, pair.key, ambiguous || (counts.get(name) ?? 0) > 1);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => walk(item as YamlNode | null, [...path, index], visit, undefined, ambiguous));
  }
}

/** Serialiser options that reproduce the file's own style. */
function styleOf(text: string, indentUnit?: number): ToStringOptions {
  const indents = [...text.matchAll(/^( +)\S/gm)].map((m) => m[1]!.length);
  const smallest = indents.length > 0 ? Math.min(...indents) : 2;
  // A sequence written at its parent key's column (`Key:\n- item`) is "not indented".
  const unindentedSeq = /^( *)[^\s#-][^\n]*:[ \t]*\r?\n\1- /m.test(text);
  const paddedFlow = /[[{] \S/.test(text) && !/[:,] [[{]\S/.test(text.replace(/[[{] \S/g, ''));
  return { lineWidth: 0, indent: indentUnit ?? Math.max(1, smallest), indentSeq: !unindentedSeq, flowCollectionPadding: paddedFlow };
}

function splitLines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

const normalise = (line: string) => line.replace(/\s+/g, '');

/**
 * Matches the serialiser's lines to the original's (they differ only where it normalised something, e.g. a
 * comment's spacing or position): walks both, re-synchronising within a short look-ahead.
 * Returns, for each baseline line, the original line index it stands for, or -1.
 */
function alignLines(original: readonly string[], baseline: readonly string[]): number[] {
  const map = new Array<number>(baseline.length).fill(-1);
  const LOOK_AHEAD = 8;
  let i = 0;
  let j = 0;
  while (i < original.length && j < baseline.length) {
    if (normalise(original[i]!) === normalise(baseline[j]!)) {
      map[j++] = i++;
      continue;
    }
    let resynced = false;
    for (let d = 1; d <= LOOK_AHEAD && !resynced; d++) {
      if (j + d < baseline.length && normalise(original[i]!) === normalise(baseline[j + d]!)) {
        j += d;
        resynced = true;
      } else if (i + d < original.length && normalise(original[i + d]!) === normalise(baseline[j]!)) {
        i += d;
        resynced = true;
      }
    }
    if (!resynced) {
      i++;
      j++;
    }
  }
  return map;
}

/**
 * One edit that turns `original` into `current`, given that `baseline` is what the serialiser makes of
 * `original` unchanged: the changed lines between baseline and current replace the matching lines of the
 * original. When the hunk's neighbours cannot be matched, the whole-text difference is used.
 */
function lineEdit(original: string, baseline: string, current: string): OffsetEdit {
  const originalLines = splitLines(original);
  const baselineLines = splitLines(baseline);
  const currentLines = splitLines(current);
  let head = 0;
  while (head < baselineLines.length && head < currentLines.length && baselineLines[head] === currentLines[head]) head++;
  let tail = 0;
  while (
    tail < baselineLines.length - head &&
    tail < currentLines.length - head &&
    baselineLines[baselineLines.length - 1 - tail] === currentLines[currentLines.length - 1 - tail]
  ) tail++;
  const map = alignLines(originalLines, baselineLines);
  const before = head === 0 ? -1 : map[head - 1]!;
  const afterIndex = baselineLines.length - tail;
  const after = afterIndex >= baselineLines.length ? originalLines.length : map[afterIndex]!;
  if ((head === 0 || before >= 0) && after >= 0 && after > before) {
    const offset = originalLines.slice(0, before + 1).join('').length;
    const replaced = originalLines.slice(before + 1, after).join('');
    let content = currentLines.slice(head, currentLines.length - tail).join('');
    // The serialiser ends the file with a newline; an original without one keeps it that way.
    if (after === originalLines.length && !original.endsWith('\n') && content.endsWith('\n')) content = content.slice(0, -1);
    if (original.includes('\r\n')) content = content.replace(/\r?\n/g, '\r\n');
    return { offset, length: replaced.length, content };
  }
  let start = 0;
  while (start < original.length && start < current.length && original[start] === current[start]) start++;
  let endA = original.length;
  let endB = current.length;
  while (endA > start && endB > start && original[endA - 1] === current[endB - 1]) {
    endA--;
    endB--;
  }
  return { offset: start, length: endA - start, content: current.slice(start, endB) };
}
