import type { OffsetEdit } from '../../policy/fixes/types';
import type { StatementScope } from '../../policy/fixes/policyEditor';
import { applyOffsetEdits } from '../../policy/fixes/offsetEdits';
import type { PolicyFile, Statement } from '../../policy/model';
import { fileMayHoldSuppressions } from '../../policy/suppressions';
import { isObject, property, spanInside, type ObjectNode, type PropertyNode } from '../../policy/tree';
import { isTemplateFile, type TemplateFile, type TemplateResource } from './cloudformation';

/**
 * The trust check of a quick fix on a template (src/policy/fixes/trustGuard.ts) reads the edited statement
 * before and after the fix. Linting the whole template per proposal cost a 1 MB template about one lint per
 * proposal (~0.8 s for a light bulb's two fixes); what the statement's reading (its trusted accounts, its error
 * findings) depends on is much less:
 * - the statement's own tree: the resource's text, copied as written, under a `Resources` of its own;
 * - `!GetAtt Bucket.Arn` read as the bucket's ARN (intrinsics.ts `knownAttributes`) for each bucket the template
 *   defines, and `aws:SourceArn` naming a receipt rule of the template (a warning on the statement): a one-line
 *   stand-in for each bucket and receipt rule whose logical id the resource's text names;
 * - that it is a template at all: `AWSTemplateFormatVersion` written first.
 * No rule reads Parameters, Conditions, Mappings, Outputs or Transform, and of the checks across resources
 * (templateRules.ts) only that warning is attached to a statement. Where that is not enough to promise the same
 * reading, there is no scope and the whole file is linted, as before:
 * - edits outside the resource's `Properties` (its type, its logical id, another resource);
 * - a suppression comment anywhere (`ses-grants-disable` reaches across resources);
 * - a YAML anchor anywhere (an alias in the resource may stand for a node outside it);
 * - resources not in a top-level `Resources` mapping (serverless.yml's, a lone resource), a duplicate logical
 *   id or top-level key, a YAML entry whose key does not start its line, a bucket id that is not alphanumeric;
 * - a YAML text the reader would not read after the edits (beyond yamlBudget.ts's limits).
 * The guard itself falls back too where the scope's reading of the statement before the edits is not the
 * file's, or the scope does not read cleanly. test/unit/trust-scope.test.ts holds every decision to the whole
 * file's on every template of the project.
 */

/**
 * Whether the format's reader reads `text` (of `file`) with its lines from `start` to `end` replaced by
 * `replacement` (YAML: within its limits); false where it cannot tell.
 */
export type ReadsWithLinesReplaced = (text: string, file: PolicyFile, start: number, end: number, replacement: string) => boolean;

const YAML_HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n';
const JSON_HEAD = '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {';
const LOGICAL_ID = /^[A-Za-z0-9]+$/;
/**
 * The resources a statement's reading looks up by logical id: a bucket's `Arn` (intrinsics.ts `knownAttributes`),
 * a receipt rule named in `aws:SourceArn` (the `source-arn-references-rule` warning, templateRules.ts).
 */
const LOOKED_UP: ReadonlySet<string> = new Set(['AWS::S3::Bucket', 'AWS::SES::ReceiptRule']);
const WORD = /[A-Za-z0-9]+/g;
/**
 * Whether the text may hold a YAML anchor (`&name` after a space, a line start or a flow indicator): an alias in
 * the resource may name one elsewhere. An `&` in a scalar that only looks like one costs speed, never
 * correctness. Each `&` found by `indexOf` (a regular expression tried at every offset of 1 MB cost more).
 */
function mayHoldAnchor(text: string): boolean {
  for (let at = text.indexOf('&'); at >= 0; at = text.indexOf('&', at + 1)) {
    const previous = at === 0 ? 32 : text.charCodeAt(at - 1);
    const next = text.charCodeAt(at + 1);
    if (ANCHOR_BEFORE.has(previous) && at + 1 < text.length && !ANCHOR_NOT_AFTER.has(next)) return true;
  }
  return false;
}

/** Space, tab, line ends, `[`, `{`, `,`: what may stand before an anchor. */
const ANCHOR_BEFORE: ReadonlySet<number> = new Set([32, 9, 10, 13, 91, 123, 44]);
/** Space, tab, line ends and flow indicators: what cannot start an anchor's name. */
const ANCHOR_NOT_AFTER: ReadonlySet<number> = new Set([32, 9, 10, 13, 44, 91, 93, 123, 125]);

/** What is read once per template for every scope: its buckets, and whether any scope can be made at all. */
interface TemplateFacts {
  readonly resources: ObjectNode | undefined;
  /** The resources a statement's reading looks up by logical id (buckets, receipt rules), by id: their types. */
  readonly looked: ReadonlyMap<string, string>;
  /** Each resource's entry in `Resources`, by its node. */
  readonly entries: ReadonlyMap<ObjectNode, { readonly index: number; readonly entry: PropertyNode }>;
}

const FACTS = new WeakMap<PolicyFile, TemplateFacts | null>();

function factsOf(file: TemplateFile, format: 'json' | 'yaml'): TemplateFacts | undefined {
  let facts = FACTS.get(file);
  if (facts === undefined) {
    facts = (format === 'yaml' && mayHoldAnchor(file.text) ? undefined : readFacts(file)) ?? null;
    FACTS.set(file, facts);
  }
  return facts ?? undefined;
}

function readFacts(file: TemplateFile): TemplateFacts | undefined {
  const root = file.root;
  if (!isObject(root) || hasDuplicateKey(root)) return undefined;
  const resources = property(root, 'Resources')?.value;
  if (!isObject(resources) || hasDuplicateKey(resources)) return undefined;
  const looked = new Map<string, string>();
  for (const resource of file.resources) {
    if (!LOOKED_UP.has(resource.type)) continue;
    if (!LOGICAL_ID.test(resource.logicalId)) return undefined;
    looked.set(resource.logicalId, resource.type);
  }
  const entries = new Map<ObjectNode, { index: number; entry: PropertyNode }>();
  resources.properties.forEach((entry, index) => {
    if (isObject(entry.value)) entries.set(entry.value, { index, entry });
  });
  return { resources, looked, entries };
}

function hasDuplicateKey(node: ObjectNode): boolean {
  const keys = new Set<string>();
  for (const p of node.properties) {
    if (keys.has(p.key)) return true;
    keys.add(p.key);
  }
  return false;
}

/** Reads what `statementScope` reads once per template, ahead of the first fix (FormatEditing.readAhead). */
export function readTemplateFactsAhead(file: PolicyFile, format: 'json' | 'yaml'): void {
  if (isTemplateFile(file)) factsOf(file, format);
}

/** `FormatEditing.statementScope` of a template in `format`. */
export function templateStatementScope(format: 'json' | 'yaml', readsReplaced?: ReadsWithLinesReplaced) {
  return (text: string, file: PolicyFile, statement: Statement, edits: readonly OffsetEdit[]): StatementScope | undefined => {
    if (!isTemplateFile(file) || file.text !== text || edits.length === 0 || fileMayHoldSuppressions(file)) return undefined;
    const resource = file.statementResource.get(statement);
    const facts = factsOf(file, format);
    const placed = resource && facts?.entries.get(resource.node);
    const properties = resource?.node && property(resource.node, 'Properties')?.value;
    if (!resource || !facts || !placed || !properties || !edits.every((edit) => spanInside(edit, properties.span))) return undefined;
    const slice = format === 'yaml' ? yamlSlice(text, facts, placed) : jsonSlice(text, placed.entry);
    if (!slice) return undefined;
    const before = text.slice(slice.start, slice.end);
    const after = applyOffsetEdits(before, edits.map((edit) => ({ ...edit, offset: edit.offset - slice.start })));
    if (readsReplaced && !readsReplaced(text, file, slice.start, slice.end, after)) return undefined;
    const stand = standIns(facts.looked, before + '\n' + after, format, slice.indent, slice.lineEnd);
    const head = format === 'yaml' ? YAML_HEAD.replace(/\n/g, slice.lineEnd) : JSON_HEAD;
    const tail = format === 'yaml' ? '' : '}}';
    const { index, count } = placeAmong(file, statement, resource);
    return { before: head + before + slice.close + stand + tail, after: head + after + slice.close + stand + tail, index, count };
  };
}

interface Slice {
  readonly start: number;
  readonly end: number;
  /** What ends the copied entry before the stand-ins: a line end where the entry's last line has none (YAML), else nothing. */
  readonly close: string;
  readonly indent: string;
  readonly lineEnd: string;
}

/**
 * A YAML resource's lines: from its key's line to the next entry's (or the next top-level key's) line, the key
 * first on its line, indented (a block mapping entry).
 */
function yamlSlice(text: string, facts: TemplateFacts, placed: { readonly index: number; readonly entry: PropertyNode }): Slice | undefined {
  const keyStart = placed.entry.keySpan.offset;
  const start = text.lastIndexOf('\n', keyStart - 1) + 1;
  const indent = text.slice(start, keyStart);
  if (indent.length === 0 || !/^ +$/.test(indent)) return undefined;
  const next = facts.resources!.properties[placed.index + 1];
  let end: number;
  if (next) {
    end = text.lastIndexOf('\n', next.keySpan.offset - 1) + 1;
    if (text.slice(end, next.keySpan.offset) !== indent) return undefined;
  } else {
    end = nextTopLevelLine(text, placed.entry.span.offset + placed.entry.span.length);
  }
  if (end <= start) return undefined;
  const lineEnd = text.includes('\r\n') ? '\r\n' : '\n';
  const close = text.charCodeAt(end - 1) === 10 ? '' : lineEnd;
  return { start, end, close, indent, lineEnd };
}

/** The start of the first line after `from` that begins with neither a space nor a comment nor a line end (the next top-level key), else the text's end. */
function nextTopLevelLine(text: string, from: number): number {
  const top = /\n(?=[^ \t\r\n#])/g;
  top.lastIndex = from;
  const found = top.exec(text);
  return found ? found.index + 1 : text.length;
}

/** A JSON resource's entry: its key, a colon and its value, as written. */
function jsonSlice(text: string, entry: PropertyNode): Slice | undefined {
  if (text.charCodeAt(entry.keySpan.offset) !== 34 /* " */) return undefined;
  return { start: entry.span.offset, end: entry.span.offset + entry.span.length, close: '', indent: '', lineEnd: '\n' };
}

/**
 * One stand-in resource (its type alone) per looked-up resource whose logical id the resource's text names
 * (before or after the edits). A receipt rule without properties has no targets: the checks across resources find nothing new in it.
 */
function standIns(looked: ReadonlyMap<string, string>, text: string, format: 'json' | 'yaml', indent: string, lineEnd: string): string {
  if (looked.size === 0) return '';
  const named = new Set<string>();
  for (const word of text.match(WORD) ?? []) if (looked.has(word)) named.add(word);
  let written = '';
  for (const id of named) {
    const type = looked.get(id)!;
    written += format === 'yaml' ? `${indent}${id}: {Type: ${type}}${lineEnd}` : `, "${id}": {"Type": "${type}"}`;
  }
  return written;
}

/** The statement's index among its resource's statements, and their number. */
function placeAmong(file: TemplateFile, statement: Statement, resource: TemplateResource): { index: number; count: number } {
  let index = -1;
  let count = 0;
  for (const other of file.statements) {
    if (file.statementResource.get(other) !== resource) continue;
    if (other === statement) index = count;
    count++;
  }
  return { index, count };
}
