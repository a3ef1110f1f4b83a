import { detachedCopy } from './detached';
import type { ConditionEntry, PolicyDocument, PolicyFile, PolicyValue, PrincipalEntry, PrincipalType, Statement, StatementShape } from './model';
import { asList, isObject, property, spanBetween, type ObjectNode, type PropertyNode, type Span, type TreeNode } from './tree';

/**
 * Finds the statements of docs/semantics.md#recognising-a-grant at a policy root: a policy document (`Statement` object or array), a bare
 * statement (an object with `Effect`), or a Lambda AddPermission request body.
 */
export function extractPolicies(text: string, root: TreeNode | undefined, allowsTemplateValues = false): PolicyFile {
  const documents: PolicyDocument[] = [];
  const statements: Statement[] = [];
  if (isObject(root)) collectFromPolicyRoot(root, documents, statements);
  return { text, root, documents, statements, allowsTemplateValues };
}

/** Adds what one policy-shaped object holds. Format adapters call this for each policy they locate. */
export function collectFromPolicyRoot(node: ObjectNode, documents: PolicyDocument[], statements: Statement[]): void {
  const statementProperty = property(node, 'Statement');
  if (statementProperty) {
    const documentStatements: Statement[] = [];
    const document: PolicyDocument = {
      node,
      version: property(node, 'Version'),
      statementProperty,
      statements: documentStatements,
    };
    for (const item of asList(statementProperty.value)) {
      if (isObject(item) && property(item, 'Effect')) documentStatements.push(readStatement(item, 'policy-statement', document));
    }
    documents.push(document);
    // A loop, not push(...): a policy with hundreds of thousands of statements would exceed the argument limit.
    for (const statement of documentStatements) statements.push(statement);
    return;
  }
  if (property(node, 'Effect')) {
    statements.push(readStatement(node, 'bare-statement', undefined));
    return;
  }
  if (looksLikeAddPermission(node)) statements.push(readStatement(node, 'add-permission', undefined));
}

function looksLikeAddPermission(node: ObjectNode): boolean {
  const principal = property(node, 'Principal')?.value;
  const action = property(node, 'Action')?.value;
  return principal?.type === 'scalar' && typeof principal.value === 'string' && action !== undefined;
}

export function valuesOf(node: TreeNode | undefined): PolicyValue[] {
  if (!node) return [];
  if (node.type !== 'array') {
    // Most elements hold one value: a list of exactly that one, without a list grown by push to copy.
    const value = valueOf(node);
    return value ? [value] : [];
  }
  const values: PolicyValue[] = [];
  for (const item of node.items) {
    const value = valueOf(item);
    if (value) values.push(value);
  }
  return exactly(values);
}

/**
 * The list without the room push keeps for more (16 slots for one value): a statement's model holds several
 * such lists, and a policy of 150,000 statements would carry that room in each.
 */
function exactly<T>(list: T[]): T[] {
  return list.length === 0 ? list : list.slice();
}

/**
 * A value of the model; its span is its node's, read when asked for. The model outlives the lint with the tree
 * (the result's file holds both), so what it keeps is copied by the young generation's collector before it
 * settles: a reader that makes spans on demand (the strict JSON reader) would otherwise have one made and
 * kept here per value, and rules read a value's span only to report it.
 */
class NodeValue implements PolicyValue {
  constructor(
    readonly text: string,
    readonly node: TreeNode,
    readonly isToken: boolean,
  ) {}

  get span(): Span {
    return this.node.span;
  }
}

/** The value a token, string or number stands for; undefined for objects, arrays, booleans and null. */
function valueOf(item: TreeNode): PolicyValue | undefined {
  if (item.type === 'token') return new NodeValue(item.text, item, true);
  if (item.type === 'scalar' && (typeof item.value === 'string' || typeof item.value === 'number')) {
    const own = item.asValue;
    if (own) return own;
    return new NodeValue(typeof item.value === 'string' ? item.value : item.raw, item, false);
  }
  return undefined;
}

function firstValue(node: TreeNode | undefined): PolicyValue | undefined {
  return node && node.type !== 'array' ? valueOf(node) : undefined;
}

export function readStatement(node: ObjectNode, shape: StatementShape, document: PolicyDocument | undefined): Statement {
  // One pass over the properties; a later property with the same key replaces an earlier one, as `property()` finds.
  let principalProperty: PropertyNode | undefined;
  let notPrincipalProperty: PropertyNode | undefined;
  let actionProperty: PropertyNode | undefined;
  let notActionProperty: PropertyNode | undefined;
  let resourceProperty: PropertyNode | undefined;
  let notResourceProperty: PropertyNode | undefined;
  let conditionProperty: PropertyNode | undefined;
  let sidProperty: PropertyNode | undefined;
  let statementIdProperty: PropertyNode | undefined;
  let effectProperty: PropertyNode | undefined;
  for (const prop of node.properties) {
    switch (prop.key) {
      case 'Principal':
        principalProperty = prop;
        break;
      case 'NotPrincipal':
        notPrincipalProperty = prop;
        break;
      case 'Action':
        actionProperty = prop;
        break;
      case 'NotAction':
        notActionProperty = prop;
        break;
      case 'Resource':
        resourceProperty = prop;
        break;
      case 'NotResource':
        notResourceProperty = prop;
        break;
      case 'Condition':
        conditionProperty = prop;
        break;
      case 'Sid':
        sidProperty = prop;
        break;
      case 'StatementId':
        statementIdProperty = prop;
        break;
      case 'Effect':
        effectProperty = prop;
        break;
    }
  }
  const addPermission = shape === 'add-permission';
  if (addPermission) conditionProperty = undefined;
  const conditions = addPermission ? addPermissionConditions(node) : conditionProperty ? readConditions(conditionProperty.value) : [];
  return {
    shape,
    node,
    document,
    sid: firstValue((addPermission ? statementIdProperty : sidProperty)?.value),
    effect: addPermission ? undefined : firstValue(effectProperty?.value),
    principalProperty,
    notPrincipalProperty,
    principals: readPrincipals(principalProperty?.value),
    actionProperty,
    notActionProperty,
    actions: valuesOf(actionProperty?.value),
    resourceProperty,
    notResourceProperty,
    resources: valuesOf(resourceProperty?.value),
    conditionProperty,
    conditions,
  };
}

const PRINCIPAL_TYPES: readonly PrincipalType[] = ['AWS', 'Service', 'Federated', 'CanonicalUser'];

export function readPrincipals(node: TreeNode | undefined): PrincipalEntry[] {
  if (!node) return [];
  if (node.type === 'scalar' || node.type === 'token') {
    const value = firstValue(node);
    if (!value) return [];
    return [{ type: value.text === '*' ? 'wildcard' : value.text.includes('.') ? 'Service' : 'AWS', value }];
  }
  if (node.type !== 'object') return [];
  const entries: PrincipalEntry[] = [];
  for (const prop of effectiveProperties(node)) {
    const type = principalType(prop.key);
    for (const value of valuesOf(prop.value)) entries.push({ type, value });
  }
  return exactly(entries);
}

function principalType(key: string): PrincipalType {
  for (const type of PRINCIPAL_TYPES) if (type === key) return type;
  return 'other';
}

/**
 * The properties IAM sees: of the same key written twice only the last counts (docs/semantics.md#normalisation, duplicate keys),
 * inside `Principal` and `Condition` as for the statement's elements. A `Principal` whose overridden
 * `Service` named SES, or a `Condition` whose overridden `aws:SourceAccount` matched, must not count.
 * Keys that differ only in case are different JSON keys and stay (`condition-key-duplicate-case`).
 */
function effectiveProperties(node: ObjectNode): readonly PropertyNode[] {
  const properties = node.properties;
  const count = properties.length;
  if (count < 2) return properties;
  // Objects here are small: look for a repeated key pair-wise before building anything.
  let repeated = false;
  for (let i = 0; i < count - 1 && !repeated; i++) {
    const key = properties[i]!.key;
    for (let j = i + 1; j < count; j++) {
      if (properties[j]!.key === key) {
        repeated = true;
        break;
      }
    }
  }
  if (!repeated) return properties;
  const lastIndex = new Map<string, number>();
  properties.forEach((prop, index) => lastIndex.set(prop.key, index));
  return properties.filter((prop, index) => lastIndex.get(prop.key) === index);
}

/** The operator without its set qualifier (`ForAnyValue:` / `ForAllValues:`). */
function withoutSetQualifier(operator: string): string {
  if (operator.startsWith('ForAnyValue:')) return operator.slice('ForAnyValue:'.length);
  if (operator.startsWith('ForAllValues:')) return operator.slice('ForAllValues:'.length);
  return operator;
}

export function readConditions(node: TreeNode): ConditionEntry[] {
  if (!isObject(node)) return [];
  const entries: ConditionEntry[] = [];
  for (const operatorProperty of effectiveProperties(node)) {
    const block = operatorProperty.value;
    if (!isObject(block)) continue;
    const withoutQualifier = withoutSetQualifier(operatorProperty.key);
    const ifExists = withoutQualifier.endsWith('IfExists');
    const baseOperator = ifExists ? withoutQualifier.slice(0, -'IfExists'.length) : withoutQualifier;
    for (const keyProperty of effectiveProperties(block)) {
      entries.push(new ConditionBlockEntry(operatorProperty, baseOperator, ifExists, block, keyProperty));
    }
  }
  return exactly(entries);
}

/**
 * An entry of a `Condition` block: its spans are its properties', read when asked for (rules read them to
 * report), not three span objects kept per entry for as long as the model lives (see NodeValue).
 */
class ConditionBlockEntry implements ConditionEntry {
  readonly operator: string;
  readonly key: string;
  readonly keyLower: string;
  readonly valueNode: TreeNode;
  readonly values: readonly PolicyValue[];
  readonly fromAddPermission = false;

  constructor(
    private readonly operatorProperty: PropertyNode,
    readonly baseOperator: string,
    readonly ifExists: boolean,
    readonly block: ObjectNode,
    private readonly keyProperty: PropertyNode,
  ) {
    this.operator = operatorProperty.key;
    this.key = keyProperty.key;
    this.keyLower = lowerCaseKey(keyProperty.key);
    this.valueNode = keyProperty.value;
    this.values = valuesOf(keyProperty.value);
  }

  get operatorSpan(): Span {
    return this.operatorProperty.keySpan;
  }

  get keySpan(): Span {
    return this.keyProperty.keySpan;
  }

  get entrySpan(): Span {
    return this.keyProperty.span;
  }
}

const LOWER_CASE_KEYS = new Map<string, string>();
const LOWER_CASE_KEYS_MAX = 1_024;
const LOWER_CASE_KEY_MAX_LENGTH = 128;

/**
 * A condition key lower-cased, the copy shared by every statement naming it: a policy repeats the same few
 * keys (`AWS:SourceAccount`…) in each statement, and `toLowerCase` makes a new string each time.
 */
function lowerCaseKey(key: string): string {
  const known = LOWER_CASE_KEYS.get(key);
  if (known !== undefined) return known;
  // Bounded, only short keys, and copies: the map outlives the file, whose text it must not keep alive.
  if (key.length > LOWER_CASE_KEY_MAX_LENGTH) return key.toLowerCase();
  if (LOWER_CASE_KEYS.size >= LOWER_CASE_KEYS_MAX) LOWER_CASE_KEYS.clear();
  const own = detachedCopy(key);
  const lower = own.toLowerCase();
  LOWER_CASE_KEYS.set(own, lower);
  return lower;
}

/** AddPermission's `SourceAccount` / `SourceArn` behave as Lambda stores them: StringEquals / ArnLike [S5](docs/semantics.md#sources). */
function addPermissionConditions(node: ObjectNode): ConditionEntry[] {
  const entries: ConditionEntry[] = [];
  const mapping: readonly [string, string, string][] = [
    ['SourceAccount', 'StringEquals', 'aws:SourceAccount'],
    ['SourceArn', 'ArnLike', 'aws:SourceArn'],
  ];
  for (const [propertyName, operator, key] of mapping) {
    const prop: PropertyNode | undefined = property(node, propertyName);
    if (!prop) continue;
    entries.push({
      operator,
      baseOperator: operator,
      ifExists: false,
      operatorSpan: prop.keySpan,
      block: undefined,
      key,
      keyLower: key.toLowerCase(),
      keySpan: prop.keySpan,
      entrySpan: spanBetween(prop.keySpan, prop.value.span),
      valueNode: prop.value,
      values: valuesOf(prop.value),
      fromAddPermission: true,
    });
  }
  return entries;
}
