import { isMap, isSeq, type Node as YamlNode } from 'yaml';
import type { OffsetEdit } from '../../policy/fixes/types';
import { columnOf, endOf, hasComment, inFlow, itemPlaces, lineEnd, lineStart, pastLineBreak, startsLine, type Collection, type ItemPlace } from './yamlLayout';
import { isInline, renderBlock, renderBlockItem, renderBlockPair, renderFlowPair, renderInline, renderKey, type YamlStyle } from './yamlRender';
import type { Located } from './yamlSource';

/**
 * The text edits of the YAML editor, each computed from the ranges of the nodes it touches in the current
 * text: a replaced value takes the old value's place, a new item goes beside its siblings in their layout, a
 * removed item takes exactly its own lines (block) or its entry and one separator (flow). Undefined when the
 * place cannot be edited that way; the editor then refuses the edit.
 */

export type Splice = OffsetEdit;

const replace = (start: number, end: number, content: string): Splice => ({ offset: start, length: end - start, content });
const insert = (at: number, content: string): Splice => ({ offset: at, length: 0, content });

/** Replaces the value at `located` (an item of a mapping or sequence) by `node`. */
export function setValue(text: string, located: Located, node: YamlNode, style: YamlStyle): Splice | undefined {
  const parent = located.chain[located.chain.length - 1];
  const old = located.node as YamlNode | null;
  if (!parent) return setRoot(text, old, node, style);
  const place = itemPlaces(parent, text)?.[located.index];
  if (!place) return undefined;
  if (inFlow(located.chain)) return place.valueEmpty ? insert(place.valueStart, ' ' + renderInline(node, style)) : replace(place.valueStart, place.end, renderInline(node, style));
  return isMap(parent) ? setMapValue(text, place, old, node, style) : setItem(text, place, node, style);
}

function setRoot(text: string, old: YamlNode | null, node: YamlNode, style: YamlStyle): Splice | undefined {
  if (!old?.range) return undefined;
  const start = old.range[0];
  return replace(start, endOf(old, text), isInline(node) ? renderInline(node, style) : renderBlock(node, columnOf(text, start), style));
}

function setMapValue(text: string, place: ItemPlace, old: YamlNode | null, node: YamlNode, style: YamlStyle): Splice | undefined {
  const colonEnd = place.colonEnd!;
  const onKeyLine = !place.valueEmpty && lineStart(text, place.valueStart) === lineStart(text, colonEnd);
  // A comment between the key and its value (`Key: # note` on the line above the value) stays where it is.
  const commentBefore = hasComment(text, colonEnd, place.valueStart);
  if (isInline(node)) {
    const inline = renderInline(node, style);
    if (place.valueEmpty) return insert(colonEnd, ' ' + inline);
    if (onKeyLine || commentBefore) return replace(place.valueStart, place.end, inline);
    return replace(colonEnd, place.end, ' ' + inline);
  }
  if (!place.valueEmpty && !onKeyLine && sameBlockKind(old, node)) {
    return replace(place.valueStart, place.end, renderBlock(node, columnOf(text, place.valueStart), style));
  }
  const column = columnOf(text, place.start) + (isSeq(node) && !style.indentSeq ? 0 : style.indent);
  const block = style.eol + ' '.repeat(column) + renderBlock(node, column, style);
  if (place.valueEmpty) return insert(colonEnd, block);
  if (onKeyLine) {
    // `Key: old # note` → `Key: # note` and the block below: the comment stays on the key's line.
    const end = lineEnd(text, place.end);
    const tail = hasComment(text, place.end, end) ? text.slice(place.end, end) : '';
    return replace(colonEnd, end, tail + block);
  }
  return commentBefore ? undefined : replace(colonEnd, place.end, block);
}

function setItem(text: string, place: ItemPlace, node: YamlNode, style: YamlStyle): Splice {
  if (place.valueEmpty) {
    const content = isInline(node) ? renderInline(node, style) : renderBlock(node, columnOf(text, place.start) + 2, style);
    return insert(place.valueStart, ' ' + content);
  }
  // After `- ` a block collection starts on the dash's line (compact) or where the old value started.
  const content = isInline(node) ? renderInline(node, style) : renderBlock(node, columnOf(text, place.valueStart), style);
  return replace(place.valueStart, place.end, content);
}

function sameBlockKind(old: YamlNode | null, node: YamlNode): boolean {
  if (!old || !('flow' in old) || old.flow) return false;
  return (isMap(old) && isMap(node)) || (isSeq(old) && isSeq(node));
}

/** Inserts `key: node` into a mapping at `index` among its items (at the end when beyond them). */
export function insertPair(text: string, map: Collection, chain: readonly Collection[], key: string, node: YamlNode, index: number, style: YamlStyle): Splice | undefined {
  const places = itemPlaces(map, text);
  if (!places) return undefined;
  const at = Math.min(index, places.length);
  if (inFlow([...chain, map])) {
    const pair = renderFlowPair(key, node, style);
    return insertFlowEntry(text, map, places, at, pair, style);
  }
  const first = places[0];
  if (!first) return undefined;
  const column = columnOf(text, first.start);
  const pair = renderBlockPair(key, node, column, style);
  if (at < places.length) return insert(places[at]!.start, pair + style.eol + ' '.repeat(column));
  return insert(lineEnd(text, places[places.length - 1]!.end), style.eol + ' '.repeat(column) + pair);
}

/** Appends `node` to a sequence. */
export function appendItem(text: string, seq: Collection, chain: readonly Collection[], node: YamlNode, style: YamlStyle): Splice | undefined {
  const places = itemPlaces(seq, text);
  if (!places) return undefined;
  if (inFlow([...chain, seq])) return insertFlowEntry(text, seq, places, places.length, renderInline(node, style), style);
  const last = places[places.length - 1];
  if (!last) return undefined;
  const column = columnOf(text, places[0]!.start);
  return insert(lineEnd(text, last.end), style.eol + ' '.repeat(column) + renderBlockItem(node, column, style));
}

/** An entry of a flow collection, with the separator its entries already use. */
function insertFlowEntry(text: string, collection: Collection, places: readonly ItemPlace[], at: number, entry: string, style: YamlStyle): Splice | undefined {
  if (places.length === 0) {
    if (!collection.range) return undefined;
    const open = collection.range[0];
    const close = endOf(collection, text) - 1;
    if (text.slice(open + 1, close).trim() !== '') return undefined;
    const pad = style.flowPadding ? ' ' : '';
    return replace(open + 1, close, pad + entry + pad);
  }
  const separator = flowSeparator(text, places, style);
  if (at < places.length) return insert(places[at]!.start, entry + separator);
  return insert(places[places.length - 1]!.end, separator + entry);
}

/** `, ` or, in a collection written one entry per line, the comma, line break and indentation between entries. */
function flowSeparator(text: string, places: readonly ItemPlace[], style: YamlStyle): string {
  if (places.length < 2) return ', ';
  const last = places[places.length - 1]!;
  const gap = text.slice(places[places.length - 2]!.end, last.start);
  if (/^[ \t]*,[ \t]*(\r?\n[ \t]*)?$/.test(gap)) return gap;
  return startsLine(text, last.start) ? ',' + style.eol + ' '.repeat(columnOf(text, last.start)) : ', ';
}

/**
 * Removes item `index` of a collection with more than one item (an only item leaves an empty collection:
 * the editor sets `{}` or `[]` instead). Block: the item's own lines; flow: the entry and one separator.
 */
export function removeItem(text: string, collection: Collection, chain: readonly Collection[], index: number): Splice | undefined {
  const places = itemPlaces(collection, text);
  const place = places?.[index];
  if (!places || !place || places.length < 2) return undefined;
  if (inFlow([...chain, collection])) {
    const next = places[index + 1];
    const previous = places[index - 1];
    const candidates: [number, number][] = [];
    if (next) candidates.push([place.start, next.start]);
    if (previous) candidates.push([previous.end, place.end]);
    const range = candidates.find(([start, end]) => !hasComment(text, start, end));
    return range && replace(range[0], range[1], '');
  }
  if (startsLine(text, place.start)) {
    let start = lineStart(text, place.start);
    const end = pastLineBreak(text, lineEnd(text, place.end));
    // The last line of a text without a final line break: the line break before it goes instead.
    if (end === text.length && lineEnd(text, place.end) === end && start > 0) start = text[start - 2] === '\r' ? start - 2 : start - 1;
    return replace(start, end, '');
  }
  // The first item written after its parent's dash (`- Sid: x`): up to where the next item starts.
  const next = places[index + 1];
  return next ? replace(place.start, next.start, '') : undefined;
}

/** Renames the key of mapping item `index`, keeping its quoting where it can. */
export function renameKey(text: string, map: Collection, chain: readonly Collection[], index: number, newKey: string, style: YamlStyle): Splice | undefined {
  const pair = isMap(map) ? map.items[index] : undefined;
  const key = pair?.key as YamlNode | undefined;
  if (!key?.range) return undefined;
  return replace(key.range[0], endOf(key, text), renderKey(newKey, key, inFlow([...chain, map]), style));
}
