import { fixTitle, type FixName } from '../../policy/fixes/titles';
import { isLiteral, literalAccount, valuesForAccount } from '../../policy/fixes/common';
import { accountInArn } from '../../policy/fixes/sourceConditions';
import type { FixBuilder, FixContext, FixProposal } from '../../policy/fixes/types';
import type { Statement } from '../../policy/model';
import { placeholder, PLACEHOLDERS, receiptRuleArn, type GrantValues } from '../../policy/templates';
import { isJsonSyntax, memberAfter } from './documentFixes';
import { hclString } from './hclWriter';
import { terraformModuleValues } from './moduleValues';
import type { TerraformFile } from './terraformFile';

/**
 * Fixes written as Terraform on `aws_lambda_permission`: the missing `source_account` / `source_arn`
 * arguments, added after the resource's last argument with its indentation and its `=` column. The account is
 * the one the permission already names, else the module's `data.aws_caller_identity`, else the settings',
 * else a placeholder (a tab stop in a quick fix, never written unattended); the region likewise from
 * `data.aws_region`. Only text is inserted, between lines, so comments and formatting stay as they were.
 */

function moduleValues(context: FixContext): GrantValues {
  return terraformModuleValues(context.file as TerraformFile, context.knownValues ?? context.values);
}

function propertyValue(statement: Statement, key: string) {
  const node = statement.node.properties.find((p) => p.key === key)?.value;
  return node && node.type === 'scalar' && typeof node.value === 'string' ? { text: node.value, span: node.span, node, isToken: false } : undefined;
}

/**
 * What may follow the last argument on its line for new lines to go after it: blanks, `/* … *\/` comments closed on
 * that line, then a `#` or `//` comment. A `/*` left open would put the new lines inside the comment.
 */
const ARGUMENT_LINE_REST = /^(?:[ \t]*\/\*(?:[^*]|\*(?!\/))*\*\/)*[ \t]*(?:(?:#|\/\/).*)?\r?$/;

/**
 * `name = value` lines after the last argument the permission has, as its neighbours are laid out; in
 * Terraform's JSON syntax, `"name": "value"` members after its last one.
 */
function insertArguments(context: FixContext, statement: Statement, entries: readonly [string, string][]): FixProposal['edits'] | undefined {
  const text = context.text;
  const last = [...statement.node.properties].sort((a, b) => a.span.offset + a.span.length - (b.span.offset + b.span.length)).pop();
  if (!last) return undefined;
  if (isJsonSyntax(text)) {
    const separator = memberAfter(text, last.span, '').content;
    return [memberAfter(text, last.span, entries.map(([name, value]) => `${JSON.stringify(name)}: ${JSON.stringify(value)}`).join(separator))];
  }
  const lineStart = text.lastIndexOf('\n', last.keySpan.offset - 1) + 1;
  const indent = text.slice(lineStart, last.keySpan.offset);
  if (!/^[ \t]*$/.test(indent)) return undefined;
  const end = last.span.offset + last.span.length;
  const newline = text.indexOf('\n', end);
  // The argument's line ends with the argument (or comments), and the block's `}` is on a later line.
  if (newline < 0 || !ARGUMENT_LINE_REST.test(text.slice(end, newline))) return undefined;
  const equals = text.indexOf('=', last.keySpan.offset + last.keySpan.length);
  // The neighbours' `=` column, or wider for a longer new name (the new lines at least agree among themselves).
  const column = Math.max(equals - last.keySpan.offset - 1, ...entries.map(([name]) => name.length));
  const eol = context.formatting.eol;
  const content = entries.map(([name, value]) => `${indent}${name.padEnd(column)} = ${hclString(value)}${eol}`).join('');
  return [{ offset: newline + 1, length: 0, content }];
}

function proposal(context: FixContext, name: FixName, args: Record<string, string> | undefined, preferred: boolean, edits: FixProposal['edits'] | undefined): FixProposal[] {
  if (!edits) return [];
  return [{ findingId: context.finding.id, ...fixTitle(name, args), edits, preferred }];
}

function permissionOf(context: FixContext): Statement | undefined {
  const statement = context.statement;
  return statement?.shape === 'add-permission' ? statement : undefined;
}

/** The account the permission names (source_account), else the module's or the settings'. */
function valuesOf(context: FixContext, statement: Statement): GrantValues {
  const named = literalAccount(propertyValue(statement, 'SourceAccount'));
  const arn = propertyValue(statement, 'SourceArn');
  const account = named ?? (isLiteral(arn) ? accountInArn(arn.text) : undefined);
  return account ? valuesForAccount({ ...context, knownValues: context.knownValues ?? context.values }, account) : moduleValues(context);
}

const missingSourceConditions: FixBuilder = (context) => {
  const statement = permissionOf(context);
  if (!statement) return [];
  const values = valuesOf(context, statement);
  const both = (anyRule: boolean): [string, string][] => [
    ['source_account', values.accountId ?? placeholder(PLACEHOLDERS.accountId)],
    ['source_arn', receiptRuleArn({ ...values, ...(anyRule ? { anyRule: true } : {}) })],
  ];
  return [
    ...proposal(context, 'addSourceConditions', undefined, true, insertArguments(context, statement, both(values.anyRule === true))),
    ...(context.onlyPreferred || values.anyRule
      ? []
      : proposal(context, 'addSourceConditionsAnyRule', undefined, false, insertArguments(context, statement, both(true)))),
  ];
};

const missingSourceArn: FixBuilder = (context) => {
  const statement = permissionOf(context);
  if (!statement) return [];
  const values = valuesOf(context, statement);
  const arn = (anyRule: boolean): [string, string][] => [['source_arn', receiptRuleArn({ ...values, ...(anyRule ? { anyRule: true } : {}) })]];
  return [
    ...proposal(context, 'addSourceArn', undefined, true, insertArguments(context, statement, arn(values.anyRule === true))),
    ...(context.onlyPreferred || values.anyRule
      ? []
      : proposal(context, 'addSourceArnAnyRule', undefined, false, insertArguments(context, statement, arn(true)))),
  ];
};

const missingSourceAccount: FixBuilder = (context) => {
  const statement = permissionOf(context);
  if (!statement) return [];
  const values = valuesOf(context, statement);
  const account = values.accountId ?? placeholder(PLACEHOLDERS.accountId);
  return proposal(context, 'addSourceAccount', { account }, true, insertArguments(context, statement, [['source_account', account]]));
};

/** The aws_lambda_permission builders by finding id (editing.ts joins them with the shared ones). */
export const PERMISSION_FIX_BUILDERS: ReadonlyMap<string, FixBuilder> = new Map([
  ['lambda-missing-source-conditions', missingSourceConditions],
  ['lambda-missing-source-arn', missingSourceArn],
  ['lambda-missing-source-account', missingSourceAccount],
]);
