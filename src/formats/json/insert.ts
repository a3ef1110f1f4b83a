import { applyEdits, modify, type JSONPath } from 'jsonc-parser';
import { extractPolicies } from '../../policy/extract';
import type { OffsetEdit, FormattingPreferences } from '../../policy/fixes/types';
import { classify } from '../../policy/grant';
import type { Statement } from '../../policy/model';
import { parseJson } from './parseJson';
import { LineIndex } from '../../policy/positions';
import { grantDocument, grantStatement, toJsonText, withUniqueSid, type GrantValues, type InsertKind, type JsonTemplate } from '../../policy/templates';
import { isObject, property, type ObjectNode, type TreeNode } from '../../policy/tree';

/**
 * Where "Add SES grant" puts a grant, as offset edits over the policy text (editor-free, so the command, the
 * CLI and the tests share it). Additions go through jsonc-parser `modify`, which keeps the user's comments
 * and layout; the only text we shape ourselves is the bracket pair that turns a single `Statement` object
 * into an array, where the original object is kept verbatim and merely indented one level deeper.
 *
 * Inserted text may hold placeholder marks (templates.ts): render it with `renderPlain` or `renderSnippet`.
 */

/** What the text is, as far as inserting a grant goes. */
export type InsertTargetShape =
  /** Empty or whitespace only: the whole policy document is written. */
  | 'empty'
  /** A policy document (`Statement` object or array), or an object with nothing but `Version`/`Id`. */
  | 'policy'
  /** A single statement at the top level, as the SES and KMS guides print them. */
  | 'bare-statement'
  /** A Lambda AddPermission request body. */
  | 'add-permission'
  /** JSON that is no policy (package.json, a top-level array…). */
  | 'not-a-policy'
  /** Text that does not parse as JSON with comments. */
  | 'syntax-error';

export interface ExistingGrant {
  /** The Sid (StatementId for AddPermission), when the grant has one. */
  readonly sid: string | undefined;
  /** 1-based line of the grant's first character. */
  readonly line: number;
  readonly offset: number;
}

export interface GrantInsertPlan {
  readonly shape: InsertTargetShape;
  /** Edits that add the grant; undefined when this text cannot take another grant (see `problem`). */
  readonly add: readonly OffsetEdit[] | undefined;
  /** The SES grant of the same kind for the same resource already in the text, and the edits updating it. */
  readonly update: { readonly existing: ExistingGrant; readonly edits: readonly OffsetEdit[] } | undefined;
  /** Why neither an addition nor an update is possible (English), when that is so. */
  readonly problem: string | undefined;
  /**
   * The kind of resource policy the document already is, when that is clear from its other statements and
   * differs from the grant asked for (a KMS statement does not belong in a bucket policy).
   */
  readonly otherKind?: InsertKind | undefined;
}

const POLICY_ONLY_KEYS = new Set(['Version', 'Id']);
/** Keys of an existing grant that an update keeps: its identity, which other tools may refer to. */
const IDENTITY_KEYS = new Set(['Sid', 'StatementId']);

export function planGrantInsert(
  text: string,
  kind: InsertKind,
  values: GrantValues,
  formatting: FormattingPreferences,
): GrantInsertPlan {
  // A byte order mark is no JSON to jsonc-parser: plan on the text after it and move the edits past it.
  if (text.startsWith('\uFEFF')) return shiftPlan(planWithoutBom(text.slice(1), kind, values, formatting), 1);
  return planWithoutBom(text, kind, values, formatting);
}

function shiftPlan(plan: GrantInsertPlan, by: number): GrantInsertPlan {
  const shift = (edits: readonly OffsetEdit[]) => edits.map((e) => ({ ...e, offset: e.offset + by }));
  return {
    ...plan,
    add: plan.add && shift(plan.add),
    update: plan.update && { existing: { ...plan.update.existing, offset: plan.update.existing.offset + by }, edits: shift(plan.update.edits) },
  };
}

function planWithoutBom(text: string, kind: InsertKind, values: GrantValues, formatting: FormattingPreferences): GrantInsertPlan {
  const shape = targetShape(text);
  const none = (problem: string): GrantInsertPlan => ({ shape: shape.shape, add: undefined, update: undefined, problem });
  switch (shape.shape) {
    case 'syntax-error':
      return none('the document is not valid JSON: fix its syntax first');
    case 'not-a-policy':
      return none('the document is not a policy: its top level is not a policy document, a statement or an AddPermission request');
    case 'empty': {
      const body = toJsonText(grantDocument(kind, values), { indent: indentUnit(formatting), eol: formatting.eol });
      return { shape: 'empty', add: [{ offset: 0, length: text.length, content: body + formatting.eol }], update: undefined, problem: undefined };
    }
    case 'add-permission': {
      if (kind !== 'lambda') return none('the document is a Lambda AddPermission request: it can only hold the Lambda permission');
      const statement = shape.statements[0];
      if (!statement) return none('the AddPermission request could not be read');
      const edits = updateEdits(text, [], statement.node, grantDocument('lambda', values), formatting);
      return { shape: 'add-permission', add: undefined, update: { existing: describe(text, statement), edits }, problem: undefined };
    }
    case 'bare-statement':
    case 'policy': {
      const existing = findExistingGrant(shape.statements, kind, values);
      const update = existing
        ? {
            existing: describe(text, existing),
            edits: updateEdits(text, statementPath(existing), existing.node, grantStatement(kind, values), formatting),
          }
        : undefined;
      const statement = withUniqueSid(grantStatement(kind, values), new Set(shape.statements.map((s) => s.sid?.text)));
      const add =
        shape.shape === 'policy'
          ? addToPolicy(text, shape.root, statement, formatting)
          : wrapBareStatement(text, shape.root, statement, formatting);
      const documentKind = policyKindOf(shape.statements);
      const otherKind = documentKind !== undefined && documentKind !== kind ? documentKind : undefined;
      return { shape: shape.shape, add, update, problem: undefined, otherKind };
    }
  }
}

interface Shape {
  readonly shape: InsertTargetShape;
  readonly root: ObjectNode;
  readonly statements: readonly Statement[];
}

const EMPTY_OBJECT: ObjectNode = { type: 'object', span: { offset: 0, length: 0 }, properties: [] };

function targetShape(text: string): Shape {
  const plain = (shape: InsertTargetShape): Shape => ({ shape, root: EMPTY_OBJECT, statements: [] });
  if (text.replace(/^\uFEFF/, '').trim() === '') return plain('empty');
  const { root, errors } = parseJson(text);
  if (errors.length > 0) return plain('syntax-error');
  if (!isObject(root)) return plain('not-a-policy');
  const file = extractPolicies(text, root);
  const statementValue = property(root, 'Statement')?.value;
  // `"Statement": "text"` is no policy we can extend; `"Statement": null` is one being started.
  if (statementValue?.type === 'scalar' && statementValue.value !== null) return plain('not-a-policy');
  if (statementValue) return { shape: 'policy', root, statements: file.statements };
  const first = file.statements[0];
  if (first?.shape === 'bare-statement') return { shape: 'bare-statement', root, statements: file.statements };
  if (first?.shape === 'add-permission') return { shape: 'add-permission', root, statements: file.statements };
  // `{}` or `{"Version": …}`: a policy being started.
  if (root.properties.every((p) => POLICY_ONLY_KEYS.has(p.key))) return { shape: 'policy', root, statements: [] };
  return plain('not-a-policy');
}

/** The first SES grant of this kind for the same resource (docs/semantics.md#recognising-a-grant classification, sending side excluded). */
export function findExistingGrant(statements: readonly Statement[], kind: InsertKind, values: GrantValues): Statement | undefined {
  const wanted = grantStatement(kind, values);
  return statements.find((statement) => {
    const grant = classify(statement);
    if (!grant.isSesGrant || grant.isSendingSide || !grant.kinds.includes(kind)) return false;
    return sameResource(kind, statement, wanted['Resource']);
  });
}

function sameResource(kind: InsertKind, statement: Statement, wantedResource: JsonTemplate | undefined): boolean {
  const wanted = typeof wantedResource === 'string' ? wantedResource : '';
  const resources = statement.resources.map((r) => r.text);
  switch (kind) {
    // A key policy belongs to one key: every SES grant in it is for "the" key.
    case 'kms':
      return true;
    case 's3':
      return resources.some((r) => bucketOf(r) !== undefined && bucketOf(r) === bucketOf(wanted));
    case 'lambda':
      return resources.some((r) => functionOf(r) !== undefined && functionOf(r) === functionOf(wanted));
    case 'sns':
      return resources.includes(wanted);
  }
}

const ARN_SERVICE_KINDS: Readonly<Record<string, InsertKind>> = { s3: 's3', sns: 'sns', lambda: 'lambda', kms: 'kms' };

/**
 * Which resource's policy the statements belong to, judged by their Resource ARNs (`arn:aws:s3:::…` is a
 * bucket policy) or, for key policies whose Resource is always `*`, by kms-only actions. Undefined when the
 * statements say nothing or disagree.
 */
export function policyKindOf(statements: readonly Statement[]): InsertKind | undefined {
  const kinds = new Set<InsertKind>();
  for (const statement of statements) {
    for (const resource of statement.resources) {
      const service = /^arn:[^:]*:([^:]*):/.exec(resource.text)?.[1]?.toLowerCase();
      const kind = service === undefined ? undefined : ARN_SERVICE_KINDS[service];
      if (kind) kinds.add(kind);
    }
    const actions = statement.actions.map((a) => a.text.toLowerCase());
    const onlyKms = actions.length > 0 && actions.every((a) => a.startsWith('kms:'));
    if (onlyKms && statement.resources.length > 0 && statement.resources.every((r) => r.text === '*')) kinds.add('kms');
  }
  return kinds.size === 1 ? [...kinds][0] : undefined;
}

function bucketOf(arn: string): string | undefined {
  return /^arn:[^:]*:s3:::([^/]+)/.exec(arn)?.[1];
}

function functionOf(arn: string): string | undefined {
  return /^arn:[^:]*:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(arn)?.[1];
}

function describe(text: string, statement: Statement): ExistingGrant {
  const offset = statement.node.span.offset;
  return { sid: statement.sid?.text, line: new LineIndex(text).position(offset).line, offset };
}

/** The jsonc-parser path of a statement: `Statement[i]`, `Statement` (single object) or the root. */
function statementPath(statement: Statement): JSONPath {
  const statementProperty = statement.document?.statementProperty;
  if (!statementProperty) return [];
  const container = statementProperty.value;
  if (container.type !== 'array') return ['Statement'];
  return ['Statement', container.items.indexOf(statement.node)];
}

function modifyOptions(formatting: FormattingPreferences, isArrayInsertion = false) {
  return {
    formattingOptions: { tabSize: formatting.tabSize, insertSpaces: formatting.insertSpaces, eol: formatting.eol },
    isArrayInsertion,
  };
}

function addToPolicy(text: string, root: ObjectNode, statement: JsonTemplate, formatting: FormattingPreferences): OffsetEdit[] {
  let updated = text;
  const statementProperty = property(root, 'Statement');
  if (!statementProperty || statementProperty.value.type === 'scalar') {
    if (!property(root, 'Version')) updated = applyEdits(updated, modify(updated, ['Version'], '2012-10-17', modifyOptions(formatting)));
    updated = applyEdits(updated, modify(updated, ['Statement'], [statement], modifyOptions(formatting)));
    return [singleEdit(text, updated)];
  }
  if (statementProperty.value.type !== 'array') updated = wrapInArray(updated, statementProperty.value, formatting);
  return [singleEdit(text, appendToStatementArray(updated, statement, formatting))];
}

/**
 * Appends a statement to the `Statement` array. jsonc-parser's array insertion reformats the whole line of
 * the previous element (a one-line statement gets expanded, a minified policy entirely) and puts the new
 * element before a comment that ends the previous line, so the text is placed here instead: after the
 * previous element, its comma and any comment on its line, at that element's indentation. A policy whose
 * array sits on one line gets the statement in compact form, matching it.
 */
function appendToStatementArray(text: string, statement: JsonTemplate, formatting: FormattingPreferences): string {
  const root = parseJson(text).root;
  const array = isObject(root) ? property(root, 'Statement')?.value : undefined;
  const last = array?.type === 'array' ? array.items[array.items.length - 1] : undefined;
  if (!array || !last) return applyEdits(text, modify(text, ['Statement', -1], statement, modifyOptions(formatting, true)));
  const lastEnd = last.span.offset + last.span.length;
  const arrayEnd = array.span.offset + array.span.length;
  if (!hasLineBreak(text, array.span.offset, arrayEnd)) {
    return text.slice(0, lastEnd) + ', ' + JSON.stringify(statement) + text.slice(lastEnd);
  }
  const elementIndent = startsItsLine(text, last.span.offset)
    ? lineIndentAt(text, last.span.offset)
    : lineIndentAt(text, array.span.offset) + indentUnit(formatting);
  const { hasComma, insertAt, restOfLineEmpty } = scanAfterElement(text, lastEnd);
  const body = indentFollowingLines(toJsonText(statement, { indent: indentUnit(formatting), eol: formatting.eol }), elementIndent);
  const closing = restOfLineEmpty ? '' : formatting.eol + lineIndentAt(text, array.span.offset);
  const inserted = formatting.eol + elementIndent + body + closing;
  const comma = hasComma ? '' : ',';
  return text.slice(0, lastEnd) + comma + text.slice(lastEnd, insertAt) + inserted + text.slice(insertAt);
}

/** After an array element: its comma, then a comment ending the line, if any. */
function scanAfterElement(text: string, from: number): { hasComma: boolean; insertAt: number; restOfLineEmpty: boolean } {
  let i = from;
  const skipBlanks = () => {
    while (text[i] === ' ' || text[i] === '\t') i++;
  };
  skipBlanks();
  const hasComma = text[i] === ',';
  if (hasComma) i++;
  const afterComma = i;
  skipBlanks();
  if (text.startsWith('//', i)) {
    while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  } else if (text.startsWith('/*', i)) {
    const close = text.indexOf('*/', i + 2);
    if (close >= 0 && !hasLineBreak(text, i, close)) i = close + 2;
    skipBlanks();
  }
  const atLineEnd = i >= text.length || text[i] === '\n' || text[i] === '\r';
  return atLineEnd ? { hasComma, insertAt: i, restOfLineEmpty: true } : { hasComma, insertAt: hasComma ? afterComma : from, restOfLineEmpty: false };
}

function hasLineBreak(text: string, from: number, to: number): boolean {
  return /[\r\n]/.test(text.slice(from, to));
}

function startsItsLine(text: string, offset: number): boolean {
  return lineIndentAt(text, offset).length === offset - lineStartOf(text, offset);
}

/**
 * `"Statement": {…}` becomes `"Statement": [⏎ {…}⏎ ]`: the object's own text is kept, each of its lines one
 * indentation unit deeper, so comments and the user's layout inside it survive.
 */
function wrapInArray(text: string, node: TreeNode, formatting: FormattingPreferences): string {
  const unit = indentUnit(formatting);
  const outer = lineIndentAt(text, node.span.offset);
  const inner = outer + unit;
  const original = text.slice(node.span.offset, node.span.offset + node.span.length);
  const wrapped = `[${formatting.eol}${inner}${indentFollowingLines(original, unit)}${formatting.eol}${outer}]`;
  return text.slice(0, node.span.offset) + wrapped + text.slice(node.span.offset + node.span.length);
}

/** A bare statement becomes the first statement of a policy document, followed by the new grant. */
function wrapBareStatement(text: string, root: ObjectNode, statement: JsonTemplate, formatting: FormattingPreferences): OffsetEdit[] {
  const unit = indentUnit(formatting);
  const eol = formatting.eol;
  const outer = lineIndentAt(text, root.span.offset);
  const original = text.slice(root.span.offset, root.span.offset + root.span.length);
  const wrapped =
    `{${eol}${outer}${unit}"Version": "2012-10-17",${eol}${outer}${unit}"Statement": [${eol}` +
    `${outer}${unit}${unit}${indentFollowingLines(original, unit + unit)}${eol}${outer}${unit}]${eol}${outer}}`;
  const updated = text.slice(0, root.span.offset) + wrapped + text.slice(root.span.offset + root.span.length);
  return [singleEdit(text, appendToStatementArray(updated, statement, formatting))];
}

/**
 * Updates a grant in place: each key of the new grant is set on the existing object (its identity key kept),
 * so comments elsewhere in the object and keys we do not write stay where they were.
 */
function updateEdits(
  text: string,
  path: JSONPath,
  node: ObjectNode,
  replacement: { [key: string]: JsonTemplate },
  formatting: FormattingPreferences,
): OffsetEdit[] {
  let updated = text;
  for (const [key, value] of Object.entries(replacement)) {
    const current = property(node, key);
    if (current && (IDENTITY_KEYS.has(key) || sameJson(current.value, value))) continue;
    updated = applyEdits(updated, modify(updated, [...path, key], value, modifyOptions(formatting)));
  }
  return updated === text ? [] : [singleEdit(text, updated)];
}

/** Whether a tree node holds exactly this JSON value (then rewriting it would only disturb its layout). */
function sameJson(node: TreeNode, value: JsonTemplate): boolean {
  if (typeof value === 'string') return node.type === 'scalar' && node.value === value;
  if (Array.isArray(value)) {
    return node.type === 'array' && node.items.length === value.length && value.every((v, i) => sameJson(node.items[i]!, v));
  }
  if (node.type !== 'object') return false;
  const keys = Object.keys(value);
  return node.properties.length === keys.length && keys.every((key) => {
    const child = property(node, key);
    return child !== undefined && sameJson(child.value, value[key]!);
  });
}

/** One edit turning `before` into `after`: the span between their common prefix and common suffix. */
function singleEdit(before: string, after: string): OffsetEdit {
  let start = 0;
  const limit = Math.min(before.length, after.length);
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < limit - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { offset: start, length: before.length - start - end, content: after.slice(start, after.length - end) };
}

export function indentUnit(formatting: FormattingPreferences): string {
  return formatting.insertSpaces ? ' '.repeat(formatting.tabSize) : '\t';
}

/** The whitespace that starts the line holding `offset`. */
function lineIndentAt(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(lineStartOf(text, offset), offset))![0];
}

function lineStartOf(text: string, offset: number): number {
  let lineStart = offset;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  return lineStart;
}

function indentFollowingLines(text: string, unit: string): string {
  // JSON strings cannot hold raw line breaks, so every break here is layout (or inside a block comment).
  return text.replace(/(\r\n|\n|\r)(?=[^\r\n])/g, `$1${unit}`);
}
