import { cannotInsert, type TemplateInsertPlan } from '../adapter';
import type { FormattingPreferences, OffsetEdit } from '../../policy/fixes/types';
import type { Statement } from '../../policy/model';
import { LineIndex } from '../../policy/positions';
import { chooseTarget, placeGrant, requestedTarget, uniqueName as uniqueOf } from '../../policy/grantPlacement';
import { grantStatement, keyAdministrationStatement, type GrantValues, type InsertKind, type JsonTemplate } from '../../policy/templates';
import { GRANT_RESOURCE_TYPES, grantResourceName, TARGET_TYPES, terraformGrantResource, terraformStatement } from './grantResources';
import { statementAsBlock, statementAsHclObject, statementAsJson, statementAsQuotedJson } from './grantText';
import { attributeOf, referencedAddresses, type HclExpression, type HclTemplate } from './hcl';
import { hclAttributes, jsonencode } from './hclWriter';
import { readHclTree } from './hclReader';
import { withTerraformTree } from './parser';
import { isWantedBlock, POLICY_DOCUMENT, type TerraformResource } from './resources';
import { firstSyntaxError } from './syntaxErrors';
import { plainText } from './templateText';
import { terraformModuleValues } from './moduleValues';
import { extractTerraform, type TerraformFile } from './terraformFile';

const INDENT_UNIT = '  ';

/**
 * "Add SES grant" in a Terraform file (`*.tf`), editor-free. The statement goes into the target's policy when
 * the file has one — written in that policy's form: an element of `jsonencode`'s HCL object in the style of the
 * keys around it, JSON in a heredoc or quoted string, a `statement {}` block of the `aws_iam_policy_document` the
 * policy refers to — else a whole new resource is added at the end of the file (aws_s3_bucket_policy,
 * aws_kms_key_policy or aws_kms_key, aws_lambda_permission, aws_sns_topic_policy), referring to the bucket, key,
 * function or topic the file defines. Account and region: the module's `data.aws_caller_identity` /
 * `data.aws_region` when the module declares them (this file or a sibling), else the values given (settings), else placeholders.
 * Only text is inserted, so comments and layout outside the insertion stay.
 *
 * Needs the Terraform parser loaded (`initTerraform`); inserted text may hold placeholder marks.
 */

export function planTerraformInsert(
  text: string,
  kind: InsertKind,
  values: GrantValues,
  formatting: FormattingPreferences,
  siblings: readonly TerraformFile[] = [],
): TemplateInsertPlan {
  if (text.includes('\u0000')) return cannotInsert('the file is not text');
  const read = withTerraformTree(text, (tree) => (firstSyntaxError(tree) ? 'syntax-error' : extractTerraform(text, readHclTree(tree, text, isWantedBlock), [])));
  if (read === undefined) return cannotInsert('the Terraform parser is not loaded yet');
  if (read === 'syntax-error') return cannotInsert('the file has syntax errors: fix them first');
  // The module's other files count for its caller identity and region, as they do for fixes.
  const file: TerraformFile = { ...read, siblings };
  const lines = new LineIndex(text);
  const lineOf = (offset: number) => lines.position(offset).line + 1;
  const moduleValues = terraformModuleValues(file, values);
  const target = targetOf(text, kind, values, file.resources);
  const container = kind === 'lambda' ? undefined : policyContainer(text, kind, values, target, file);
  const statement = terraformStatement(kind, { ...moduleValues, targetName: target?.name });

  if (kind === 'lambda') {
    const existing = existingPermission(text, file, values, target);
    if (existing) return { add: [], into: { logicalId: existing.address, line: lineOf(existing.block.span.offset) }, newResource: undefined, existingGrantLine: lineOf(existing.block.span.offset), problem: undefined };
  }
  if (container) {
    const into = { logicalId: container.resource.address, line: lineOf(container.resource.block.span.offset) };
    const grants = statementsOf(file, container.resource);
    // Asked to add another beside a grant already there: its Sid stays unique, as policies require.
    const { existing, added } = placeGrant(grants, kind, moduleValues, statement, true);
    const edit = insertStatement(text, file, container, grants, added, formatting.eol);
    if (typeof edit === 'string') return { ...cannotInsert(edit), into };
    return { add: [edit], into, newResource: undefined, existingGrantLine: existing && lineOf(existing.node.span.offset), problem: undefined };
  }
  const resource = newResource(kind, moduleValues, target, file.resources);
  const separator = text.length === 0 ? '' : text.endsWith('\n') ? formatting.eol : formatting.eol + formatting.eol;
  const content = separator + resource.text.replace(/\n/g, formatting.eol) + formatting.eol;
  return { add: [{ offset: text.length, length: 0, content }], into: undefined, newResource: resource.address, existingGrantLine: undefined, problem: undefined };
}

/** The attribute naming each target, and the name the request gives it. */
const TARGET_NAME_ATTRIBUTE: Readonly<Record<InsertKind, string | undefined>> = { s3: 'bucket', lambda: 'function_name', sns: 'name', kms: undefined };

function literalOf(text: string, resource: TerraformResource, attribute: string): string | undefined {
  const value = attributeOf(resource.block.body, attribute)?.value;
  return value?.kind === 'template' ? plainText(text, value) : undefined;
}

/** The target the file defines: by its name attribute, else by its own name; for KMS the file's only key. */
function targetOf(text: string, kind: InsertKind, values: GrantValues, resources: readonly TerraformResource[]): TerraformResource | undefined {
  const candidates = resources.filter((r) => r.mode === 'resource' && r.type === TARGET_TYPES[kind]);
  const attribute = TARGET_NAME_ATTRIBUTE[kind];
  return chooseTarget(candidates, requestedTarget(kind, values).name, (r) => (attribute ? literalOf(text, r, attribute) : undefined), (r) => r.name);
}

/** Where a policy of each kind says which target it is for. */
const POLICY_TARGET_ATTRIBUTE: Readonly<Record<Exclude<InsertKind, 'lambda'>, { readonly type: string; readonly attribute: string }>> = {
  s3: { type: 'aws_s3_bucket_policy', attribute: 'bucket' },
  sns: { type: 'aws_sns_topic_policy', attribute: 'arn' },
  kms: { type: 'aws_kms_key_policy', attribute: 'key_id' },
};

interface PolicyContainer {
  readonly resource: TerraformResource;
  readonly policy: HclExpression;
}

/** The policy resource of the target (or the literal bucket or topic), else the target's own inline `policy`. */
function policyContainer(text: string, kind: Exclude<InsertKind, 'lambda'>, values: GrantValues, target: TerraformResource | undefined, file: TerraformFile): PolicyContainer | undefined {
  const { type, attribute } = POLICY_TARGET_ATTRIBUTE[kind];
  const literal = requestedTarget(kind, values).literal;
  const belongs = (resource: TerraformResource): boolean => {
    const value = attributeOf(resource.block.body, attribute)?.value;
    if (!value) return false;
    if (target) return referencedAddresses(value).includes(target.address);
    return literal !== undefined && literalOf(text, resource, attribute) === literal;
  };
  const owner = file.resources.find((r) => r.mode === 'resource' && r.type === type && belongs(r)) ?? target;
  const policy = owner && attributeOf(owner.block.body, 'policy')?.value;
  return owner && policy ? { resource: owner, policy } : undefined;
}

function statementsOf(file: TerraformFile, resource: TerraformResource): Statement[] {
  return file.statements.filter((s) => file.statementResources.get(s)?.includes(resource));
}

/** An `aws_lambda_permission` for SES on the same function. */
function existingPermission(text: string, file: TerraformFile, values: GrantValues, target: TerraformResource | undefined): TerraformResource | undefined {
  return file.resources.find((r) => {
    if (r.mode !== 'resource' || r.type !== 'aws_lambda_permission' || literalOf(text, r, 'principal') !== 'ses.amazonaws.com') return false;
    const functionName = attributeOf(r.block.body, 'function_name')?.value;
    if (!functionName) return false;
    return target ? referencedAddresses(functionName).includes(target.address) : literalOf(text, r, 'function_name') === values.functionName;
  });
}

/** The statement added after the policy's last one, in the policy's own form; a string says why it cannot be. */
function insertStatement(
  text: string,
  file: TerraformFile,
  container: PolicyContainer,
  statements: readonly Statement[],
  statement: { [key: string]: JsonTemplate },
  eol: string,
): OffsetEdit | string {
  const policy = container.policy;
  if (policy.kind === 'reference') return insertStatementBlock(text, file, policy.text, statement, eol);
  const last = statements[statements.length - 1];
  const list = last?.document?.statementProperty?.value;
  if (!last || list?.type !== 'array') return `the policy of ${container.resource.address} has no Statement list to add to`;
  const end = last.node.span.offset + last.node.span.length;
  const indent = indentationAt(text, last.node.span.offset);
  if (policy.kind === 'call') {
    // HCL tuples allow a comma after the last element; the new one follows the same habit.
    const comma = /^\s*,/.exec(text.slice(end));
    const style = hclStyleOf(text, last);
    const element = statementAsHclObject(statement, indent, style, eol);
    if (comma) return { offset: end + comma[0].length, length: 0, content: `${eol}${indent}${element},` };
    return { offset: end, length: 0, content: `,${eol}${indent}${element}` };
  }
  const template = policy as HclTemplate;
  if (template.flavor === 'quoted') return { offset: end, length: 0, content: `,${statementAsQuotedJson(statement)}` };
  if (template.flavor === 'json-string') return 'policies of Terraform\'s JSON syntax are not edited';
  // Minified JSON (the list and its statements on one line) stays on one line.
  if (!text.slice(list.span.offset, end).includes('\n')) return { offset: end, length: 0, content: `,${JSON.stringify(statement)}` };
  const unit = indentUnitOf(text, last, indent);
  return { offset: end, length: 0, content: `,${eol}${indent}${statementAsJson(statement, indent, unit, eol)}` };
}

/** A `statement {}` block at the end of the policy document the policy refers to, when this file holds it. */
function insertStatementBlock(text: string, file: TerraformFile, reference: string, statement: { [key: string]: JsonTemplate }, eol: string): OffsetEdit | string {
  const name = /^data\.aws_iam_policy_document\.([\w-]+)\.(?:json|minified_json)$/.exec(reference)?.[1];
  const document = name === undefined ? undefined : file.resources.find((r) => r.mode === 'data' && r.type === POLICY_DOCUMENT && r.name === name);
  if (!document) return `the policy is ${reference}, which this file does not define`;
  const block = document.block;
  const close = block.span.offset + block.span.length - 1;
  const closeLine = text.lastIndexOf('\n', close - 1) + 1;
  if (text[close] !== '}' || !/^[ \t]*$/.test(text.slice(closeLine, close))) return `the closing brace of ${document.address} is not on a line of its own`;
  const first = [...block.body.attributes.map((a) => a.span.offset), ...block.body.blocks.map((b) => b.span.offset)].sort((a, b) => a - b)[0];
  const inner = first === undefined ? indentationAt(text, block.span.offset) + INDENT_UNIT : indentationAt(text, first);
  const previousLine = text.slice(text.lastIndexOf('\n', closeLine - 2) + 1, closeLine);
  const blank = first === undefined || /^[ \t]*\r?\n?$/.test(previousLine) ? '' : eol;
  return { offset: closeLine, length: 0, content: `${blank}${statementAsBlock(statement, inner, eol)}${eol}` };
}

/** The whitespace a line starts with, for the line holding `offset`. */
function indentationAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

/** The keys around the insertion: `=` or `:`, bare or quoted. */
function hclStyleOf(text: string, last: Statement): { separator: '=' | ':'; quoteKeys: boolean } {
  const first = last.node.properties[0];
  if (!first) return { separator: '=', quoteKeys: false };
  const quoteKeys = text[first.keySpan.offset] === '"';
  const after = /^\s*([=:])/.exec(text.slice(first.keySpan.offset + first.keySpan.length));
  return { separator: after?.[1] === ':' ? ':' : '=', quoteKeys };
}

/** How much deeper than the statement its keys are written in a heredoc (two spaces when it cannot tell). */
function indentUnitOf(text: string, last: Statement, indent: string): string {
  const first = last.node.properties[0];
  if (!first) return INDENT_UNIT;
  const keyIndent = indentationAt(text, first.keySpan.offset);
  return keyIndent.startsWith(indent) && keyIndent.length > indent.length && keyIndent.trim() === '' ? keyIndent.slice(indent.length) : INDENT_UNIT;
}

/**
 * The resource added when the target has no policy yet. A key the file defines gets an aws_kms_key_policy,
 * which replaces the key's whole policy; a key that is not there is added with its policy. Either keeps the
 * account's own access beside the grant, so the key stays manageable.
 */
function newResource(kind: InsertKind, values: GrantValues, target: TerraformResource | undefined, resources: readonly TerraformResource[]): { text: string; address: string } {
  const targetName = target?.name;
  if (kind === 'kms') {
    const type = target ? 'aws_kms_key_policy' : 'aws_kms_key';
    const name = uniqueName(type, target?.name ?? 'mail', resources);
    const policy = jsonencode({ Version: '2012-10-17', Statement: [keyAdministrationStatement(values), grantStatement('kms', values)] }, 1);
    const first: [string, JsonTemplate] = target ? ['key_id', `\${${target.address}.id}`] : ['description', 'Encrypts the mail Amazon SES receives'];
    return { text: `resource "${type}" "${name}" {\n${hclAttributes([first, ['policy', policy]], 1)}}`, address: `${type}.${name}` };
  }
  const type = GRANT_RESOURCE_TYPES[kind];
  const written = grantResourceName(kind, { ...values, targetName });
  const name = uniqueName(type, written, resources);
  const text = terraformGrantResource(kind, { ...values, targetName });
  return { text: text.replace(`resource "${type}" "${written}"`, `resource "${type}" "${name}"`), address: `${type}.${name}` };
}

function uniqueName(type: string, wanted: string, resources: readonly TerraformResource[]): string {
  return uniqueOf(wanted, new Set(resources.filter((r) => r.mode === 'resource' && r.type === type).map((r) => r.name)), (n) => `${wanted}_${n}`);
}
