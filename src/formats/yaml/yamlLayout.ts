import { isCollection, isMap, isPair, isScalar, Scalar, type CST, type Node as YamlNode, type YAMLMap, type YAMLSeq } from 'yaml';
import { spanOfNode } from './yamlSpan';
import type { YamlStyle } from './yamlRender';

/**
 * Where the parts of a parsed YAML text are: items of mappings and sequences from the node ranges and the
 * source tokens the `yaml` package keeps (`keepSourceTokens`), lines and columns, and the style the text is
 * written in near a given place. The YAML editor reads these off the text it edits; nothing here changes it.
 */

export type Collection = YAMLMap<unknown, unknown> | YAMLSeq<unknown>;

/** One item of a mapping or a sequence, as offsets into the text. */
export interface ItemPlace {
  /** The item's first character: the key (props included) in a mapping, the dash in a block sequence, the value in a flow sequence. */
  readonly start: number;
  /** Where the value's text starts (its tag or anchor included); just after the `:` or dash when the value is empty. */
  readonly valueStart: number;
  /** Just after the item's last character: its value, else its `:` or dash. */
  readonly end: number;
  /** The value is written nowhere (`Key:` alone, `-` alone). */
  readonly valueEmpty: boolean;
  /** Just after a mapping item's `:`. */
  readonly colonEnd: number | undefined;
}

/** The items of a collection; undefined when one cannot be placed exactly (explicit `?` keys, odd tokens). */
export function itemPlaces(collection: Collection, text: string): ItemPlace[] | undefined {
  if (isMap(collection)) {
    const places: ItemPlace[] = [];
    for (const pair of collection.items) {
      const place = pairPlace(pair.srcToken, pair.key, pair.value, text);
      if (!place) return undefined;
      places.push(place);
    }
    return places;
  }
  const token = collection.srcToken;
  if (!token || (token.type !== 'block-seq' && token.type !== 'flow-collection')) return undefined;
  const block = token.type === 'block-seq';
  // A comment after the last item makes an item of its own in the source tokens: only real items count.
  const items = token.items.filter((item) => (block ? item.start.some((t) => t.type === 'seq-item-ind') : item.value !== undefined || item.key !== undefined));
  if (items.length !== collection.items.length) return undefined;
  const places: ItemPlace[] = [];
  for (const [index, item] of items.entries()) {
    if (item.key !== undefined || item.sep !== undefined) return undefined;
    const node = collection.items[index];
    const dash = item.start.find((t) => t.type === 'seq-item-ind');
    const afterDash = dash ? dash.offset + 1 : undefined;
    if (block && afterDash === undefined) return undefined;
    if (isEmpty(node)) {
      if (afterDash === undefined) return undefined;
      places.push({ start: dash!.offset, valueStart: afterDash, end: afterDash, valueEmpty: true, colonEnd: undefined });
      continue;
    }
    const valueStart = Math.min(propsStart(item.start, afterDash ?? 0) ?? Infinity, (node as YamlNode).range![0]);
    places.push({ start: dash ? dash.offset : valueStart, valueStart, end: endOf(node as YamlNode, text), valueEmpty: false, colonEnd: undefined });
  }
  return places;
}

function pairPlace(token: CST.CollectionItem | undefined, key: unknown, value: unknown, text: string): ItemPlace | undefined {
  if (!token || !isScalar(key) || !key.range) return undefined;
  if (token.start.some((t) => t.type === 'explicit-key-ind')) return undefined;
  const lastBreak = token.start.reduce((found, t) => (t.type === 'newline' ? t.offset : found), -1);
  const start = Math.min(propsStart(token.start, lastBreak + 1) ?? Infinity, key.range[0]);
  const colon = token.sep?.find((t) => t.type === 'map-value-ind');
  if (!colon) return undefined;
  const colonEnd = colon.offset + 1;
  if (isEmpty(value)) return { start, valueStart: colonEnd, end: colonEnd, valueEmpty: true, colonEnd };
  const valueStart = Math.min(propsStart(token.sep ?? [], colonEnd) ?? Infinity, (value as YamlNode).range![0]);
  return { start, valueStart, end: endOf(value as YamlNode, text), valueEmpty: false, colonEnd };
}

/** The first tag or anchor at or after `from` among a node's leading tokens. */
function propsStart(tokens: readonly CST.SourceToken[], from: number): number | undefined {
  return tokens.find((t) => (t.type === 'tag' || t.type === 'anchor') && t.offset >= from)?.offset;
}

function isEmpty(node: unknown): boolean {
  if (node === null || node === undefined) return true;
  return isScalar(node) && !node.srcToken && (!node.range || node.range[0] === node.range[1]);
}

/** Just after a node's last character (a block collection's range runs on to the next line). */
export function endOf(node: YamlNode, text: string): number {
  const span = spanOfNode(node, text);
  return span.offset + span.length;
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The end of the offset's line, before its line break. */
export function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  if (newline < 0) return text.length;
  return newline > 0 && text[newline - 1] === '\r' ? newline - 1 : newline;
}

/** Just past the line break at `end` (a line end), or `end` at the end of the text. */
export function pastLineBreak(text: string, end: number): number {
  if (text.startsWith('\r\n', end)) return end + 2;
  return text[end] === '\n' ? end + 1 : end;
}

/**
 * A statement's window: its text from the start of its line, with whatever precedes it there (`- `, the
 * indentation) turned into spaces, so it sits at the same columns; its trailing comment included. `first`:
 * where the window starts in the text.
 */
export function statementWindow(text: string, span: { readonly offset: number; readonly length: number }): { readonly first: number; readonly windowText: string } {
  const start = span.offset;
  const end = span.offset + span.length;
  const first = lineStart(text, start);
  const last = lineEnd(text, end);
  const windowEnd = /^[ \t]*(#.*)?$/.test(text.slice(end, last)) ? last : end;
  return { first, windowText: ' '.repeat(start - first) + text.slice(start, windowEnd) };
}

export function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** Nothing but blanks before the offset on its line. */
export function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, offset), offset));
}

export function hasComment(text: string, start: number, end: number): boolean {
  return /(^|[ \t\r\n])#/.test(text.slice(start, end));
}

/** Inside `{…}` or `[…]`: everything is written in flow style there. */
export function inFlow(chain: readonly Collection[]): boolean {
  return chain.some((collection) => collection.flow === true);
}

/**
 * The style to write new nodes in at a place: measured on the nearest nodes that show it (the collection
 * being edited, then its ancestors, nearest first), else taken from `fallback` (the document's own habits).
 * The indentation is a nesting step the file actually uses there, never the smallest indent in the file.
 */
export function styleNear(chain: readonly Collection[], text: string, fallback: YamlStyle): YamlStyle {
  const nearestFirst = [...chain].reverse();
  let indent: number | undefined;
  let indentSeq: boolean | undefined;
  for (const collection of nearestFirst) {
    if (!isMap(collection) || collection.flow) continue;
    for (const pair of collection.items) {
      const measured = nesting(pair.key, pair.value, text);
      if (measured?.kind === 'map' && indent === undefined && measured.step > 0) indent = measured.step;
      if (measured?.kind === 'seq' && indentSeq === undefined) {
        indentSeq = measured.step > 0;
        if (measured.step > 0 && indent === undefined) indent = measured.step;
      }
    }
    if (indent !== undefined && indentSeq !== undefined) break;
  }
  const flowCollection = nearestFirst.find((c) => c.flow && c.range && c.items.length > 0);
  const singleQuote = quotePreference(nearestFirst.slice(0, 1));
  return {
    indent: indent ?? fallback.indent,
    indentSeq: indentSeq ?? fallback.indentSeq,
    flowPadding: flowCollection ? isPadded(flowCollection, text) : fallback.flowPadding,
    singleQuote: singleQuote ?? fallback.singleQuote,
    eol: fallback.eol,
  };
}

function isPadded(collection: Collection, text: string): boolean {
  const open = collection.range![0];
  return /^[[{][ \t]/.test(text.slice(open, open + 2));
}

/** How far a block collection under a key is indented from the key. */
function nesting(key: unknown, value: unknown, text: string): { kind: 'map' | 'seq'; step: number } | undefined {
  if (!isScalar(key) || !key.range || !isCollection(value) || value.flow || value.items.length === 0 || !value.range) return undefined;
  const keyColumn = columnOf(text, key.range[0]);
  if (isMap(value)) {
    const first = value.items[0]!.key;
    if (!isScalar(first) || !first.range) return undefined;
    return { kind: 'map', step: columnOf(text, first.range[0]) - keyColumn };
  }
  const dash = (value.srcToken as CST.BlockSequence | undefined)?.items[0]?.start.find((t) => t.type === 'seq-item-ind');
  return dash ? { kind: 'seq', step: columnOf(text, dash.offset) - keyColumn } : undefined;
}

/** Single quotes when the nearest scalars are single-quoted more often than double-quoted; undefined when none are quoted. */
function quotePreference(collections: readonly Collection[]): boolean | undefined {
  let single = 0;
  let double = 0;
  for (const collection of collections) {
    for (const item of collection.items) {
      const value = isPair(item) ? item.value : item;
      if (isScalar(value) && value.type === Scalar.QUOTE_SINGLE) single++;
      if (isScalar(value) && value.type === Scalar.QUOTE_DOUBLE) double++;
    }
  }
  return single + double === 0 ? undefined : single >= double;
}
