import type { StatementContext } from '../findings';
import type { ObjectNode, PropertyNode, TreeNode } from '../tree';
import { unresolvedReferenceIn } from './placeholderValues';
import { isReceivingSesGrant } from './ruleHelpers';

/**
 * The checks that read every node of a receiving SES grant, in one walk of its tree (docs/rules):
 * - `duplicate-key` (structure): the same key twice in one object anywhere inside the grant. The parser keeps
 *   both, IAM (like `property()`) keeps the last, so the first one silently does nothing. Reported at the first
 *   key that is overridden.
 * - `unresolved-reference` (placeholders): template syntax in a file that is no template, in any string of the
 *   statement (a `${…}` in an action is just as literal); the first in document order is reported.
 * They walked the same trees separately (a file rule and a statement rule): two walks of every grant, each
 * several percent of a large policy's lint.
 */
export function statementTreeRules(context: StatementContext): void {
  if (!isReceivingSesGrant(context.grant)) return;
  walk(context.statement.node, !context.file.allowsTemplateValues);
  const duplicate = foundDuplicate;
  const reference = foundReference;
  foundDuplicate = undefined;
  foundReference = undefined;
  if (duplicate) context.report('duplicate-key', duplicate.keySpan, { key: duplicate.key });
  if (reference) context.report('unresolved-reference', reference.node.span, { value: reference.value });
}

/**
 * What the last walk found, and its stack: one of each for every walk (no garbage per grant), emptied by the
 * walk before it starts (a walk cut short by an exception leaves them set) and, for what it found, after.
 */
let foundDuplicate: PropertyNode | undefined;
let foundReference: { readonly node: TreeNode; readonly value: string } | undefined;
const STACK: TreeNode[] = [];

/**
 * Preorder, children in document order, with an explicit stack (input may be deep): the overridden property
 * that comes first in the document, and the first string holding an unresolved reference when `references`.
 * Strings are pushed only while a reference is still looked for; otherwise only objects and arrays, which hold
 * keys.
 */
function walk(root: ObjectNode, references: boolean): void {
  const stack = STACK;
  // Only after a walk cut short: setting the length is a runtime call even on an empty list.
  if (stack.length > 0) stack.length = 0;
  foundDuplicate = undefined;
  foundReference = undefined;
  let lookForReference = references;
  stack.push(root);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'object') {
      const properties = node.properties;
      const earlier = firstOverridden(properties);
      if (earlier && (!foundDuplicate || earlier.keySpan.offset < foundDuplicate.keySpan.offset)) foundDuplicate = earlier;
      for (let i = properties.length - 1; i >= 0; i--) push(stack, properties[i]!.value, lookForReference);
    } else if (node.type === 'array') {
      const items = node.items;
      for (let i = items.length - 1; i >= 0; i--) push(stack, items[i]!, lookForReference);
    } else if (lookForReference && node.type === 'scalar' && typeof node.value === 'string') {
      const value = unresolvedReferenceIn(node.value);
      if (value === undefined) continue;
      foundReference = { node, value };
      // The rest of the walk looks for keys only: strings left on the stack are popped and passed over.
      lookForReference = false;
    }
  }
}

function push(stack: TreeNode[], node: TreeNode, strings: boolean): void {
  if (node.type === 'object' || node.type === 'array' || (strings && node.type === 'scalar')) stack.push(node);
}

/**
 * Of one object's properties, the first whose key is written again later (the earliest overridden one), or
 * undefined. Keys hashed by length and first and last character into a bit each: distinct bits, the usual
 * case (a statement's `Sid`, `Effect`, `Principal`, `Action`, `Resource`, `Condition` take six), mean distinct
 * keys, and only a collision compares keys.
 */
function firstOverridden(properties: readonly PropertyNode[]): PropertyNode | undefined {
  if (properties.length < 2) return undefined;
  let bits = 0;
  for (const property of properties) {
    const key = property.key;
    const bit = 1 << ((key.length * 7 + key.charCodeAt(0) * 3 + key.charCodeAt(key.length - 1)) & 31);
    if (bits & bit) return properties.length > 16 ? firstRepeatedByMap(properties) : firstRepeated(properties);
    bits |= bit;
  }
  return undefined;
}

/** Statement objects are small: comparing pairs costs less than building a Map for each. */
function firstRepeated(properties: readonly PropertyNode[]): PropertyNode | undefined {
  let first: PropertyNode | undefined;
  outer: for (let i = 0; i < properties.length - 1; i++) {
    const candidate = properties[i]!;
    const key = candidate.key;
    // Only a key's first occurrence is a candidate (the Map version keeps the first one it saw).
    for (let k = 0; k < i; k++) if (properties[k]!.key === key) continue outer;
    for (let j = i + 1; j < properties.length; j++) {
      if (properties[j]!.key !== key) continue;
      if (!first || candidate.keySpan.offset < first.keySpan.offset) first = candidate;
      break;
    }
  }
  return first;
}

function firstRepeatedByMap(properties: readonly PropertyNode[]): PropertyNode | undefined {
  const seen = new Map<string, PropertyNode>();
  let first: PropertyNode | undefined;
  for (const prop of properties) {
    const earlier = seen.get(prop.key);
    if (earlier && (!first || earlier.keySpan.offset < first.keySpan.offset)) first = earlier;
    if (!earlier) seen.set(prop.key, prop);
  }
  return first;
}
