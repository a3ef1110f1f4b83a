import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { EditPath } from '../../policy/fixes/policyEditor';
import { parseForEdit } from './yamlSource';

/**
 * What a YAML node holds, as plain data: keys in order (repeated keys kept), items, scalar values with their
 * explicit tags, aliases by name. The YAML editor splices text by hand, so it checks its own work: the edited
 * text must read back as exactly the original shape with the recipe's changes applied, nothing else.
 */
export type Shape = MapShape | SeqShape | ScalarShape | AliasShape;

interface MapShape {
  readonly kind: 'map';
  readonly pairs: [string, Shape][];
  readonly tag?: string;
}

interface SeqShape {
  readonly kind: 'seq';
  readonly items: Shape[];
  readonly tag?: string;
}

interface ScalarShape {
  readonly kind: 'scalar';
  readonly value: unknown;
  readonly tag?: string;
}

interface AliasShape {
  readonly kind: 'alias';
  readonly source: string;
}

export function shapeOf(node: unknown): Shape {
  if (isAlias(node)) return { kind: 'alias', source: node.source };
  if (isPair(node)) return { kind: 'map', pairs: [[keyName(node.key), shapeOf(node.value)]] };
  if (isMap(node)) return { kind: 'map', pairs: node.items.map((pair) => [keyName(pair.key), shapeOf(pair.value)]), ...tagged(node.tag) };
  if (isSeq(node)) return { kind: 'seq', items: node.items.map(shapeOf), ...tagged(node.tag) };
  if (isScalar(node)) return { kind: 'scalar', value: node.value, ...tagged(node.tag) };
  return { kind: 'scalar', value: null };
}

export function sameShape(a: Shape, b: Shape): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function tagged(tag: string | undefined): { tag?: string } {
  return tag ? { tag } : {};
}

function keyName(key: unknown): string {
  return isScalar(key) ? String(key.value) : JSON.stringify(shapeOf(key));
}

/**
 * The recipe's operations applied to a shape, resolving paths as the editor does (a key names its first copy).
 * Each returns false when the path does not lead where the operation needs it to.
 */
export class ShapeEdits {
  constructor(readonly root: Shape) {}

  set(path: EditPath, value: Shape): boolean {
    if (path.length === 0) return false;
    const parent = this.at(path.slice(0, -1));
    const last = path[path.length - 1]!;
    if (parent?.kind === 'map' && typeof last === 'string') {
      const pair = parent.pairs.find(([key]) => key === last);
      if (pair) pair[1] = value;
      else parent.pairs.push([last, value]);
      return true;
    }
    if (parent?.kind === 'seq' && typeof last === 'number' && last <= parent.items.length) {
      parent.items[last] = value;
      return true;
    }
    return false;
  }

  insert(path: EditPath, key: string, value: Shape, index: number): boolean {
    const map = this.at(path);
    if (map?.kind !== 'map') return false;
    map.pairs.splice(index, 0, [key, value]);
    return true;
  }

  append(path: EditPath, value: Shape): boolean {
    const seq = this.at(path);
    if (seq?.kind !== 'seq') return false;
    seq.items.push(value);
    return true;
  }

  remove(path: EditPath): boolean {
    const parent = this.at(path.slice(0, -1));
    const last = path[path.length - 1];
    if (parent?.kind === 'map') {
      const index = parent.pairs.findIndex(([key]) => key === last);
      if (index >= 0) parent.pairs.splice(index, 1);
      return index >= 0;
    }
    if (parent?.kind === 'seq' && typeof last === 'number' && last < parent.items.length) {
      parent.items.splice(last, 1);
      return true;
    }
    return false;
  }

  rename(path: EditPath, newKey: string): boolean {
    const parent = this.at(path.slice(0, -1));
    const pair = parent?.kind === 'map' ? parent.pairs.find(([key]) => key === path[path.length - 1]) : undefined;
    if (pair) pair[0] = newKey;
    return pair !== undefined;
  }

  private at(path: EditPath): Shape | undefined {
    let node: Shape | undefined = this.root;
    for (const step of path) {
      if (node?.kind === 'map') node = node.pairs.find(([key]) => key === step)?.[1];
      else if (node?.kind === 'seq' && typeof step === 'number') node = node.items[step];
      else return undefined;
    }
    return node;
  }
}

/**
 * Texts recently found to read as a shape: fix-all appends the same Condition, at the same column, to every
 * open statement of a template. Bounded, so it never grows with the input.
 */
const checked = new Map<string, boolean>();
const CHECKED_LIMIT = 64;

/** A text parses cleanly as exactly this shape. */
export function readsAs(text: string, expected: Shape): boolean {
  const key = JSON.stringify([text, expected]);
  let result = checked.get(key);
  if (result === undefined) {
    const parsed = parseForEdit(text);
    result = parsed !== undefined && parsed.errorCount === 0 && sameShape(shapeOf(parsed.document.contents), expected);
    if (checked.size >= CHECKED_LIMIT) checked.clear();
    checked.set(key, result);
  }
  return result;
}
