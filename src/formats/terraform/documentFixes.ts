import { applyOffsetEdits, fixContextFor, fixesFor } from '../../policy/fixes';
import { plainValue } from '../../policy/fixes/treePaths';
import type { FixBuilder, FixContext, FixProposal, OffsetEdit } from '../../policy/fixes/types';
import { lintJsonText } from '../json/plainJson';
import type { PolicyDocument } from '../../policy/model';
import { parseJson } from '../json/parseJson';
import type { JsonTemplate } from '../../policy/templates';
import type { Span } from '../../policy/tree';
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
 * (several principal blocks at once, a statement built by `dynamic`) offers no fix. Only the edited arguments
 * and blocks change.
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
    const finding = linted.findings.find((f) => f.id === context.finding.id && (index < 0 ? f.statementSpan === undefined : sameSpan(f.statementSpan, jsonStatement?.node.span)));
    if (!jsonFile || !finding) return [];
    const jsonContext: FixContext = { ...contextFlags(context), ...fixContextFor(json, jsonFile, finding, context.values, context.formatting), knownValues: context.knownValues ?? context.values };
    const before = JSON.parse(json) as Plain;
    const proposals: FixProposal[] = [];
    for (const proposal of fixesFor(jsonContext)) {
      const { root } = parseJson(applyOffsetEdits(json, proposal.edits));
      const after = root && (plainValue(root) as Plain);
      const edits = after && documentEdits(context.text, block, before, after);
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

function sameSpan(a: Span | undefined, b: Span | undefined): boolean {
  return a !== undefined && b !== undefined && a.offset === b.offset && a.length === b.length;
}

/** The document's change as edits of its block; undefined when some part of it has no Terraform form here. */
function documentEdits(text: string, block: HclBlock, before: Plain, after: Plain): OffsetEdit[] | undefined {
  const edits: OffsetEdit[] = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (same(before[key], after[key])) continue;
    if (key === 'Version') {
      const edit = argumentEdit(text, block.body, 'version', after[key]);
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
        const changed = body && statementEdits(text, body, was[i] as Plain, is[i] as Plain);
        if (!changed) return undefined;
        edits.push(...changed);
      }
    } else return undefined;
  }
  return edits;
}

/** The statement blocks in order, `undefined` for a `dynamic "statement"` (its content is not edited). */
function statementBodies(body: HclBody): (HclBody | undefined)[] {
  return body.blocks.flatMap((b) => (b.type === 'statement' ? [b.body] : b.type === 'dynamic' && b.labels[0]?.value === 'statement' ? [undefined] : []));
}

function statementEdits(text: string, body: HclBody, before: Plain, after: Plain): OffsetEdit[] | undefined {
  const principal = principalEdits(text, body, principalOf(before), principalOf(after));
  if (!principal) return undefined;
  const edits: OffsetEdit[] = [...principal];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (same(before[key], after[key]) || key === 'Principal' || key === 'NotPrincipal') continue;
    const argument = ARGUMENTS[key];
    let edit: OffsetEdit[] | OffsetEdit | undefined;
    if (argument) edit = argumentEdit(text, body, argument, after[key] === undefined ? undefined : LISTS.has(argument) ? asArray(after[key]) : after[key]);
    else if (key === 'Condition') edit = conditionEdits(text, body, entriesOf(before[key]), entriesOf(after[key]));
    if (!edit) return undefined;
    edits.push(...(Array.isArray(edit) ? edit : [edit]));
  }
  return edits;
}

/** `name = value` set in place, added after the body's last argument, or removed with its line. */
function argumentEdit(text: string, body: HclBody, name: string, value: unknown): OffsetEdit | undefined {
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
function conditionEdits(text: string, body: HclBody, before: ConditionEntry[], after: ConditionEntry[]): OffsetEdit[] | undefined {
  const blocks = blocksOf(body, 'condition');
  const blocksFor = (entry: ConditionEntry) =>
    blocks.filter((b) => literalText(text, attributeOf(b.body, 'test')?.value) === entry.test && literalText(text, attributeOf(b.body, 'variable')?.value) === entry.variable);
  const key = (e: ConditionEntry) => `${e.test}\u0000${e.variable}`;
  const edits: OffsetEdit[] = [];
  const added = after.filter((e) => !before.some((b) => key(b) === key(e)));
  for (const entry of before) {
    const now = after.find((e) => key(e) === key(entry));
    const own = blocksFor(entry);
    if (own.length !== 1) return undefined;
    const block = own[0]!;
    if (now) {
      if (same(now.values, entry.values)) continue;
      const values = attributeOf(block.body, 'values');
      if (!values) return undefined;
      edits.push({ offset: values.value.span.offset, length: values.value.span.length, content: hclValue(now.values as JsonTemplate, 0) });
      continue;
    }
    // Gone: renamed when an added entry holds the same values (its comments stay), else removed.
    const renamed = added.findIndex((e) => same(e.values, entry.values));
    if (renamed < 0) {
      edits.push(lineRemoval(text, block.span));
      continue;
    }
    const target = added.splice(renamed, 1)[0]!;
    for (const [name, from, to] of [['test', entry.test, target.test], ['variable', entry.variable, target.variable]] as const) {
      const attribute = attributeOf(block.body, name);
      if (from !== to && attribute) edits.push({ offset: attribute.value.span.offset, length: attribute.value.span.length, content: JSON.stringify(to) });
    }
  }
  if (added.length > 0) {
    const anchor = blocks[blocks.length - 1]?.span ?? lastItem(body);
    if (!anchor) return undefined;
    const indent = lineIndent(text, anchor.offset);
    const written = added.map((entry) => `\n${indent}condition {\n${hclAttributes([['test', entry.test], ['variable', entry.variable], ['values', entry.values as JsonTemplate]], 1, { base: indent, separator: '=', quoteKeys: false })}${indent}}\n`);
    edits.push({ offset: lineEndOf(text, anchor.offset + anchor.length) + 1, length: 0, content: written.join('') });
  }
  return edits;
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
function principalEdits(text: string, body: HclBody, before: PrincipalBlocks | undefined, after: PrincipalBlocks | undefined): OffsetEdit[] | undefined {
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
      edits.push(replaced(identifiers.value.span, hclValue(after.types[type] as JsonTemplate, 0)));
    }
    return edits;
  }
  const only = Object.entries(after.types);
  const block = blocks.length === 1 ? blocks[0]! : undefined;
  const type = block && attributeOf(block.body, 'type');
  const identifiers = block && attributeOf(block.body, 'identifiers');
  if (only.length !== 1 || !block || !type || !identifiers) return undefined;
  if (block.type !== after.name) edits.push(replaced(block.typeSpan, after.name));
  edits.push(replaced(type.value.span, JSON.stringify(only[0]![0])), replaced(identifiers.value.span, hclValue(only[0]![1] as JsonTemplate, 0)));
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
