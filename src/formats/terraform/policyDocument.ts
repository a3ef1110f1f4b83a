import { spanBetween, type ArrayNode, type ObjectNode, type PropertyNode, type Span, type TreeNode } from '../../policy/tree';
import { attributeOf, blocksOf, type HclAttribute, type HclBlock, type HclBody } from './hcl';
import { hclToTree, literalText } from './hclValues';

/**
 * `data "aws_iam_policy_document"` as the policy document the AWS provider renders from it, with every span on
 * the HCL that produced the value:
 *   statement { sid effect actions resources principals { type identifiers } condition { test variable values } }
 * becomes {Sid, Effect, Action, Resource, Principal: {Type: identifiers}, Condition: {test: {variable: values}}}.
 * As the provider does, `principals` of one type and `condition`s of one test and variable merge their values,
 * `effect` defaults to Allow and `version` to 2012-10-17; a `principals` of type `*` (or `AWS`) naming only
 * `*` is the principal `"*"`. Defaults the file does not write are zero-length nodes at the block's start.
 * `dynamic "statement"` blocks are read from their `content`; what they iterate over stays a template value.
 */

const STATEMENT_ATTRIBUTES: readonly [string, string][] = [
  ['sid', 'Sid'],
  ['effect', 'Effect'],
  ['actions', 'Action'],
  ['not_actions', 'NotAction'],
  ['resources', 'Resource'],
  ['not_resources', 'NotResource'],
];

export function policyDocumentTree(source: string, block: HclBlock): ObjectNode {
  const statements = statementBlocks(block.body).map(({ body, span }) => statementTree(source, body, span));
  const properties: PropertyNode[] = [versionProperty(source, block)];
  const first = statements[0];
  if (first) {
    const last = statements[statements.length - 1]!;
    const list: ArrayNode = { type: 'array', span: spanBetween(first.span, last.span), items: statements };
    properties.push({ key: 'Statement', keySpan: statementKeySpan(block.body) ?? first.span, value: list, span: list.span });
  }
  return { type: 'object', span: block.span, properties };
}

function statementKeySpan(body: HclBody): Span | undefined {
  const first = body.blocks.find((b) => b.type === 'statement' || (b.type === 'dynamic' && b.labels[0]?.value === 'statement'));
  return first?.typeSpan;
}

function statementBlocks(body: HclBody): { body: HclBody; span: Span }[] {
  const found: { body: HclBody; span: Span }[] = [];
  for (const block of body.blocks) {
    if (block.type === 'statement') found.push({ body: block.body, span: block.span });
    else if (block.type === 'dynamic' && block.labels[0]?.value === 'statement') {
      const content = blocksOf(block.body, 'content')[0];
      if (content) found.push({ body: content.body, span: block.span });
    }
  }
  return found;
}

function versionProperty(source: string, block: HclBlock): PropertyNode {
  const version = attributeOf(block.body, 'version');
  if (version) return attributeProperty(source, version, 'Version');
  return implicitProperty('Version', '2012-10-17', block.span.offset);
}

function implicitProperty(key: string, value: string, at: number): PropertyNode {
  const span = { offset: at, length: 0 };
  return { key, keySpan: span, value: { type: 'scalar', span, value, raw: JSON.stringify(value) }, span };
}

function attributeProperty(source: string, attribute: HclAttribute, key: string): PropertyNode {
  return { key, keySpan: attribute.nameSpan, value: hclToTree(source, attribute.value), span: attribute.span };
}

function statementTree(source: string, body: HclBody, span: Span): ObjectNode {
  const properties: PropertyNode[] = [];
  for (const [name, key] of STATEMENT_ATTRIBUTES) {
    const attribute = attributeOf(body, name);
    if (attribute) properties.push(attributeProperty(source, attribute, key));
  }
  if (!attributeOf(body, 'effect')) properties.push(implicitProperty('Effect', 'Allow', span.offset));
  for (const [name, key] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']] as const) {
    const principal = principalProperty(source, blocksOf(body, name), key);
    if (principal) properties.push(principal);
  }
  const condition = conditionProperty(source, blocksOf(body, 'condition'));
  if (condition) properties.push(condition);
  return { type: 'object', span, properties };
}

/** Several nodes as one list: the items of each (a list, or one value), spanning from the first to the last. */
function mergedList(nodes: readonly TreeNode[]): TreeNode {
  if (nodes.length === 1) return nodes[0]!;
  const items = nodes.flatMap((node) => (node.type === 'array' ? node.items : [node]));
  return { type: 'array', span: spanBetween(nodes[0]!.span, nodes[nodes.length - 1]!.span), items };
}

interface Group {
  readonly key: string;
  readonly keySpan: Span;
  readonly values: TreeNode[];
  /** The blocks that wrote this key, in order. */
  readonly blocks: HclBlock[];
}

/** Up to this many groups a scan finds a key; a module that writes more (generated ones) gets a Map. */
const SCANNED_GROUPS = 16;

/**
 * Groups blocks by a literal attribute (`type`, `test`, `variable`), in the order the keys first appear. A
 * statement has one to three of each, so the groups are scanned, not hashed: two Maps per call were a few
 * percent of what a large module's lint allocated. `readValues` false leaves `values` empty.
 */
function groupBy(source: string, blocks: readonly HclBlock[], keyAttribute: string, valueAttribute: string, readValues = true): Group[] {
  const groups: Group[] = [];
  let byKey: Map<string, Group> | undefined;
  for (const block of blocks) {
    const keyNode = attributeOf(block.body, keyAttribute);
    const key = literalText(source, keyNode?.value);
    const value = attributeOf(block.body, valueAttribute);
    // A computed type, test or variable names nothing the checks could read.
    if (key === undefined || !keyNode || !value) continue;
    let group = byKey ? byKey.get(key) : scannedGroup(groups, key);
    if (!group) {
      group = { key, keySpan: keyNode.value.span, values: [], blocks: [] };
      groups.push(group);
      if (byKey) byKey.set(key, group);
      else if (groups.length > SCANNED_GROUPS) byKey = new Map(groups.map((g) => [g.key, g]));
    }
    if (readValues) group.values.push(hclToTree(source, value.value));
    group.blocks.push(block);
  }
  return groups;
}

function scannedGroup(groups: readonly Group[], key: string): Group | undefined {
  for (const group of groups) if (group.key === key) return group;
  return undefined;
}

function blocksSpan(blocks: readonly HclBlock[]): Span {
  return spanBetween(blocks[0]!.span, blocks[blocks.length - 1]!.span);
}

function principalProperty(source: string, blocks: readonly HclBlock[], key: 'Principal' | 'NotPrincipal'): PropertyNode | undefined {
  if (blocks.length === 0) return undefined;
  const span = blocksSpan(blocks);
  const groups = groupBy(source, blocks, 'type', 'identifiers');
  const only = groups.length === 1 ? groups[0]! : undefined;
  if (only && (only.key === '*' || only.key === 'AWS')) {
    const identifiers = mergedList(only.values);
    const items = identifiers.type === 'array' ? identifiers.items : [identifiers];
    const star = items.length === 1 && items[0]!.type === 'scalar' && items[0]!.value === '*' ? items[0] : undefined;
    if (star) return { key, keySpan: blocks[0]!.typeSpan, value: star, span };
  }
  const properties: PropertyNode[] = groups.map((group) => {
    const value = mergedList(group.values);
    return { key: group.key, keySpan: group.keySpan, value, span: spanBetween(group.keySpan, value.span) };
  });
  return { key, keySpan: blocks[0]!.typeSpan, value: { type: 'object', span, properties }, span };
}

function conditionProperty(source: string, blocks: readonly HclBlock[]): PropertyNode | undefined {
  if (blocks.length === 0) return undefined;
  const span = blocksSpan(blocks);
  // The tests' groups need only their blocks: their values are read per variable, below.
  const operators: PropertyNode[] = groupBy(source, blocks, 'test', 'variable', false).map((test) => {
    const entries: PropertyNode[] = groupBy(source, test.blocks, 'variable', 'values').map((variable) => {
      const value = mergedList(variable.values);
      return { key: variable.key, keySpan: variable.keySpan, value, span: blocksSpan(variable.blocks) };
    });
    const testSpan = blocksSpan(test.blocks);
    return { key: test.key, keySpan: test.keySpan, value: { type: 'object', span: testSpan, properties: entries }, span: testSpan };
  });
  return { key: 'Condition', keySpan: blocks[0]!.typeSpan, value: { type: 'object', span, properties: operators }, span };
}
