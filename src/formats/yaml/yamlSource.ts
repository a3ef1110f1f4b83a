import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, Lexer, parseDocument, type Document, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { Span, TreeNode } from '../../policy/tree';
import { spanOfNode } from './yamlSpan';
import { withCloudFormationTags } from './yamlTags';
import type { EditPath } from '../../policy/fixes/policyEditor';
import { aliasedAnchors } from './yamlAliases';
import type { Collection } from './yamlLayout';
import { StyleReading } from './yamlTextStyle';
import type { YamlStyle } from './yamlRender';

/**
 * A YAML text parsed for editing (source tokens kept), and the lookups the editor makes in it: nodes by span
 * (as the YAML reader, src/formats/yaml/yamlTree.ts, gives spans) and by path. Read-only: the editor never changes a
 * parsed document, so one parse of a file serves every fix asked for on it.
 */
export interface ParsedYaml {
  readonly text: string;
  readonly document: Document.Parsed;
  readonly errorCount: number;
}

export function parseForEdit(text: string): ParsedYaml | undefined {
  try {
    const document = parseDocument(text, { keepSourceTokens: true, uniqueKeys: false, prettyErrors: false, customTags: withCloudFormationTags });
    return { text, document, errorCount: document.errors.length };
  } catch {
    // The yaml package recurses; absurd nesting can exhaust the stack. No edit is offered on such a text.
    return undefined;
  }
}

/**
 * The YAML reader's parse of a text (src/formats/yaml/yamlTree.ts hands it over with the tree it made, source
 * tokens kept), then of the file linted from that tree (the YAML adapter hands it over): a fix asked for on the
 * linted file finds its statement's nodes there instead of parsing again. Only texts the quick reader declines
 * are parsed so (yamlQuickTree.ts makes no document): on the others a fix parses its statement's window alone.
 * Keyed weakly by tree and file: a parse lives as long as its file. (Not a WeakRef: one made during a
 * synchronous run keeps its target alive until the run ends, so a CLI run over 200 such templates of 40 KB kept
 * every parse, ~330 MB.)
 */
const documentOfTree = new WeakMap<object, Document.Parsed>();
const documentOfFile = new WeakMap<object, Document.Parsed>();

export function shareReading(root: TreeNode, document: Document.Parsed): void {
  documentOfTree.set(root, document);
}

/**
 * The quick reader's trees (yamlTree.ts marks them), and the file each was linted into (the YAML adapter
 * hands it over): a fix on a statement of that file can splice its edit from the tree's spans
 * (yamlQuickWindow.ts) instead of parsing the statement's window with the `yaml` package. Both weak: a tree
 * lives as long as its file. (Not a WeakRef: one made during a synchronous run keeps its target alive until
 * the run ends, so linting many files in a row would keep every tree.)
 */
const quickTrees = new WeakSet<object>();
const quickTreeOfFile = new WeakMap<object, TreeNode>();

export function markQuickReading(root: TreeNode): void {
  quickTrees.add(root);
}

/** The quick reader's tree `file` was linted from, if the quick reader read it. */
export function quickTreeOf(file: object): TreeNode | undefined {
  return quickTreeOfFile.get(file);
}

/** `root`: the tree `file` was read from; the quick reader's tree or the `yaml` package's parse behind it is kept with the file. */
export function shareFileReading(file: object, root: TreeNode | undefined): void {
  if (!root) return;
  if (quickTrees.has(root)) quickTreeOfFile.set(file, root);
  const document = documentOfTree.get(root);
  if (document) documentOfFile.set(file, document);
}

/**
 * What every fix on one file shares, each read once and only when first needed: the file's style habits,
 * whether it may use aliases, and its whole parse (fixes on a statement need only their window's).
 */
export class YamlFile {
  private parse: ParsedYaml | null | undefined;
  private read: Document.Parsed | null | undefined;
  private quick: TreeNode | null | undefined;
  private aliased: ReadonlySet<string> | undefined;
  private habits: YamlStyle | undefined;
  private aliases: boolean | undefined;

  constructor(
    readonly text: string,
    /** The editor's hint; `readAhead` makes the file's YamlFile before any fix gives one (`yamlFile` then sets it). */
    public indentHint: number | undefined,
    /** The lint's PolicyFile of this text, when a fix gave it. */
    private readonly file?: { readonly text: string },
  ) {}

  get parsed(): ParsedYaml | undefined {
    if (this.parse === undefined) this.parse = parseForEdit(this.text) ?? null;
    return this.parse ?? undefined;
  }

  /** The anchors some alias in the reader's parse refers to (read once per file). */
  aliasedAnchors(reading: Document.Parsed): ReadonlySet<string> {
    if (this.aliased === undefined) this.aliased = aliasedAnchors(reading.contents);
    return this.aliased;
  }

  /** The reader's parse of this text, when the lint that gave the file made one (see `shareReading`). */
  get reading(): Document.Parsed | undefined {
    if (this.read === undefined) this.read = (this.file?.text === this.text ? documentOfFile.get(this.file) : undefined) ?? null;
    return this.read ?? undefined;
  }

  /** The quick reader's tree of this text, when the lint that gave the file read it so (see `shareFileReading`). */
  get quickReading(): TreeNode | undefined {
    if (this.quick === undefined) this.quick = (this.file?.text === this.text ? quickTreeOfFile.get(this.file) : undefined) ?? null;
    return this.quick ?? undefined;
  }

  get style(): YamlStyle {
    if (this.habits === undefined) this.habits = styleReadingOf(this.text, this.file).styleWith(this.indentHint);
    return this.habits;
  }

  /**
   * An alias (`*name` after a space, `[`, `{` or `,`) may appear in the text, for when the reader's parse is
   * gone: then an alias elsewhere may stand for part of a statement, and fixes edit the whole parsed
   * document, which knows. A `*` in a plain scalar or a comment that only looks like one costs speed, never
   * correctness.
   */
  get mayUseAliases(): boolean {
    if (this.aliases === undefined) this.aliases = /(^|[\s[{,])\*[^\s[\]{},]/.test(this.text);
    return this.aliases;
  }
}

/**
 * The reading of a linted file's style (yamlTextStyle.ts), begun ahead of any fix where the analysis worker has
 * time (`readStyleAhead`) and finished by the first fix that needs it. Keyed weakly by the lint's PolicyFile:
 * it goes with the file, so with the version it was read from; a text that is not the file's gets a reading
 * of its own.
 */
const styleReadings = new WeakMap<object, StyleReading>();

function styleReadingOf(text: string, file: { readonly text: string } | undefined): StyleReading {
  if (!file || file.text !== text) return new StyleReading(text);
  let reading = styleReadings.get(file);
  if (!reading) {
    reading = new StyleReading(text);
    styleReadings.set(file, reading);
  }
  return reading;
}

/**
 * Reads about `chars` more characters of what every fix on `file` (the lint's PolicyFile) reads of its whole
 * text: its style, then whether it may use aliases; true when done (FormatEditing.readAhead).
 */
export function readYamlAhead(file: { readonly text: string }, chars: number): boolean {
  if (!styleReadingOf(file.text, file).advance(chars)) return false;
  let shared = byFile.get(file);
  if (!shared) {
    shared = new YamlFile(file.text, undefined, file);
    byFile.set(file, shared);
    hintPending.add(shared);
  }
  void shared.mayUseAliases;
  return true;
}

/**
 * Every fix request for the findings of one lint shares its PolicyFile, so what a fix needs from the whole
 * file is read once per lint (fix-all asks for a fix in every statement of a file each round). Keyed weakly:
 * nothing outlives the lint.
 */
const byFile = new WeakMap<object, YamlFile>();
/** The YamlFiles `readYamlAhead` made: the first fix's indentation hint is theirs (as if that fix had made them). */
const hintPending = new WeakSet<YamlFile>();

export function yamlFile(text: string, file: { readonly text: string } | undefined, indentHint?: number): YamlFile {
  const cached = file ? byFile.get(file) : undefined;
  if (cached && hintPending.delete(cached)) cached.indentHint = indentHint;
  if (cached && cached.text === text) return cached;
  const fresh = new YamlFile(text, indentHint, file);
  if (file && file.text === text) byFile.set(file, fresh);
  return fresh;
}

/** A node found by path: the collections on the way (root first) and its index in the last of them. */
export interface Located {
  readonly node: unknown;
  readonly chain: readonly Collection[];
  readonly index: number;
}

/** The node at a path; a key names its first copy, as everywhere in the fixes. Never through an alias. */
export function locate(root: unknown, path: EditPath): Located | undefined {
  let node = root;
  const chain: Collection[] = [];
  let index = -1;
  for (const step of path) {
    if (isMap(node) && typeof step === 'string') {
      index = node.items.findIndex((pair) => keyText(pair.key) === step);
      if (index < 0) return undefined;
      chain.push(node);
      node = node.items[index]!.value;
    } else if (isSeq(node) && typeof step === 'number' && step >= 0 && step < node.items.length) {
      index = step;
      chain.push(node);
      node = node.items[step];
    } else {
      return undefined;
    }
  }
  return { node, chain, index };
}

export function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : '';
}

/** What a span lookup finds: the path, the collections on the way, and whether a repeated key makes it ambiguous. */
export interface Found {
  readonly path: EditPath;
  readonly chain: readonly Collection[];
  readonly node: unknown;
  readonly ambiguous: boolean;
}

/**
 * The node whose span (from its `!` tag, as the YAML reader reads it) is exactly `target`; with `key`, the
 * value of the property whose key has that span. Descends only into the node holding the span, so a lookup
 * costs the depth of the node, not the size of the file.
 */
export function findBySpan(root: unknown, target: Span, text: string, key: boolean): Found | undefined {
  let node = root;
  const path: EditPath = [];
  const chain: Collection[] = [];
  let ambiguous = false;
  while (node) {
    if (!key && matches(node, target, text)) return { path, chain, node, ambiguous };
    if (!isMap(node) && !isSeq(node)) return undefined;
    const index = itemAround(node, target.offset, text);
    const item = index === undefined ? undefined : node.items[index];
    if (item === undefined) return undefined;
    if (isPair(item)) {
      if (!isScalar(item.key)) return undefined;
      const name = keyText(item.key);
      ambiguous ||= (keyCounts(node as YAMLMap<unknown, unknown>).get(name) ?? 0) > 1;
      path.push(name);
      chain.push(node);
      if (key && matches(item.key, target, text)) return { path, chain, node: item.value, ambiguous };
      if (!contains(item.value, target, text)) return undefined;
      node = item.value;
    } else {
      if (!contains(item, target, text)) return undefined;
      path.push(index!);
      chain.push(node);
      node = item;
    }
  }
  return undefined;
}

/** The last item that starts at or before `offset` (items are in text order): a binary search, not a scan. */
function itemAround(collection: Collection, offset: number, text: string): number | undefined {
  let low = 0;
  let high = collection.items.length - 1;
  let found: number | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const start = itemStart(collection.items[middle], text);
    if (start !== undefined && start <= offset) {
      found = middle;
      low = middle + 1;
    } else if (start === undefined) {
      // An item without a range (an empty value): look on both sides of it.
      return linearItemAround(collection, offset, text);
    } else {
      high = middle - 1;
    }
  }
  return found;
}

function linearItemAround(collection: Collection, offset: number, text: string): number | undefined {
  let found: number | undefined;
  collection.items.forEach((item, index) => {
    const start = itemStart(item, text);
    if (start !== undefined && start <= offset) found = index;
  });
  return found;
}

/** Where an item starts: its key, or the value's `!` tag as spans count it. */
function itemStart(item: unknown, text: string): number | undefined {
  const node = isPair(item) ? item.key : item;
  return isScalar(node) || isCollection(node) || isAlias(node) ? startOf(node, text) : undefined;
}

/** How often each key occurs in a mapping, counted once per mapping of a parse (parses are never changed). */
const countsByMap = new WeakMap<object, Map<string, number>>();

function keyCounts(map: YAMLMap<unknown, unknown>): Map<string, number> {
  let counts = countsByMap.get(map);
  if (!counts) {
    counts = new Map();
    for (const pair of map.items) counts.set(keyText(pair.key), (counts.get(keyText(pair.key)) ?? 0) + 1);
    countsByMap.set(map, counts);
  }
  return counts;
}

/** Spans of tagged values start at the tag, as src/formats/yaml/yamlTree.ts reads them. */
function startOf(node: YamlNode, text: string): number | undefined {
  const start = node.range?.[0];
  if (start === undefined || !node.tag || !node.tag.startsWith('!') || node.tag.startsWith('!!')) return start;
  const tagOffset = text.lastIndexOf(node.tag, start);
  return tagOffset >= 0 ? tagOffset : start;
}

function matches(node: unknown, target: Span, text: string): boolean {
  if (!isScalar(node) && !isCollection(node) && !isAlias(node)) return false;
  const span = spanOfNode(node, text);
  return startOf(node, text) === target.offset && span.offset + span.length === target.offset + target.length;
}

function contains(node: unknown, target: Span, text: string): boolean {
  if (!isScalar(node) && !isCollection(node) && !isAlias(node)) return false;
  const start = startOf(node, text);
  const end = node.range?.[1];
  return start !== undefined && end !== undefined && start <= target.offset && target.offset + target.length <= end;
}

/** Every `#` comment's text in order (comments inside quoted or block scalars are text, not comments). */
export function yamlCommentsOf(text: string): string[] {
  try {
    return [...new Lexer().lex(text)].filter((token) => token.startsWith('#'));
  } catch {
    return [];
  }
}
