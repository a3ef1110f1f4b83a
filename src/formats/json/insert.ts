import { applyEdits, modify, type JSONPath } from 'jsonc-parser';
import { extractPolicies } from '../../policy/extract';
import type { EditPath } from '../../policy/fixes/policyEditor';
import type { OffsetEdit, FormattingPreferences } from '../../policy/fixes/types';
import { keysToUpdate, placeGrant, statementPathOf, type GrantStatement } from '../../policy/grantPlacement';
import type { Statement } from '../../policy/model';
import { JsonEditor } from './jsonEditor';
import { lineIndentAt } from './jsonText';
import { parseJson } from './parseJson';
import { LineIndex } from '../../policy/positions';
import { minimalReplacement } from '../../policy/textDiff';
import { grantDocument, grantStatement, toJsonText, type GrantValues, type InsertKind } from '../../policy/templates';
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
      const placement = placeGrant(shape.statements, kind, values, grantStatement(kind, values), false);
      const existing = placement.existing;
      const update = existing
        ? { existing: describe(text, existing), edits: updateEdits(text, statementPathOf(existing), existing.node, grantStatement(kind, values), formatting) }
        : undefined;
      const add =
        shape.shape === 'policy'
          ? addToPolicy(text, shape.root, placement.added, formatting)
          : wrapBareStatement(text, shape.root, placement.added, formatting);
      return { shape: shape.shape, add, update, problem: undefined, otherKind: placement.otherKind };
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

function describe(text: string, statement: Statement): ExistingGrant {
  const offset = statement.node.span.offset;
  return { sid: statement.sid?.text, line: new LineIndex(text).position(offset).line, offset };
}

function modifyOptions(formatting: FormattingPreferences) {
  return { formattingOptions: { tabSize: formatting.tabSize, insertSpaces: formatting.insertSpaces, eol: formatting.eol } };
}

function addToPolicy(text: string, root: ObjectNode, statement: GrantStatement, formatting: FormattingPreferences): OffsetEdit[] {
  let updated = text;
  const statementProperty = property(root, 'Statement');
  if (!statementProperty || statementProperty.value.type === 'scalar') {
    if (!property(root, 'Version')) updated = applyEdits(updated, modify(updated, ['Version'], '2012-10-17', modifyOptions(formatting)));
    updated = applyEdits(updated, modify(updated, ['Statement'], [statement], modifyOptions(formatting)));
    return changeBetween(text, updated);
  }
  // An empty list is laid out by jsonc-parser, as the whole `Statement` is when it is missing.
  if (statementProperty.value.type === 'array' && statementProperty.value.items.length === 0) {
    return changeBetween(text, applyEdits(text, modify(text, ['Statement', -1], statement, { ...modifyOptions(formatting), isArrayInsertion: true })));
  }
  if (statementProperty.value.type !== 'array') updated = wrapInArray(updated, statementProperty.value, formatting);
  return changeBetween(text, appendStatement(updated, statement, formatting));
}

/**
 * The statement after the `Statement` list's last one (`JsonEditor.appendLastItem`: jsonc-parser's array
 * insertion would reformat the previous element's line and put the new element before a comment ending it).
 */
function appendStatement(text: string, statement: GrantStatement, formatting: FormattingPreferences): string {
  const editor = JsonEditor.open(text, formatting);
  return editor ? editor.appendLastItem(['Statement'], statement).text : text;
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
function wrapBareStatement(text: string, root: ObjectNode, statement: GrantStatement, formatting: FormattingPreferences): OffsetEdit[] {
  const unit = indentUnit(formatting);
  const eol = formatting.eol;
  const outer = lineIndentAt(text, root.span.offset);
  const original = text.slice(root.span.offset, root.span.offset + root.span.length);
  const wrapped =
    `{${eol}${outer}${unit}"Version": "2012-10-17",${eol}${outer}${unit}"Statement": [${eol}` +
    `${outer}${unit}${unit}${indentFollowingLines(original, unit + unit)}${eol}${outer}${unit}]${eol}${outer}}`;
  const updated = text.slice(0, root.span.offset) + wrapped + text.slice(root.span.offset + root.span.length);
  return changeBetween(text, appendStatement(updated, statement, formatting));
}

/**
 * Updates a grant in place: each key of the new grant is set on the existing object (its identity key kept),
 * so comments elsewhere in the object and keys we do not write stay where they were.
 */
function updateEdits(text: string, path: EditPath, node: ObjectNode, replacement: GrantStatement, formatting: FormattingPreferences): OffsetEdit[] {
  let updated = text;
  for (const { key, value } of keysToUpdate(node, replacement, IDENTITY_KEYS)) {
    updated = applyEdits(updated, modify(updated, [...path, key] as JSONPath, value, modifyOptions(formatting)));
  }
  return changeBetween(text, updated);
}

/** The one edit from `before` to `after` (none when they are equal). */
function changeBetween(before: string, after: string): OffsetEdit[] {
  const edit = minimalReplacement(before, after);
  return edit ? [edit] : [];
}

function indentUnit(formatting: FormattingPreferences): string {
  return formatting.insertSpaces ? ' '.repeat(formatting.tabSize) : '\t';
}

function indentFollowingLines(text: string, unit: string): string {
  // JSON strings cannot hold raw line breaks, so every break here is layout (or inside a block comment).
  return text.replace(/(\r\n|\n|\r)(?=[^\r\n])/g, `$1${unit}`);
}
