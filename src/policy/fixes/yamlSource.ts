import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { Span } from '../tree';
import { spanOfNode } from '../yamlSpan';
import type { EditPath } from './policyEditor';
import { documentStyle, type Collection } from './yamlLayout';
import type { YamlStyle } from './yamlRender';

/**
 * A YAML text parsed for editing (source tokens kept), and the lookups the editor makes in it: nodes by span
 * (as the YAML reader, src/formats/yamlTree.ts, gives spans) and by path. Read-only: the editor never changes a
 * parsed document, so one parse of a file serves every fix asked for on it.
 */
export interface ParsedYaml {
  readonly text: string;
  readonly document: Document.Parsed;
  readonly errorCount: number;
}

export function parseForEdit(text: string): ParsedYaml | undefined {
  try {
    const document = parseDocument(text, { keepSourceTokens: true, uniqueKeys: false, prettyErrors: false });
    return { text, document, errorCount: document.errors.length };
  } catch {
    // The yaml package recurses; absurd nesting can exhaust the stack. No edit is offered on such a text.
    return undefined;
  }
}

/** What every fix on one file shares: its parse, whether it uses aliases, its style habits. */
export interface SharedYaml {
  readonly parsed: ParsedYaml;
  readonly hasAliases: boolean;
  readonly style: YamlStyle;
}

/**
 * Every fix request for the findings of one lint shares its PolicyFile, so the file is parsed once per lint
 * (fix-all asks for a fix in every statement of a file each round). Keyed weakly: nothing outlives the lint.
 */
const sharedByFile = new WeakMap<object, SharedYaml>();

export function sharedYaml(text: string, file: { readonly text: string } | undefined, indentHint: number | undefined): SharedYaml | undefined {
  const cached = file ? sharedByFile.get(file) : undefined;
  if (cached && cached.parsed.text === text) return cached;
  const parsed = parseForEdit(text);
  if (!parsed) return undefined;
  const shared = { parsed, hasAliases: usesAliases(parsed.document.contents), style: documentStyle(parsed.document.contents, text, indentHint) };
  if (file && file.text === text) sharedByFile.set(file, shared);
  return shared;
}

function usesAliases(root: unknown): boolean {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isAlias(node)) return true;
    if (isPair(node)) pending.push(node.key, node.value);
    else if (isCollection(node)) pending.push(...node.items);
  }
  return false;
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
    let next: unknown;
    if (isMap(node)) {
      const counts = new Map<string, number>();
      for (const pair of node.items) counts.set(keyText(pair.key), (counts.get(keyText(pair.key)) ?? 0) + 1);
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const name = keyText(pair.key);
        const repeated = (counts.get(name) ?? 0) > 1;
        if (key && matches(pair.key, target, text)) {
          return { path: [...path, name], chain: [...chain, node], node: pair.value, ambiguous: ambiguous || repeated };
        }
        if (contains(pair.value, target, text)) {
          next = pair.value;
          path.push(name);
          ambiguous ||= repeated;
          break;
        }
      }
    } else {
      const index = node.items.findIndex((item) => contains(item, target, text));
      if (index >= 0) {
        next = node.items[index];
        path.push(index);
      }
    }
    if (next === undefined) return undefined;
    chain.push(node);
    node = next;
  }
  return undefined;
}

/** Spans of tagged values start at the tag, as src/formats/yamlTree.ts reads them. */
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
