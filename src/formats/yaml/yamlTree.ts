import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Alias, type Node as YamlNode } from 'yaml';
import type { ArrayNode, ObjectNode, PropertyNode, ScalarNode, Span, TreeNode } from '../../policy/tree';
import { spanOfNode } from './yamlSpan';
import { markQuickReading, quickTreeOf, shareReading } from './yamlSource';
import { splicedQuickTree } from './yamlSplicedTree';
import { changedRange, editedQuickTree } from './yamlEditedTree';
import { readYamlShape, shapeBeyondLimits, shapeWithLinesReplaced, yamlShapeAfterChange, type YamlShapeReading } from './yamlBudget';
import type { TextReplacement } from '../adapter';
import type { PolicyFile } from '../../policy/model';
import type { OffsetEdit } from '../../policy/fixes/types';
import { withCloudFormationTags } from './yamlTags';
import { quickYamlTree } from './yamlQuickTree';

export { spanOfNode };

export interface YamlParseResult {
  readonly root: TreeNode | undefined;
  readonly errors: readonly { readonly message: string; readonly offset: number; readonly length: number }[];
}

/**
 * Reads YAML into the neutral tree. CloudFormation's short-form tags become the one-key long form
 * (`!Sub x` → `{"Fn::Sub": x}`, `!Ref x` → `{"Ref": x}`), so one intrinsic reader serves YAML and JSON.
 * Unknown tags are kept as values (the yaml package only warns). An alias (`Condition: *shared`) reads as the
 * node its anchor names, so what it stands for counts, with every span at the alias: findings land where the
 * user sees the value used. Never throws.
 *
 * Most templates are read by the quick reader (yamlQuickTree.ts), which builds the same tree in a fraction of the
 * time; what it does not read exactly (anchors, block scalars, syntax errors…) goes through the `yaml` package's
 * document reading.
 */
export function parseYaml(text: string, shape?: YamlShapeReading): YamlParseResult {
  const quick = takeOffered(text) ?? quickYamlTree(text);
  const read = quick ? { root: quick, errors: [] } : readYamlDocument(text);
  // The fixes asked for on this text splice their edits from this tree's spans where they can.
  if (quick) markQuickReading(quick);
  // The next version's shape is derived from this one's (`offerEditedReading`).
  if (shape && read.root) shapes.set(read.root, shape);
  return read;
}

/**
 * The shape of the text about to be parsed (yamlBudget.ts): derived from the older version's where the text
 * was offered as its edit (`offerEditedReading`), else scanned whole.
 */
export function shapeOf(text: string): YamlShapeReading {
  return (offered?.text === text ? offered.shape : undefined) ?? readYamlShape(text);
}

/** The shape of the text each tree was read from (as the adapter read it), kept as long as the tree. */
const shapes = new WeakMap<object, YamlShapeReading>();

/** The switch of the spliced readings (on; the differential test turns it off to read every text itself). */
export const splicedReadings = { enabled: true };

/**
 * The tree (and shape) offered for the next text read, when it is that text; one at a time, the tree taken by
 * the next read whatever its text.
 */
let offered: { readonly text: string; readonly tree: TreeNode | undefined; readonly shape?: YamlShapeReading } | undefined;

/**
 * Fix-all is about to lint `after`, `before` with `edits` applied (FormatEditing `readingAfterEdits`): when
 * the quick reader read `before` into the tree kept with `file`, the tree of `after` is that tree with the
 * inserted lines spliced in (yamlSplicedTree.ts, the same tree the reader would make), offered to the next read.
 */
export function offerSplicedReading(before: string, file: PolicyFile, edits: readonly OffsetEdit[], after: string): void {
  offerFromQuickTree(before, file, after, (tree) => splicedQuickTree(before, tree, edits, after));
}

/**
 * The worker is about to analyse `after`, a user's edits (`edits`, in order) of `before`, whose analysis read
 * `file`: when the quick reader read `before`, the tree of `after` is that tree with the edited entry read
 * again (yamlEditedTree.ts, the same tree the reader would make), offered to the next read. `owned`: that
 * tree is changed in place (the analysis of `before` is dropped). The shape of `after` (yamlBudget.ts) is
 * offered too, `before`'s rescanned around the change: scanning 1 MB whole took 7% of a typed character's analysis.
 */
export function offerEditedReading(before: string, file: PolicyFile, edits: readonly TextReplacement[], after: string, owned: boolean): void {
  const tree = quickTreeOf(file);
  const older = tree && shapes.get(tree);
  const change = older && changedRange(before, edits, after);
  const shape = change ? yamlShapeAfterChange(older!, after, change.start, change.oldEnd, change.newEnd) : undefined;
  offerFromQuickTree(before, file, after, (quick) => editedQuickTree(before, quick, edits, after, owned), shape);
}

/**
 * Whether the reader reads `before` (which `file` was linted from) with its lines from `start` to `end` (line
 * starts) replaced by `replacement` at all: within the limits of yamlBudget.ts, judged from `before`'s shape
 * (the quick reader's, else scanned once per file) rescanned around those lines. False where that cannot tell.
 */
export function readsWithLinesReplaced(before: string, file: PolicyFile, start: number, end: number, replacement: string): boolean {
  if (file.text !== before) return false;
  const tree = quickTreeOf(file);
  let older = tree && shapes.get(tree);
  if (!older) {
    older = scannedShapes.get(file) ?? readYamlShape(before);
    scannedShapes.set(file, older);
  }
  const shape = shapeWithLinesReplaced(older, before, start, end, replacement);
  return shape !== undefined && shapeBeyondLimits(shape) === undefined;
}

/** The shapes of files the quick reader did not read, scanned for `readsWithLinesReplaced`. */
const scannedShapes = new WeakMap<PolicyFile, YamlShapeReading>();

/** Offers the tree `make` makes of `after` from the quick reader's tree of `before`, which `file` was linted from. */
function offerFromQuickTree(before: string, file: PolicyFile, after: string, make: (tree: TreeNode) => TreeNode | undefined, shape?: YamlShapeReading): void {
  offered = undefined;
  if (!splicedReadings.enabled || file.text !== before) return;
  const tree = quickTreeOf(file);
  const made = tree && make(tree);
  if (made || shape) offered = { text: after, tree: made, shape };
}

/** Drops a tree offered and not read (the text went another way): it would keep a large tree alive. */
export function withdrawOffer(): void {
  offered = undefined;
}

function takeOffered(text: string): TreeNode | undefined {
  const taken = offered;
  offered = undefined;
  return taken?.text === text ? taken.tree : undefined;
}

/** The reading through the `yaml` package's document model: every YAML text, errors included. */
export function readYamlDocument(text: string): YamlParseResult {
  try {
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, strict: false, keepSourceTokens: true, customTags: withCloudFormationTags });
    const errors = document.errors.map((e) => ({ message: e.message, offset: e.pos[0], length: Math.max(0, e.pos[1] - e.pos[0]) }));
    const contents = document.contents as YamlNode | null;
    const reading: Reading = { text, aliasTargets: aliasTargetsOf(contents), expandBudget: text.length, open: new Set() };
    const root = contents ? convert(contents, reading) : undefined;
    // The fixes asked for on the file linted from this tree read their statements' nodes from this parse.
    if (root) shareReading(root, document);
    return { root, errors };
  } catch (error) {
    // The yaml package recurses; absurd nesting can exhaust the stack. Such a file holds no template.
    return { root: undefined, errors: [{ message: error instanceof Error ? error.message : 'unreadable YAML', offset: 0, length: 0 }] };
  }
}

const SHORT_FORM_LONG_NAME: Record<string, string> = { '!Ref': 'Ref', '!Condition': 'Condition' };

function intrinsicName(tag: string | undefined): string | undefined {
  if (!tag || !tag.startsWith('!') || tag.startsWith('!!')) return undefined;
  return SHORT_FORM_LONG_NAME[tag] ?? 'Fn::' + tag.slice(1);
}

/** What one reading of a text shares while it converts nodes. */
interface Reading {
  readonly text: string;
  /** For each alias, the node its anchor names at that point of the document. */
  readonly aliasTargets: ReadonlyMap<Alias, YamlNode>;
  /** Nodes that aliases may still add: nested aliases cannot multiply a small text into a huge tree. */
  expandBudget: number;
  /** The anchored collections being read right now: an alias inside the node it names stands for nothing. */
  readonly open: Set<YamlNode>;
}

/**
 * `at`: the span of the alias being read through; every node read then gets it (its key spans too), since the
 * anchored text elsewhere is not where this value is used.
 */
function convert(node: YamlNode, reading: Reading, at?: Span): TreeNode {
  if (isAlias(node)) return convertAlias(node, reading, at);
  if (at) reading.expandBudget--;
  const anchored = isCollection(node) && node.anchor !== undefined;
  if (anchored) reading.open.add(node);
  let plain: TreeNode;
  try {
    plain = convertUntagged(node, reading, at);
  } finally {
    if (anchored) reading.open.delete(node);
  }
  const name = intrinsicName(node.tag);
  if (!name) return plain;
  const text = reading.text;
  const tagOffset = at ? -1 : text.lastIndexOf(node.tag!, plain.span.offset);
  const start = tagOffset >= 0 ? tagOffset : plain.span.offset;
  const keySpan = at ?? { offset: start, length: node.tag!.length };
  const span = at ?? { offset: start, length: plain.span.offset + plain.span.length - start };
  const property: PropertyNode = { key: name, keySpan, value: plain, span };
  const object: ObjectNode = { type: 'object', span, properties: [property] };
  return object;
}

function convertAlias(alias: Alias, reading: Reading, at: Span | undefined): TreeNode {
  const span = at ?? spanOfNode(alias, reading.text);
  const target = reading.aliasTargets.get(alias);
  if (!target || reading.open.has(target) || reading.expandBudget <= 0) {
    return { type: 'scalar', value: null, raw: reading.text.slice(span.offset, span.offset + span.length), span };
  }
  return convert(target, reading, span);
}

/** Each alias's node: the latest node anchored with its name before it, in document order. */
function aliasTargetsOf(root: YamlNode | null): Map<Alias, YamlNode> {
  const targets = new Map<Alias, YamlNode>();
  const anchors = new Map<string, YamlNode>();
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target) targets.set(node, target);
    } else if (isPair(node)) {
      pending.push(node.value, node.key);
    } else if (isCollection(node) || isScalar(node)) {
      if (node.anchor) anchors.set(node.anchor, node);
      if (isCollection(node)) for (let i = node.items.length - 1; i >= 0; i--) pending.push(node.items[i]);
    }
  }
  return targets;
}

function convertUntagged(node: YamlNode, reading: Reading, at: Span | undefined): TreeNode {
  const text = reading.text;
  const span = at ?? spanOfNode(node, text);
  if (isMap(node)) {
    const properties: PropertyNode[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      const valueNode = pair.value as YamlNode | null;
      if (!keyNode || !isScalar(keyNode)) continue;
      const keySpan = at ?? spanOfNode(keyNode, text);
      const value: TreeNode = valueNode
        ? convert(valueNode, reading, at)
        : { type: 'scalar', value: null, raw: '', span: at ?? { offset: keySpan.offset + keySpan.length, length: 0 } };
      properties.push({ key: String(keyNode.value), keySpan, value, span: at ?? { offset: keySpan.offset, length: value.span.offset + value.span.length - keySpan.offset } });
    }
    const object: ObjectNode = { type: 'object', span, properties };
    return object;
  }
  if (isSeq(node)) {
    const items = (node.items as (YamlNode | null)[]).filter((i): i is YamlNode => i !== null).map((i) => convert(i, reading, at));
    const array: ArrayNode = { type: 'array', span, items };
    return array;
  }
  const own = at ? spanOfNode(node, text) : span;
  const raw = text.slice(own.offset, own.offset + own.length);
  if (isScalar(node)) {
    const value = node.value;
    // YAML 1.1 readers see `2012-10-17` as a date; keep every non-primitive as its source text.
    const primitive = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null ? value : raw;
    const scalar: ScalarNode = { type: 'scalar', value: typeof primitive === 'number' && !Number.isFinite(primitive) ? raw : primitive, raw, span };
    return scalar;
  }
  return { type: 'scalar', value: null, raw, span };
}
