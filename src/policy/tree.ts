import type { PolicyValue } from './model';

/**
 * A format-neutral syntax tree with offsets. JSON (jsonc-parser) and, later, YAML adapters produce it;
 * the policy model and every rule read only this, so a rule never knows which file format it runs on.
 */

export interface Span {
  readonly offset: number;
  readonly length: number;
}

export type ScalarValue = string | number | boolean | null;

interface NodeBase {
  readonly span: Span;
}

export interface ScalarNode extends NodeBase {
  readonly type: 'scalar';
  readonly value: ScalarValue;
  /** The exact source text of the scalar: numbers keep their spelling (`1e400`, `0123`). */
  readonly raw: string;
  /**
   * The scalar as a value of the model, when its reader makes the node serve as its own value (the strict
   * JSON reader does, for strings and numbers): the model then keeps no second object per value.
   */
  readonly asValue?: PolicyValue;
}

/** A value the format computes at deploy time (a CloudFormation intrinsic, a Terraform expression). */
export interface TokenNode extends NodeBase {
  readonly type: 'token';
  /** Literal text parts known from the token, e.g. the pieces of a `!Sub` string around `${…}`. */
  readonly text: string;
  /**
   * `text` with the references the format can read written out, when there are any: in a CloudFormation
   * template `${Bucket.Arn}` of the template's own bucket is `arn:${AWS::Partition}:s3:::${Bucket}`. Rules
   * read ARNs from it (arn.ts); messages and edits keep `text`, which is what the user wrote.
   */
  readonly expanded?: string;
}

export interface PropertyNode {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: TreeNode;
  /** From the key's start to the value's end. */
  readonly span: Span;
}

export interface ObjectNode extends NodeBase {
  readonly type: 'object';
  readonly properties: readonly PropertyNode[];
}

export interface ArrayNode extends NodeBase {
  readonly type: 'array';
  readonly items: readonly TreeNode[];
}

export type TreeNode = ScalarNode | TokenNode | ObjectNode | ArrayNode;

export function spanOf(offset: number, length: number): Span {
  return { offset, length };
}

/** Whether `inner` lies within `outer` (ends included). */
export function spanInside(inner: Span, outer: Span): boolean {
  return inner.offset >= outer.offset && inner.offset + inner.length <= outer.offset + outer.length;
}

/** Whether the two spans are the very same range. */
export function sameSpan(a: Span, b: Span): boolean {
  return a.offset === b.offset && a.length === b.length;
}

/** Whether the two spans share at least one character. */
export function spansOverlap(a: Span, b: Span): boolean {
  return a.offset < b.offset + b.length && b.offset < a.offset + a.length;
}

export function spanBetween(start: Span, end: Span): Span {
  return { offset: start.offset, length: end.offset + end.length - start.offset };
}

/** The last property with this exact key (the one JSON parsers keep when keys repeat). */
export function property(node: ObjectNode, key: string): PropertyNode | undefined {
  for (let i = node.properties.length - 1; i >= 0; i--) {
    const candidate = node.properties[i]!;
    if (candidate.key === key) return candidate;
  }
  return undefined;
}

export function isObject(node: TreeNode | undefined): node is ObjectNode {
  return node?.type === 'object';
}

/** A node as a list: arrays give their items, anything else is a list of one. */
export function asList(node: TreeNode | undefined): readonly TreeNode[] {
  if (!node) return [];
  return node.type === 'array' ? node.items : [node];
}

/** The text a scalar or token stands for, or undefined for objects, arrays, booleans and null. */
export function textOf(node: TreeNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'token') return node.text;
  if (node.type !== 'scalar') return undefined;
  if (typeof node.value === 'string') return node.value;
  if (typeof node.value === 'number') return node.raw;
  return undefined;
}
