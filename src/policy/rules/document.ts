import type { FileContext } from '../findings';
import type { PolicyDocument } from '../model';
import type { ArrayNode, ObjectNode, PropertyNode, TreeNode } from '../tree';
import { isReceivingSesGrant } from './ruleHelpers';

/**
 * File-level structure (docs/rules): duplicate keys inside SES grants, and the `Version` of policy documents
 * that hold an SES grant.
 */
export function documentRules(context: FileContext): void {
  checkDuplicateKeys(context);
  for (const document of context.file.documents) {
    if (concernsSes(context, document)) checkVersion(context, document);
  }
}

/**
 * Only a document holding a receiving SES grant gets `version-*`: an SES-marked statement gets nothing but
 * the principal findings, a sending-side grant nothing but `source-arn-not-receipt-rule` (docs/semantics.md#recognising-a-grant). Once
 * `principal-wildcard`'s fix makes a marked statement a grant, the version is judged.
 */
function concernsSes(context: FileContext, document: PolicyDocument): boolean {
  return document.statements.some((s) => {
    const grant = context.grants.get(s);
    return grant !== undefined && isReceivingSesGrant(grant);
  });
}

const VALID_VERSIONS = ['2012-10-17', '2008-10-17'];

function checkVersion(context: FileContext, document: PolicyDocument): void {
  const version = document.version;
  if (!version) {
    // The smallest node that shows where `Version` belongs: the `Statement` key it should precede.
    const span = document.statementProperty?.keySpan ?? document.node.span;
    context.report('version-missing', span);
    return;
  }
  const value = version.value;
  if (value.type === 'token') return;
  const text = value.type === 'scalar' ? (typeof value.value === 'string' ? value.value : value.raw) : undefined;
  if (text === '2008-10-17') context.report('version-legacy-2008', value.span);
  else if (text === undefined || !VALID_VERSIONS.includes(text)) {
    context.report('version-invalid', value.span, { value: text ?? (value.type === 'object' ? '{…}' : '[…]') });
  }
}

/**
 * The same key twice in one object anywhere inside an SES grant: the parser keeps both, IAM (like `property()`)
 * keeps the last, so the first one silently does nothing. Reported once per statement, at the first key
 * that is overridden.
 */
function checkDuplicateKeys(context: FileContext): void {
  // One stack for every statement of the file, emptied by each walk.
  const stack: (ObjectNode | ArrayNode)[] = [];
  for (const statement of context.file.statements) {
    const grant = context.grants.get(statement);
    if (!grant || !isReceivingSesGrant(grant)) continue;
    const duplicate = firstOverriddenKey(statement.node, stack);
    if (duplicate) context.report('duplicate-key', duplicate.keySpan, { key: duplicate.key }, statement);
  }
}

/**
 * The overridden property that comes first in the document, walking with an explicit stack (left empty). Only
 * objects and arrays are pushed: scalars, most of a statement's nodes, hold no key.
 */
function firstOverriddenKey(root: ObjectNode, stack: (ObjectNode | ArrayNode)[]): PropertyNode | undefined {
  let first: PropertyNode | undefined;
  stack.push(root);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'object') {
      const properties = node.properties;
      const earlier = properties.length > 16 ? firstRepeatedByMap(properties) : firstRepeated(properties);
      if (earlier && (!first || earlier.keySpan.offset < first.keySpan.offset)) first = earlier;
      for (const prop of properties) pushContainer(stack, prop.value);
    } else {
      for (const item of node.items) pushContainer(stack, item);
    }
  }
  return first;
}

function pushContainer(stack: (ObjectNode | ArrayNode)[], node: TreeNode): void {
  if (node.type === 'object' || node.type === 'array') stack.push(node);
}

/**
 * Of one object's properties, the first whose key is written again later (the earliest overridden one), or
 * undefined. Statement objects are small: comparing pairs costs less than building a Map for each.
 */
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
