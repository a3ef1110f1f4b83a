import { applyOffsetEdits, fixContextFor, fixesFor } from '../../policy/fixes';
import { eolOf } from '../lineEnds';
import { plainValue } from '../../policy/fixes/treePaths';
import type { FixBuilder, FixContext, FixProposal, OffsetEdit } from '../../policy/fixes/types';
import { lintJsonText } from '../json/plainJson';
import type { PolicyDocument } from '../../policy/model';
import { parseJson } from '../json/parseJson';
import type { JsonTemplate } from '../../policy/templates';
import { sameSpan, type Span } from '../../policy/tree';
import { attributeOf, blocksOf, type HclBlock, type HclBody } from './hcl';
import { literalText } from './hclValues';
import { hclAttributes, hclValue } from './hclWriter';
import { POLICY_DOCUMENT } from './resources';
import type { TerraformFile } from './terraformFile';

/**
 * Fixes in a `data "aws_iam_policy_document"`: the shared fix runs on the document as the JSON the provider
 * renders from it, and the change it makes to the statement is written back as Terraform — an argument
 * (`actions`, `resources`, `sid`, `effect`, `version`) set, added or removed; a `condition { test variable
 * values }` block added, removed, renamed in place (its `test` or `variable`) or given new `values`; a
 * principal's `identifiers` replaced, or its one block rewritten in place. A change that has no such form
 * (several principal blocks at once) offers no fix. A `dynamic "statement"` is edited in its `content` block.
 * Only the edited arguments and blocks change.
 */

const ARGUMENTS: Readonly<Record<string, string>> = {
  Sid: 'sid',
  Effect: 'effect',
  Action: 'actions',
  NotAction: 'not_actions',
  Resource: 'resources',
  NotResource: 'not_resources',
};
/** Arguments that take a list, even of one value. */
const LISTS = new Set(['actions', 'not_actions', 'resources', 'not_resources']);

type Plain = Record<string, unknown>;

export function documentFixBuilder(document: PolicyDocument): FixBuilder {
  return (context) => {
    const file = context.file as TerraformFile;
    const block = file.resources?.find((r) => r.mode === 'data' && r.type === POLICY_DOCUMENT && r.block.span.offset === document.node.span.offset)?.block;
    if (!block) return [];
    const index = context.statement ? document.statements.indexOf(context.statement) : -1;
    const json = JSON.stringify(plainValue(document.node), null, 2);
    const linted = lintJsonText(json);
    const jsonFile = linted.file;
    const jsonStatement = index >= 0 ? jsonFile?.statements[index] : undefined;
    const finding = linted.findings.find((f) => f.id === context.finding.id && (index < 0 ? f.statementSpan === undefined : f.statementSpan !== undefined && jsonStatement !== undefined && sameSpan(f.statementSpan, jsonStatement.node.span)));
    if (!jsonFile || !finding) return [];
    const jsonContext: FixContext = { ...contextFlags(context), ...fixContextFor(json, jsonFile, finding, context.values, context.formatting), knownValues: context.knownValues ?? context.values };
    const before = JSON.parse(json) as Plain;
    const proposals: FixProposal[] = [];
    for (const proposal of fixesFor(jsonContext)) {
      const { root } = parseJson(applyOffsetEdits(json, proposal.edits));
      const after = root && (plainValue(root) as Plain);
      const edits = after && documentEdits(context.text, block.bodySpan ? JSON_SYNTAX : HCL_SYNTAX, block, before, after);
      if (edits && edits.length > 0) proposals.push({ ...proposal, edits });
    }
    return proposals;
  };
}

function contextFlags(context: FixContext): Partial<FixContext> {
  return {
    ...(context.unattended ? { unattended: true } : {}),
    ...(context.onlyPreferred ? { onlyPreferred: true } : {}),
    ...(context.withoutPlaceholders ? { withoutPlaceholders: true } : {}),
  };
}


/** The document's change as edits of its block; undefined when some part of it has no Terraform form here. */
function documentEdits(text: string, syntax: Syntax, block: HclBlock, before: Plain, after: Plain): OffsetEdit[] | undefined {
  const edits: OffsetEdit[] = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (same(before[key], after[key])) continue;
    if (key === 'Version') {
      const edit = syntax.argument(text, block.body, 'version', after[key]);
      if (!edit) return undefined;
      edits.push(edit);
    } else if (key === 'Statement') {
      const statements = statementBodies(block.body);
      const was = asArray(before[key]);
      const is = asArray(after[key]);
      if (was.length !== is.length || statements.length !== was.length) return undefined;
      for (let i = 0; i < was.length; i++) {
        if (same(was[i], is[i])) continue;
        const body = statements[i];
        const changed = body && statementEdits(text, syntax, body, was[i] as Plain, is[i] as Plain);
        if (!changed) return undefined;
        edits.push(...changed);
      }
    } else return undefined;
  }
  return edits;
}

/**
 * The statement blocks in order; a `dynamic "statement"` is its `content` block, which every statement it
 * generates is written from: a fix there (a condition block, an argument) applies to each of them, as the
 * finding on it does. The fix keeps the title it has on a plain statement.
 */
function statementBodies(body: HclBody): (HclBody | undefined)[] {
  return body.blocks.flatMap((b) =>
    b.type === 'statement' ? [b.body] : b.type === 'dynamic' && b.labels[0]?.value === 'statement' ? [blocksOf(b.body, 'content')[0]?.body] : [],
  );
}

function statementEdits(text: string, syntax: Syntax, body: HclBody, before: Plain, after: Plain): OffsetEdit[] | undefined {
  const principal = principalEdits(text, syntax, body, principalOf(before), principalOf(after));
  if (!principal) return undefined;
  const edits: OffsetEdit[] = [...principal];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (same(before[key], after[key]) || key === 'Principal' || key === 'NotPrincipal') continue;
    const argument = ARGUMENTS[key];
    let edit: OffsetEdit[] | OffsetEdit | undefined;
    if (argument) edit = syntax.argument(text, body, argument, after[key] === undefined ? undefined : LISTS.has(argument) ? asArray(after[key]) : after[key]);
    else if (key === 'Condition') edit = conditionEdits(text, syntax, body, entriesOf(before[key]), entriesOf(after[key]));
    if (!edit) return undefined;
    edits.push(...(Array.isArray(edit) ? edit : [edit]));
  }
  return edits;
}

/**
 * How a document's arguments and blocks are written: in Terraform's native syntax, or in its JSON syntax
 * (`*.tf.json`, where a block is an object and a list of blocks an array of them).
 */
interface Syntax {
  /** A value written in place of another. */
  value(value: unknown): string;
  /** A block's new name (`not_principals` → `principals`). */
  name(name: string): string;
  /** An argument set in place, added after the body's last argument, or removed. */
  argument(text: string, body: HclBody, name: string, value: unknown): OffsetEdit | undefined;
  /**
   * `condition` blocks removed and added (`after`: every condition the statement ends with); when
   * `rewritesConditionList`, these edits write the whole list and replace those made in place.
   */
  conditionBlocks(text: string, body: HclBody, blocks: readonly HclBlock[], removed: readonly HclBlock[], added: readonly ConditionEntry[], after: readonly ConditionEntry[]): OffsetEdit[] | undefined;
  readonly rewritesConditionList: boolean;
}

const HCL_SYNTAX: Syntax = {
  value: (value) => hclValue(value as JsonTemplate, 0),
  name: (name) => name,
  argument: hclArgument,
  /** Each removed block with its lines; new blocks after the body's last condition block, else after its last item. */
  conditionBlocks(text, body, blocks, removed, added) {
    const edits = removed.map((block) => lineRemoval(text, block.span));
    if (added.length === 0) return edits;
    const anchor = blocks[blocks.length - 1]?.span ?? lastItem(body);
    if (!anchor) return undefined;
    const indent = lineIndent(text, anchor.offset);
    const written = added.map((entry) => `\n${indent}condition {\n${hclAttributes([['test', entry.test], ['variable', entry.variable], ['values', entry.values as JsonTemplate]], 1, { base: indent, separator: '=', quoteKeys: false })}${indent}}\n`);
    return [...edits, { offset: lineEndOf(text, anchor.offset + anchor.length) + 1, length: 0, content: written.join('') }];
  },
  rewritesConditionList: false,
};

/**
 * Terraform's JSON syntax: a string list on one line (`["a", "b"]`), a new member after the last one (on a line
 * of its own when that one is, else on its line). Conditions added or removed: the `condition` list written
 * anew, one `{ "test": …, "variable": …, "values": […] }` a line as the list had them (the JSON syntax has no
 * comments to keep). Strings stay strings: `${…}` in one is an interpolation, as the native syntax writes it bare.
 */
const JSON_SYNTAX: Syntax = {
  value: jsonValue,
  name: (name) => JSON.stringify(name),
  argument(text, body, name, value) {
    const attribute = attributeOf(body, name);
    if (attribute && value === undefined) return memberRemoval(membersOf(body), attribute.span);
    if (attribute) return replaced(attribute.value.span, jsonValue(value));
    if (value === undefined) return undefined;
    const last = membersOf(body).pop();
    return last && memberAfter(text, last, `${JSON.stringify(name)}: ${jsonValue(value)}`);
  },
  conditionBlocks(text, body, blocks, _removed, _added, after) {
    const objects = after.map((entry) => `{ "test": ${JSON.stringify(entry.test)}, "variable": ${JSON.stringify(entry.variable)}, "values": ${jsonValue(entry.values)} }`);
    const property = blocks[0]?.span;
    if (!property) {
      const last = membersOf(body).pop();
      return last && [memberAfter(text, last, `"condition": ${jsonList(text, objects, last, lineIndent(text, last.offset))}`)];
    }
    if (objects.length === 0) return [memberRemoval(membersOf(body), property)];
    const colon = text.indexOf(':', blocks[0]!.typeSpan.offset + blocks[0]!.typeSpan.length);
    const start = colon + 1 + /^\s*/.exec(text.slice(colon + 1))![0].length;
    const end = property.offset + property.length;
    return [{ offset: start, length: end - start, content: jsonList(text, objects, blocks[0]!.bodySpan!, lineIndent(text, property.offset)) }];
  },
  rewritesConditionList: true,
};

/** A JSON list of written items: one a line, indented one level more than `indent`, when `like` is on a line of its own. */
function jsonList(text: string, items: readonly string[], like: Span, indent: string): string {
  return onOwnLine(text, like) ? `[\n${items.map((item) => `${indent}  ${item}`).join(',\n')}\n${indent}]` : `[${items.join(', ')}]`;
}

function jsonValue(value: unknown): string {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? `[${value.map((item) => JSON.stringify(item)).join(', ')}]` : JSON.stringify(value);
}

/** A JSON object's members (an argument, a block or list of blocks), in order. */
function membersOf(body: HclBody): Span[] {
  const spans = new Map<number, Span>();
  for (const item of [...body.attributes, ...body.blocks]) spans.set(item.span.offset, item.span);
  return [...spans.values()].sort((a, b) => a.offset - b.offset);
}

/** A member (or list item) removed with the comma that separates it from its neighbour. */
function memberRemoval(members: readonly Span[], span: Span): OffsetEdit {
  const index = members.findIndex((m) => m.offset === span.offset);
  const next = members[index + 1];
  const previous = members[index - 1];
  const start = next || !previous ? span.offset : previous.offset + previous.length;
  const end = next ? next.offset : span.offset + span.length;
  return { offset: start, length: end - start, content: '' };
}

/** `content` after a member, as the next one: on a line of its own, indented as it, when it is on its own line. */
export function memberAfter(text: string, last: Span, content: string): OffsetEdit {
  const separator = onOwnLine(text, last) ? `,${eolOf(text)}${lineIndent(text, last.offset)}` : ', ';
  return { offset: last.offset + last.length, length: 0, content: separator + content };
}

/** Terraform's JSON syntax (`*.tf.json`): a file that is one JSON object. */
export function isJsonSyntax(text: string): boolean {
  return text.trimStart().startsWith('{');
}

function onOwnLine(text: string, span: Span): boolean {
  const lineStart = text.lastIndexOf('\n', span.offset - 1) + 1;
  return /^[ \t]*$/.test(text.slice(lineStart, span.offset));
}

/** `name = value` set in place, added after the body's last argument, or removed with its line. */
function hclArgument(text: string, body: HclBody, name: string, value: unknown): OffsetEdit | undefined {
  const attribute = attributeOf(body, name);
  if (attribute && value === undefined) return lineRemoval(text, attribute.span);
  if (attribute) return { offset: attribute.value.span.offset, length: attribute.value.span.length, content: hclValue(value as JsonTemplate, 0, { base: lineIndent(text, attribute.span.offset), separator: '=', quoteKeys: false }) };
  if (value === undefined) return undefined;
  const last = body.attributes[body.attributes.length - 1];
  if (!last) return undefined;
  const indent = lineIndent(text, last.span.offset);
  const line = hclAttributes([[name, value as JsonTemplate]], 0, { base: indent, separator: '=', quoteKeys: false });
  return { offset: lineEndOf(text, last.span.offset + last.span.length) + 1, length: 0, content: line };
}

interface ConditionEntry {
  readonly test: string;
  readonly variable: string;
  readonly values: unknown[];
}

function entriesOf(condition: unknown): ConditionEntry[] {
  if (!condition || typeof condition !== 'object') return [];
  return Object.entries(condition as Plain).flatMap(([test, variables]) =>
    variables && typeof variables === 'object' ? Object.entries(variables as Plain).map(([variable, values]) => ({ test, variable, values: asArray(values) })) : [],
  );
}

/** The condition blocks' change: values replaced, `test`/`variable` renamed in place, blocks removed or added. */
function conditionEdits(text: string, syntax: Syntax, body: HclBody, before: ConditionEntry[], after: ConditionEntry[]): OffsetEdit[] | undefined {
  const blocks = blocksOf(body, 'condition');
  const blocksFor = (entry: ConditionEntry) =>
    blocks.filter((b) => literalText(text, attributeOf(b.body, 'test')?.value) === entry.test && literalText(text, attributeOf(b.body, 'variable')?.value) === entry.variable);
  const key = (e: ConditionEntry) => `${e.test}\u0000${e.variable}`;
  const edits: OffsetEdit[] = [];
  const added = after.filter((e) => !before.some((b) => key(b) === key(e)));
  const removed: HclBlock[] = [];
  for (const entry of before) {
    const now = after.find((e) => key(e) === key(entry));
    const own = blocksFor(entry);
    if (own.length !== 1) return undefined;
    const block = own[0]!;
    if (now) {
      if (same(now.values, entry.values)) continue;
      const values = attributeOf(block.body, 'values');
      if (!values) return undefined;
      edits.push(replaced(values.value.span, syntax.value(now.values)));
      continue;
    }
    // Gone: renamed when an added entry holds the same values (its comments stay), else removed.
    const renamed = added.findIndex((e) => same(e.values, entry.values));
    if (renamed < 0) {
      removed.push(block);
      continue;
    }
    const target = added.splice(renamed, 1)[0]!;
    for (const [name, from, to] of [['test', entry.test, target.test], ['variable', entry.variable, target.variable]] as const) {
      const attribute = attributeOf(block.body, name);
      if (from !== to && attribute) edits.push({ offset: attribute.value.span.offset, length: attribute.value.span.length, content: JSON.stringify(to) });
    }
  }
  if (added.length === 0 && removed.length === 0) return edits;
  const blockEdits = syntax.conditionBlocks(text, body, blocks, removed, added, after);
  return blockEdits && (syntax.rewritesConditionList ? blockEdits : [...edits, ...blockEdits]);
}

interface PrincipalBlocks {
  readonly name: 'principals' | 'not_principals';
  /** Identifiers by principal type; `"*"` is the type `*` naming `*`. */
  readonly types: Record<string, unknown[]>;
}

function principalOf(statement: Plain): PrincipalBlocks | undefined {
  const [name, value] = 'Principal' in statement ? (['principals', statement['Principal']] as const) : (['not_principals', statement['NotPrincipal']] as const);
  if (value === '*') return { name, types: { '*': ['*'] } };
  if (!isPlain(value)) return undefined;
  return { name, types: Object.fromEntries(Object.entries(value).map(([type, identifiers]) => [type, asArray(identifiers)])) };
}

/**
 * The principal's change: new identifiers for a type (a misspelt service name), or the one principal block
 * rewritten in place — its block name (`not_principals` → `principals`), `type` and `identifiers` — when the
 * statement has one and the fix leaves one type (`*` → the SES service).
 */
function principalEdits(text: string, syntax: Syntax, body: HclBody, before: PrincipalBlocks | undefined, after: PrincipalBlocks | undefined): OffsetEdit[] | undefined {
  if (same(before, after)) return [];
  if (!before || !after) return undefined;
  const blocks = [...blocksOf(body, 'principals'), ...blocksOf(body, 'not_principals')];
  const edits: OffsetEdit[] = [];
  if (before.name === after.name && same(Object.keys(before.types).sort(), Object.keys(after.types).sort())) {
    for (const type of Object.keys(after.types)) {
      if (same(before.types[type], after.types[type])) continue;
      const own = blocks.filter((b) => b.type === after.name && literalText(text, attributeOf(b.body, 'type')?.value) === type);
      const identifiers = own.length === 1 ? attributeOf(own[0]!.body, 'identifiers') : undefined;
      if (!identifiers) return undefined;
      edits.push(replaced(identifiers.value.span, syntax.value(after.types[type])));
    }
    return edits;
  }
  const only = Object.entries(after.types);
  const block = blocks.length === 1 ? blocks[0]! : undefined;
  const type = block && attributeOf(block.body, 'type');
  const identifiers = block && attributeOf(block.body, 'identifiers');
  if (only.length !== 1 || !block || !type || !identifiers) return undefined;
  if (block.type !== after.name) edits.push(replaced(block.typeSpan, syntax.name(after.name)));
  edits.push(replaced(type.value.span, JSON.stringify(only[0]![0])), replaced(identifiers.value.span, syntax.value(only[0]![1])));
  return edits;
}

function replaced(span: Span, content: string): OffsetEdit {
  return { offset: span.offset, length: span.length, content };
}

function isPlain(value: unknown): value is Plain {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function lastItem(body: HclBody): Span | undefined {
  const spans = [...body.attributes.map((a) => a.span), ...body.blocks.map((b) => b.span)];
  return spans.sort((a, b) => a.offset + a.length - (b.offset + b.length)).pop();
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A span's text removed, with its whole line when nothing else is on it. */
function lineRemoval(text: string, span: Span): OffsetEdit {
  let start = span.offset;
  let stop = span.offset + span.length;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', stop);
  const lineEnd = newline < 0 ? text.length : newline + 1;
  if (/^[ \t]*$/.test(text.slice(lineStart, start)) && /^[ \t]*\r?\n?$/.test(text.slice(stop, lineEnd))) {
    start = lineStart;
    stop = lineEnd;
  }
  return { offset: start, length: stop - start, content: '' };
}

function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

function lineEndOf(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline;
}
