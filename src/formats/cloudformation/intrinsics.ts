import type { ArrayNode, ObjectNode, PropertyNode, TreeNode } from '../../policy/tree';

/**
 * CloudFormation intrinsics (`{"Ref": …}`, `{"Fn::Sub": …}`, and YAML's `!Ref`/`!Sub` short forms, which the
 * YAML reader turns into the same one-key objects) become opaque tokens (docs/semantics.md#normalisation). A token's text keeps the
 * literal parts and writes every computed part as `${…}`, the way `Fn::Sub` itself does:
 *   !Ref AWS::AccountId                    → ${AWS::AccountId}
 *   !GetAtt Rule.Arn / [Rule, Arn]         → ${Rule.Arn}
 *   !Sub 'arn:aws:ses:${AWS::Region}:…'    → arn:aws:ses:${AWS::Region}:…
 *   !Join ['', ['arn:aws:s3:::', !Ref B, '/*']] → arn:aws:s3:::${B}/*
 *   anything else (!If, !Select, !ImportValue…) → ${…}
 * so rules can still check the literal parts and find references to other resources.
 */

export const OPAQUE = '${…}';

/** `Condition` is also a policy element, so `{"Condition": name}` is never read as an intrinsic. */
export function isIntrinsicKey(key: string): boolean {
  return key === 'Ref' || key.startsWith('Fn::');
}

function intrinsicOf(node: ObjectNode): PropertyNode | undefined {
  if (node.properties.length !== 1) return undefined;
  const only = node.properties[0]!;
  return isIntrinsicKey(only.key) ? only : undefined;
}

function scalarText(node: TreeNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'token') return node.text;
  if (node.type === 'scalar' && (typeof node.value === 'string' || typeof node.value === 'number')) return String(node.value);
  return undefined;
}

/** The `${…}` text of one intrinsic, given its already converted argument. */
function tokenText(name: string, argument: TreeNode): string {
  switch (name) {
    case 'Ref': {
      const target = scalarText(argument);
      return target !== undefined ? '${' + target + '}' : OPAQUE;
    }
    case 'Fn::GetAtt': {
      if (argument.type === 'array') {
        const parts = argument.items.map(scalarText);
        return parts.every((p) => p !== undefined) ? '${' + parts.join('.') + '}' : OPAQUE;
      }
      const target = scalarText(argument);
      return target !== undefined ? '${' + target + '}' : OPAQUE;
    }
    case 'Fn::Sub': {
      const template = argument.type === 'array' ? argument.items[0] : argument;
      return (template?.type === 'scalar' && typeof template.value === 'string' ? template.value : undefined) ?? OPAQUE;
    }
    case 'Fn::Join': {
      if (argument.type !== 'array') return OPAQUE;
      const delimiter = scalarText(argument.items[0]);
      const list = argument.items[1];
      if (delimiter === undefined || list?.type !== 'array') return OPAQUE;
      return list.items.map((item) => scalarText(item) ?? OPAQUE).join(delimiter);
    }
    default:
      return OPAQUE;
  }
}

/**
 * What `${Name.Attribute}` references stand for when the template tells (`MailBucket.Arn` →
 * `arn:${AWS::Partition}:s3:::${MailBucket}`); tokens that use them get an `expanded` text.
 */
export type KnownAttributes = ReadonlyMap<string, string>;

/** A collection whose entries are being converted: the entry to convert next, and the entries changed so far. */
interface Frame {
  readonly node: ObjectNode | ArrayNode;
  next: number;
  /** The entries' converted values, copied from the node's at the first entry that changed; undefined: none changed. */
  values: TreeNode[] | undefined;
}

/**
 * Replaces intrinsic objects by tokens throughout a tree. Iterative: nesting depth never reaches the call stack.
 * A collection with no intrinsic inside is kept as it is, not copied: most of a template (its resources'
 * other properties, its receipt rules) holds none, and copying every node of a 1 MB template, each looked
 * up in a map, was a sixth of its lint.
 */
export function tokenizeIntrinsics(root: TreeNode, attributes: KnownAttributes = new Map()): TreeNode {
  if (root.type !== 'object' && root.type !== 'array') return root;
  const stack: Frame[] = [{ node: root, next: 0, values: undefined }];
  let result: TreeNode = root;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const { node } = frame;
    const count = node.type === 'object' ? node.properties.length : node.items.length;
    if (frame.next < count) {
      const child = node.type === 'object' ? node.properties[frame.next]!.value : node.items[frame.next]!;
      if (child.type === 'object' || child.type === 'array') stack.push({ node: child, next: 0, values: undefined });
      else frame.next++;
      continue;
    }
    stack.pop();
    const converted = rebuild(node, frame.values, attributes);
    const parent = stack[stack.length - 1];
    if (!parent) {
      result = converted;
      break;
    }
    if (converted !== node) {
      parent.values ??= entryValues(parent.node);
      parent.values[parent.next] = converted;
    }
    parent.next++;
  }
  return result;
}

function entryValues(node: ObjectNode | ArrayNode): TreeNode[] {
  return node.type === 'object' ? node.properties.map((p) => p.value) : node.items.slice();
}

/** The node with its entries' converted `values` (undefined: none changed), as a token when it is an intrinsic. */
function rebuild(node: ObjectNode | ArrayNode, values: readonly TreeNode[] | undefined, attributes: KnownAttributes): TreeNode {
  if (node.type === 'array') {
    if (!values) return node;
    const array: ArrayNode = { type: 'array', span: node.span, items: values };
    return array;
  }
  const intrinsic = intrinsicOf(node);
  if (!intrinsic) {
    if (!values) return node;
    // Field by field: a reader's property may give `span` by a getter, which a spread would drop.
    const properties = node.properties.map((p, i): PropertyNode => (values[i] === p.value ? p : { key: p.key, keySpan: p.keySpan, value: values[i]!, span: p.span }));
    const object: ObjectNode = { type: 'object', span: node.span, properties };
    return object;
  }
  const text = tokenText(intrinsic.key, values ? values[0]! : intrinsic.value);
  const expanded = attributes.size > 0 ? expandAttributes(text, attributes) : text;
  return expanded === text ? { type: 'token', span: node.span, text } : { type: 'token', span: node.span, text, expanded };
}

function expandAttributes(text: string, attributes: KnownAttributes): string {
  return text.replace(/\$\{([A-Za-z0-9]+\.[A-Za-z0-9.]+)\}/g, (reference, name: string) => attributes.get(name) ?? reference);
}

/** `${Name}` / `${Name.Attr}` references inside a token's text (not `${AWS::…}` pseudo parameters). */
export function referencesIn(text: string): { name: string; attribute: string | undefined }[] {
  const found: { name: string; attribute: string | undefined }[] = [];
  for (const match of text.matchAll(/\$\{([A-Za-z0-9]+)(?:\.([A-Za-z0-9.]+))?\}/g)) {
    found.push({ name: match[1]!, attribute: match[2] });
  }
  return found;
}
