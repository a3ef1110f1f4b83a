import { Document, isCollection, isMap, isPair, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq, type Node as YamlNode } from 'yaml';

/**
 * The text of new YAML nodes, and only of them: the `yaml` package serialises the one node a fix adds or
 * replaces, in the style measured around the place it goes (yamlLayout.ts); the YAML editor splices that text
 * into the user's file.
 *
 * Values are the recipes' plain data. Strings holding `${…}` become CloudFormation intrinsics: exactly `${X}`
 * → `!Ref X`, `${X.Attr}` → `!GetAtt X.Attr`, anything else → `!Sub '…'`; a one-key object in the long form
 * (`{"Ref": "X"}`, `{"Fn::Join": […]}`, as `valueAt` gives tagged values) goes back to the short form tag.
 */

export interface YamlStyle {
  /** Spaces per nesting level of block collections. */
  readonly indent: number;
  /** A block sequence under a key is indented (`Key:\n  - a`) rather than written at the key's column. */
  readonly indentSeq: boolean;
  /** Flow collections padded inside their brackets: `{ a: 1 }` rather than `{a: 1}`. */
  readonly flowPadding: boolean;
  /** Single quotes where a scalar needs quotes; double quotes otherwise. */
  readonly singleQuote: boolean;
  readonly eol: '\n' | '\r\n';
}

const WHOLE_REFERENCE = /^\$\{([A-Za-z0-9:\uE000\uE001]+)(?:\.([A-Za-z0-9.]+))?\}$/;
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}$/;
const SHORT_FORM_TAG: Record<string, string> = { Ref: '!Ref', Condition: '!Condition' };
const LONG_FORM_NAME: Record<string, string> = { '!Ref': 'Ref', '!Condition': 'Condition' };

/** A new node for a recipe's value; `flow` makes every collection in it a flow collection. */
export function createNode(value: unknown, style: YamlStyle, flow: boolean): YamlNode {
  if (typeof value === 'string' && value.includes('${')) return intrinsicScalar(value);
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    seq.flow = flow;
    for (const item of value) seq.items.push(createNode(item, style, flow));
    return seq;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const intrinsic = entries.length === 1 ? shortFormTag(entries[0]![0]) : undefined;
    if (intrinsic) {
      // An intrinsic's arguments are a one-liner, as CloudFormation templates write them.
      const node = createNode(entries[0]![1], style, true);
      node.tag = intrinsic;
      return node;
    }
    const map = new YAMLMap();
    map.flow = flow;
    for (const [key, item] of entries) map.items.push(new Pair(new Scalar(key), createNode(item, style, flow)));
    return map;
  }
  const scalar = new Scalar(value);
  if (typeof value === 'string') {
    // `2012-10-17` unquoted is a date to YAML 1.1 readers; a line break would make a block scalar.
    if (DATE_LIKE.test(value)) scalar.type = style.singleQuote ? Scalar.QUOTE_SINGLE : Scalar.QUOTE_DOUBLE;
    if (/[\r\n]/.test(value)) scalar.type = Scalar.QUOTE_DOUBLE;
  }
  return scalar;
}

/** Writes a new string scalar the way the one it replaces was written (quoted stays quoted), where it can. */
export function likeOld(node: YamlNode, old: unknown): YamlNode {
  if (!isScalar(node) || !isScalar(old) || typeof node.value !== 'string' || typeof old.value !== 'string') return node;
  const quoted = old.type === Scalar.QUOTE_SINGLE || old.type === Scalar.QUOTE_DOUBLE;
  if (quoted && (node.type === undefined || node.type === Scalar.QUOTE_SINGLE || node.type === Scalar.QUOTE_DOUBLE)) node.type = old.type;
  else if (old.type === Scalar.PLAIN && node.type === undefined) node.type = Scalar.PLAIN;
  return node;
}

/** The value of an existing node as plain data; short-form tags in CloudFormation's long form (see `createNode`). */
export function plainValueOf(node: unknown): unknown {
  if (!isCollection(node) && !isScalar(node)) return undefined;
  const name = longFormName(node.tag);
  const value = isMap(node)
    ? Object.fromEntries(node.items.map((pair) => [isScalar(pair.key) ? String(pair.key.value) : '', plainValueOf(pair.value)]))
    : isSeq(node)
      ? node.items.map(plainValueOf)
      : isScalar(node)
        ? node.value
        : undefined;
  return name ? { [name]: value } : value;
}

/** Fits on the line where it starts: scalars, flow collections, empty collections. */
export function isInline(node: YamlNode): boolean {
  return !isCollection(node) || node.flow === true || node.items.length === 0;
}

/** One line: a scalar or a flow collection. */
export function renderInline(node: YamlNode, style: YamlStyle): string {
  return serialise(node, style);
}

/**
 * A node placed at `column` of a block: its first line without indentation (the caller puts it after a key,
 * a `- ` or the old node's indentation), every later line indented by `column`.
 */
export function renderBlock(node: YamlNode, column: number, style: YamlStyle): string {
  return serialise(node, style).split('\n').join(style.eol + ' '.repeat(column));
}

/** `key: value` for a block mapping at `column` (the value on the following lines when it is a block collection). */
export function renderBlockPair(key: string, value: YamlNode, column: number, style: YamlStyle): string {
  const map = new YAMLMap();
  map.items.push(new Pair(new Scalar(key), value));
  return renderBlock(map, column, style);
}

/** `- item` for a block sequence whose dashes are at `column`. */
export function renderBlockItem(value: YamlNode, column: number, style: YamlStyle): string {
  const seq = new YAMLSeq();
  seq.items.push(value);
  return renderBlock(seq, column, style);
}

/** `key: value` inside a flow mapping. */
export function renderFlowPair(key: string, value: YamlNode, style: YamlStyle): string {
  const map = new YAMLMap();
  map.flow = true;
  map.items.push(new Pair(new Scalar(key), value));
  return withoutBrackets(serialise(map, style), style);
}

/** A mapping key as its own text, quoted like `old` when that was quoted; `flow` for keys inside `{…}`. */
export function renderKey(key: string, old: unknown, flow: boolean, style: YamlStyle): string {
  const keyNode = likeOld(new Scalar(key), old);
  const map = new YAMLMap();
  map.flow = flow;
  map.items.push(new Pair(keyNode, new Scalar(0)));
  const text = serialise(map, style);
  const pair = flow ? withoutBrackets(text, style) : text;
  return pair.slice(0, pair.lastIndexOf(': 0'));
}

function withoutBrackets(text: string, style: YamlStyle): string {
  const bracket = style.flowPadding ? 2 : 1;
  return text.slice(bracket, -bracket);
}

/**
 * Recently serialised nodes: the text of a node depends only on the node and the style, and fix-all writes
 * the same Condition into every open statement of a template. Bounded, so it never grows with the input.
 */
const serialised = new Map<string, string>();
const SERIALISED_LIMIT = 64;

function serialise(node: YamlNode, style: YamlStyle): string {
  const key = nodeKey(node) + JSON.stringify(style);
  let text = serialised.get(key);
  if (text === undefined) {
    text = serialiseNow(node, style);
    if (serialised.size >= SERIALISED_LIMIT) serialised.clear();
    serialised.set(key, text);
  }
  return text;
}

/** Everything about a node that its text depends on. */
function nodeKey(node: unknown): string {
  if (isScalar(node)) return JSON.stringify([node.tag ?? '', node.type ?? '', node.value]);
  if (!isCollection(node)) return '?';
  const items = node.items.map((item) => (isPair(item) ? `${nodeKey(item.key)}:${nodeKey(item.value)}` : nodeKey(item)));
  return `${isMap(node) ? '{' : '['}${node.flow ? 'f' : 'b'}${JSON.stringify(node.tag ?? '')}${items.join(',')}]`;
}

function serialiseNow(node: YamlNode, style: YamlStyle): string {
  const text = new Document(node).toString({
    indent: style.indent,
    indentSeq: style.indentSeq,
    flowCollectionPadding: style.flowPadding,
    // null: double quotes unless single quotes avoid escapes; explicit scalar types are kept either way.
    singleQuote: style.singleQuote ? true : null,
    lineWidth: 0,
  });
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

function intrinsicScalar(value: string): Scalar {
  const whole = WHOLE_REFERENCE.exec(value);
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

function shortFormTag(key: string): string | undefined {
  if (SHORT_FORM_TAG[key]) return SHORT_FORM_TAG[key];
  return /^Fn::[A-Za-z]+$/.test(key) ? '!' + key.slice(4) : undefined;
}

function longFormName(tag: string | undefined): string | undefined {
  if (!tag || !tag.startsWith('!') || tag.startsWith('!!')) return undefined;
  return LONG_FORM_NAME[tag] ?? 'Fn::' + tag.slice(1);
}
