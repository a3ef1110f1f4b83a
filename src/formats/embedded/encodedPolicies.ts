import { collectFromPolicyRoot } from '../../policy/extract';
import type { EmbeddedPolicy, EmbeddedPolicySource, PolicyDocument, PolicyFile, Statement, TextEncoding } from '../../policy/model';
import { parseJson } from '../json/parseJson';
import { NOT_STRICT, readStrictJson } from '../json/strictJson';
import { OffsetMap } from '../offsetMap';
import { mightHoldSesGrant } from '../../policy/prefilter';
import { isObject, property, type ScalarNode, type TreeNode } from '../../policy/tree';
import { decodeJsonString, JSON_STRING, type DecodedText } from './jsonString';
import { treeInOuterFile } from './outerTree';
import { decodeYamlScalar, YAML_SCALAR_ENCODINGS } from './yamlString';

/**
 * Policies written as JSON text inside a string where a policy is expected: the output of `aws lambda
 * get-policy`, `aws s3api get-bucket-policy` and `aws kms get-key-policy` (`{"Policy": "<json>"}`), of `aws sns
 * get-topic-attributes` (`{"Attributes": {"Policy": "<json>"}}`), and a CloudFormation `PolicyDocument` or
 * `KeyPolicy` given as a string. The string is decoded with a map through its escapes, so findings point
 * inside the string.
 */

/** Decoded JSON text read as a policy: its tree in the outer file's offsets, and its syntax errors there. */
export function embeddedJsonPolicy(
  decoded: DecodedText,
  source: EmbeddedPolicySource,
  encodings: readonly TextEncoding[],
  tokenFor?: (scalar: ScalarNode) => string | undefined,
  outerText?: string,
): EmbeddedPolicy | undefined {
  const inPlace = outerText !== undefined && tokenFor === undefined ? readInPlace(decoded, outerText) : NOT_STRICT;
  if (inPlace !== NOT_STRICT) return inPlace && { source, encodings, text: decoded.value, root: inPlace, map: decoded.map, syntaxErrors: [] };
  const { root, errors } = parseJson(decoded.value);
  if (!root) return undefined;
  return {
    source,
    encodings,
    text: decoded.value,
    root: treeInOuterFile(root, decoded.map, tokenFor),
    map: decoded.map,
    syntaxErrors: errors.map((e) => ({ message: e.message, ...decoded.map.spanToOuter(e) })),
  };
}

/**
 * Strict JSON written as is in the outer file (a single-quoted shell argument, a here-document without
 * escapes), read there: the tree has the outer file's offsets from the start, with no second tree rebuilt
 * from the first (that copy was a tenth of a long script's lint). The same tree, offsets and all, as the
 * general path makes; NOT_STRICT when the text is not one run of the outer file or not strict JSON (the
 * general path reads it then, with jsonc-parser's recovery and errors).
 */
function readInPlace(decoded: DecodedText, outerText: string): TreeNode | undefined | typeof NOT_STRICT {
  const shift = decoded.map instanceof OffsetMap ? decoded.map.shift : undefined;
  if (shift === undefined || shift + decoded.value.length > outerText.length) return NOT_STRICT;
  return readStrictJson(outerText, shift, shift + decoded.value.length);
}

/** Text that opens an object after blanks and comments (read leniently, as JSON files are): only an object can be a policy. */
export function startsLikeObject(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b) return true;
    if (c === 0x2f && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      if (end < 0) return false;
      i = end;
    } else if (c === 0x2f && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return false;
      i = end + 1;
    } else if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
  }
  return false;
}

/**
 * The policy a string node holds, read from its decoded text; undefined when the string is no object or
 * cannot hold an SES grant (then it is nobody's concern here, broken or not).
 */
export function readEncodedPolicy(text: string, node: TreeNode | undefined, syntax: 'json' | 'yaml'): EmbeddedPolicy | undefined {
  if (node?.type !== 'scalar' || typeof node.value !== 'string') return undefined;
  if (!startsLikeObject(node.value) || !mightHoldSesGrant(node.value)) return undefined;
  const end = node.span.offset + node.span.length;
  const decoded = syntax === 'json' ? decodeJsonString(text, node.span.offset, end) : decodeYamlScalar(text, node.span, node.value);
  if (!decoded) return undefined;
  return syntax === 'json' ? embeddedJsonPolicy(decoded, 'json-string', [JSON_STRING]) : embeddedJsonPolicy(decoded, 'yaml-string', YAML_SCALAR_ENCODINGS);
}

/** The string values of API output that hold a policy: `Policy`, and `Attributes.Policy`. */
export function apiOutputPolicyNodes(root: TreeNode | undefined): TreeNode[] {
  if (!isObject(root)) return [];
  const nodes: TreeNode[] = [];
  const policy = property(root, 'Policy')?.value;
  if (policy) nodes.push(policy);
  const attributes = property(root, 'Attributes')?.value;
  const attributesPolicy = isObject(attributes) ? property(attributes, 'Policy')?.value : undefined;
  if (attributesPolicy) nodes.push(attributesPolicy);
  return nodes;
}

/** A plain JSON file onto the model: its own policy, and the policies API output holds as strings. */
export function extractJsonFile(text: string, root: TreeNode | undefined): PolicyFile {
  const documents: PolicyDocument[] = [];
  const statements: Statement[] = [];
  if (isObject(root)) collectFromPolicyRoot(root, documents, statements);
  const embedded: EmbeddedPolicy[] = [];
  for (const node of apiOutputPolicyNodes(root)) {
    const policy = readEncodedPolicy(text, node, 'json');
    if (!policy) continue;
    embedded.push(policy);
    if (isObject(policy.root)) collectFromPolicyRoot(policy.root, documents, statements);
  }
  return { text, root, documents, statements, allowsTemplateValues: false, ...(embedded.length > 0 ? { embedded } : {}) };
}
