import { visit, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { errorCodeWords } from '../../policy/errorWords';
import { NOT_STRICT, readStrictJson } from './strictJson';
import type { ArrayNode, ObjectNode, PropertyNode, ScalarNode, Span, TreeNode } from '../../policy/tree';

export interface JsonParseResult {
  /** Undefined when the text holds no JSON value at all. */
  readonly root: TreeNode | undefined;
  readonly errors: readonly { readonly message: string; readonly offset: number; readonly length: number }[];
}

const OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true };

/**
 * Parses JSON with comments and trailing commas into the neutral tree. Never throws: jsonc-parser recovers
 * from errors, and a text with errors nested deeper than its recursive descent can go yields no tree and one
 * error. Text without a single syntax error (nearly every file) is read by `readStrictJson` instead: the same
 * tree, faster, and at any depth.
 *
 * The tree is built straight from jsonc-parser's visitor, with the same recovery as its `parseTree` (a
 * property without a value and a value where a property name belongs are dropped). Building our nodes
 * directly, instead of converting parseTree's nodes afterwards, makes parsing about as cheap as parseTree.
 */
export function parseJson(text: string): JsonParseResult {
  const strict = readStrictJson(text);
  if (strict !== NOT_STRICT) return { root: strict, errors: [] };
  const errors: ParseError[] = [];
  let root: TreeNode | undefined;
  try {
    root = buildTree(text, errors);
  } catch {
    return { root: undefined, errors: [{ message: 'the text could not be read as JSON', offset: 0, length: 0 }] };
  }
  return {
    root,
    errors: errors.map((e) => ({ message: describeParseError(e.error), offset: e.offset, length: e.length })),
  };
}

/** jsonc-parser's error code as words, the wording of every JSON syntax error we show: "PropertyNameExpected" → "property name expected". */
export function describeParseError(code: number): string {
  return errorCodeWords(printParseErrorCode(code));
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** An object or array being read; `key` is the property name still waiting for its value. */
interface Frame {
  readonly node: Mutable<ObjectNode> | Mutable<ArrayNode>;
  readonly properties: PropertyNode[] | undefined;
  readonly items: TreeNode[] | undefined;
  key: string | undefined;
  keySpan: Span | undefined;
}

function buildTree(text: string, errors: ParseError[]): TreeNode | undefined {
  let root: TreeNode | undefined;
  let rootTaken = false;
  const frames: Frame[] = [];
  let frame: Frame | undefined;

  /** Places a finished value: into its property, its array, or as the root (jsonc-parser keeps the first). */
  const place = (value: TreeNode) => {
    if (!frame) {
      if (!rootTaken) {
        root = value;
        rootTaken = true;
      }
      return;
    }
    if (frame.items) {
      frame.items.push(value);
      return;
    }
    // A value where a property name belongs has no key: parseTree keeps it out of every property.
    if (frame.key === undefined) return;
    const keySpan = frame.keySpan!;
    frame.properties!.push({
      key: frame.key,
      keySpan,
      value,
      span: { offset: keySpan.offset, length: value.span.offset + value.span.length - keySpan.offset },
    });
    frame.key = undefined;
    frame.keySpan = undefined;
  };

  const open = (node: Mutable<ObjectNode> | Mutable<ArrayNode>, properties: PropertyNode[] | undefined, items: TreeNode[] | undefined) => {
    if (frame) frames.push(frame);
    frame = { node, properties, items, key: undefined, keySpan: undefined };
  };

  const close = (offset: number, length: number) => {
    const done = frame!;
    frame = frames.pop();
    const node = done.node;
    node.span = { offset: node.span.offset, length: offset + length - node.span.offset };
    place(node);
  };

  visit(
    text,
    {
      onObjectBegin: (offset) => {
        const properties: PropertyNode[] = [];
        open({ type: 'object', span: { offset, length: -1 }, properties }, properties, undefined);
      },
      onObjectProperty: (name, offset, length) => {
        frame!.key = name;
        frame!.keySpan = { offset, length };
      },
      onObjectEnd: close,
      onArrayBegin: (offset) => {
        const items: TreeNode[] = [];
        open({ type: 'array', span: { offset, length: -1 }, items }, undefined, items);
      },
      onArrayEnd: close,
      onLiteralValue: (value: unknown, offset, length) => {
        const scalar: ScalarNode = {
          type: 'scalar',
          span: { offset, length },
          value: value as ScalarNode['value'],
          raw: text.substr(offset, length),
        };
        place(scalar);
      },
      onSeparator: (separator) => {
        // A comma ends a property that never got its value (parseTree drops it).
        if (separator === ',' && frame?.properties) {
          frame.key = undefined;
          frame.keySpan = undefined;
        }
      },
      onError: (error, offset, length) => {
        errors.push({ error, offset, length });
      },
    },
    OPTIONS,
  );
  return root;
}
