import type { ConditionEntry, Statement } from '../model';
import { isObject, property, type Span } from '../tree';
import { dropOverriddenCopies, pathToEdit } from './duplicateKeys';
import type { EditPath, PolicyEditor } from './policyEditor';

/**
 * Edits to a statement's `Condition`, described as a plan and carried out with path-based edits in an order
 * that keeps every path valid: renames, then additions, then removals, then clean-up of emptied blocks.
 */
export interface ConditionPlan {
  /** operator → key → value, merged into the operator's block (created when missing); a key it has stays as it is. */
  readonly add?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Entries to delete; an operator block left empty is deleted, and `Condition` when nothing is left. */
  readonly remove?: readonly ConditionEntry[];
  /** Keys to rename in place (the value and its comments stay). */
  readonly renameKey?: readonly { readonly entry: ConditionEntry; readonly key: string }[];
  /** Operators to rename in place (the whole block moves to another operator). */
  readonly renameOperator?: readonly { readonly entry: ConditionEntry; readonly operator: string }[];
}

/**
 * An added key goes next to any entry of the same key under another operator: that entry is the user's
 * (a `Null` presence check, a `StringNotEquals`, a value under a mistyped operator), and a fix never drops
 * a condition key or replaces a value the user wrote. Plans name every entry they remove.
 */
export function applyConditionPlan(editor: PolicyEditor, statement: Statement, plan: ConditionPlan): boolean {
  const statementPath = editor.pathOf(statement.node.span);
  if (!statementPath) return false;
  const add = plan.add ?? {};
  const conditionProperty = statement.conditionProperty;

  if (!conditionProperty || !isObject(conditionProperty.value)) {
    if (Object.keys(add).length === 0) return false;
    if (conditionProperty) {
      const path = pathToEdit(editor, statement.node, conditionProperty.keySpan, true);
      if (!path) return false;
      editor.set(path, add);
    } else {
      editor.insertProperty(statementPath, 'Condition', add);
    }
    return true;
  }

  // Paths by key name: a key written more than once loses its overridden copies first (duplicateKeys.ts).
  const conditionPath = pathToEdit(editor, statement.node, conditionProperty.keySpan, true);
  if (!conditionPath) return false;

  // Resolve every path before anything else changes (meanwhile only overridden copies go, and name paths stay valid).
  const removals = new Set<ConditionEntry>(plan.remove ?? []);
  const keyRenames = resolve(editor, statement, plan.renameKey ?? [], (r) => r.entry.keySpan);
  const operatorRenames = resolve(editor, statement, plan.renameOperator ?? [], (r) => r.entry.operatorSpan);
  const removalPaths = resolve(editor, statement, [...removals], (entry) => entry.keySpan);
  if (!keyRenames || !operatorRenames || !removalPaths) return false;
  // Adding to a block or a key written more than once: into the copy that counts.
  for (const [operator, keys] of Object.entries(add)) {
    const block = property(conditionProperty.value, operator);
    if (!block) continue;
    if (!dropOverriddenCopies(editor, statement.node, block.keySpan)) return false;
    const blockValue = block.value;
    if (!isObject(blockValue)) continue;
    for (const key of Object.keys(keys)) {
      const existing = blockValue.properties.filter((p) => p.key.toLowerCase() === key.toLowerCase());
      for (const copy of new Set(existing.map((p) => property(blockValue, p.key)))) {
        if (copy && !dropOverriddenCopies(editor, statement.node, copy.keySpan)) return false;
      }
    }
  }

  for (const { item, path } of keyRenames) editor.renameKey(path, item.key);
  const renamedOperators = new Map<string, string>();
  for (const { item, path } of operatorRenames) {
    if (renamedOperators.has(item.entry.operator)) continue;
    renamedOperators.set(item.entry.operator, item.operator);
    editor.renameKey(path, item.operator);
  }

  for (const [operator, keys] of Object.entries(add)) {
    const operators = editor.keysAt(conditionPath);
    const count = operators.filter((o) => o === operator).length;
    if (count > 1) return false;
    if (count === 0) {
      editor.insertProperty(conditionPath, operator, keys);
      continue;
    }
    const blockPath = [...conditionPath, operator];
    for (const [key, value] of Object.entries(keys)) {
      const existing = editor.keysAt(blockPath).filter((k) => k.toLowerCase() === key.toLowerCase());
      if (existing.length > 1) return false;
      // A key the block already has keeps the user's value.
      if (existing.length === 0) editor.insertProperty(blockPath, key, value);
    }
  }

  // Removals: keys by name under their (possibly renamed) operator; a block left empty goes as a whole.
  for (const { item } of removalPaths) {
    const blockPath: EditPath = [...conditionPath, renamedOperators.get(item.operator) ?? item.operator];
    const keys = editor.keysAt(blockPath);
    if (keys.filter((k) => k === item.key).length !== 1) continue;
    editor.remove(keys.length === 1 ? blockPath : [...blockPath, item.key]);
  }
  // Only a removal can leave the Condition empty (and only then is the edited text read again).
  if (removalPaths.length > 0 && editor.keysAt(conditionPath).length === 0) editor.remove(conditionPath);
  return true;
}

function resolve<T>(editor: PolicyEditor, statement: Statement, items: readonly T[], spanOf: (item: T) => Span) {
  const resolved: { item: T; path: EditPath }[] = [];
  for (const item of items) {
    const path = pathToEdit(editor, statement.node, spanOf(item), true);
    if (!path) return undefined;
    resolved.push({ item, path });
  }
  return resolved;
}

/** Property order in an AddPermission body: where a source property goes. */
const ADD_PERMISSION_ORDER = ['FunctionName', 'StatementId', 'Action', 'Principal', 'SourceAccount', 'SourceArn'];

/** Sets `SourceAccount` / `SourceArn` properties of an AddPermission body, in the API's documented order. */
export function setAddPermissionProperties(editor: PolicyEditor, statement: Statement, properties: Readonly<Record<string, string>>): boolean {
  const path = editor.pathOf(statement.node.span);
  if (!path) return false;
  for (const [key, value] of Object.entries(properties)) {
    const keys = editor.keysAt(path);
    const count = keys.filter((k) => k === key).length;
    if (count > 1) return false;
    if (count === 1) {
      editor.set([...path, key], value);
      continue;
    }
    const rank = ADD_PERMISSION_ORDER.indexOf(key);
    const later = keys.findIndex((k) => ADD_PERMISSION_ORDER.indexOf(k) > rank);
    editor.insertProperty(path, key, value, later < 0 ? undefined : later);
  }
  return true;
}
