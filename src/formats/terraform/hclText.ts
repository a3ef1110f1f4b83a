import type { Span } from '../../policy/tree';
import { ListStack } from './exactList';
import type { HclBody, HclExpression, HclLabel, HclTemplate, TemplatePart } from './hcl';

/**
 * What both readers of Terraform's native syntax (the tree walk of hclReader.ts and the text reader of
 * hclTextReader.ts) read from the file's text alone: block headers, plain values, a template's literal runs.
 * One function each, so the two readers cannot differ on them.
 */

export const EMPTY_BODY: HclBody = { attributes: [], blocks: [] };

export function span(start: number, end: number): Span {
  return { offset: start, length: end - start };
}

/**
 * Whether a quoted string's content can be read from its text: no quote, escape, template sequence (`$`, `%`)
 * or line end. Scanned in place: strings are most of a policy, and a slice of each would be garbage.
 */
function isPlainStringContent(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || c === 0x24 || c === 0x25 || c === 0x0d || c === 0x0a) return false;
  }
  return true;
}
const SIMPLE_NUMBER = /^[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/;
/** `var.x`, `aws_s3_bucket.inbox.arn`, `each.value[0]`, `aws_instance.web[*].id`. */
const SIMPLE_REFERENCE = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\.[0-9]+|\[[0-9*]+\]|\.\*)*$/;

export const IDENTIFIER = /[\p{ID_Start}_][\p{ID_Continue}-]*/uy;
/** A bare key, or a quoted one with nothing to decode, followed by `=` or `:`. */
export const SIMPLE_KEY = /(?:[\p{ID_Start}_][\p{ID_Continue}-]*|"[^"\\$%\r\n]*")(?=[ \t]*[=:])/uy;

/** What a sticky pattern matches at `offset` of the text, if anything (`test`, not `exec`: no match array per call). */
export function matchAt(pattern: RegExp, text: string, offset: number): string | undefined {
  pattern.lastIndex = offset;
  return pattern.test(text) ? text.slice(offset, pattern.lastIndex) : undefined;
}
const LABEL = /[ \t]+(?:"[^"\\$%\r\n]*"|[\p{ID_Start}_][\p{ID_Continue}-]*)/uy;

/** The length of the bare label that ends at `end` (it follows a blank). */
function labelNameLength(text: string, end: number): number {
  let start = end;
  while (start > 0 && text.charCodeAt(start - 1) !== 0x20 && text.charCodeAt(start - 1) !== 0x09) start--;
  return end - start;
}
const OPENING_BRACE = /[ \t]*\{/y;
/** Lists made to measure (exactList.ts). */
const LABELS = new ListStack<HclLabel>();
const PARTS = new ListStack<TemplatePart>();

export interface BlockHeader {
  readonly type: string;
  readonly typeSpan: Span;
  readonly labels: HclLabel[];
  /** Just after the block's opening brace. */
  readonly bodyStart: number;
}

/**
 * A block's type and labels read from its text (`resource "aws_s3_bucket_policy" "inbox" {`), when they are
 * written plainly on one line; undefined sends the reader through the block's children instead.
 */
export function blockHeader(text: string, start: number): BlockHeader | undefined {
  const type = matchAt(IDENTIFIER, text, start);
  if (type === undefined) return undefined;
  const mark = LABELS.open();
  let at = start + type.length;
  // Matched with `test` and read by offsets: no match array for every block of a module.
  for (;;) {
    LABEL.lastIndex = at;
    if (!LABEL.test(text)) break;
    const end = LABEL.lastIndex;
    const quoted = text.charCodeAt(end - 1) === 0x22;
    const start = quoted ? text.lastIndexOf('"', end - 2) : end - labelNameLength(text, end);
    LABELS.push({ value: text.slice(quoted ? start + 1 : start, quoted ? end - 1 : end), span: span(start, end) });
    at = end;
  }
  const labels = LABELS.close(mark);
  OPENING_BRACE.lastIndex = at;
  return OPENING_BRACE.test(text) ? { type, typeSpan: span(start, start + type.length), labels, bodyStart: OPENING_BRACE.lastIndex } : undefined;
}

/**
 * Plain strings, numbers, keywords and references, read from their text: they are most of a policy. Undefined
 * for anything else (escapes, interpolations, comments inside the expression), which the reader reads in full.
 */
export function simpleExpression(text: string, whole: Span): HclExpression | undefined {
  const start = whole.offset;
  const end = start + whole.length;
  if (text.charCodeAt(start) === 0x22) {
    const closed = end - start >= 2 && text.charCodeAt(end - 1) === 0x22;
    return closed && isPlainStringContent(text, start + 1, end - 1) ? stringLiteral(text, whole) : undefined;
  }
  const raw = text.slice(start, end);
  if (raw === 'true' || raw === 'false') return { kind: 'bool', span: whole, raw };
  if (raw === 'null') return { kind: 'null', span: whole, raw };
  if (SIMPLE_NUMBER.test(raw)) return { kind: 'number', span: whole, raw };
  if (SIMPLE_REFERENCE.test(raw)) return { kind: 'reference', span: whole, text: raw };
  return undefined;
}

/** A quoted string without interpolation, read from its offsets alone. */
export function stringLiteral(text: string, whole: Span): HclTemplate {
  const end = whole.offset + whole.length;
  const closed = end - whole.offset >= 2 && text.charCodeAt(end - 1) === 0x22;
  const contentStart = whole.offset + 1;
  const contentEnd = closed ? end - 1 : end;
  return { kind: 'template', span: whole, flavor: 'quoted', contentStart, contentEnd, parts: contentEnd > contentStart ? [{ kind: 'literal', start: contentStart, end: contentEnd }] : [] };
}

/**
 * The literal runs between the computed parts, from offsets: the grammar leaves some whitespace (before a
 * `%{` directive, a heredoc's first indentation) out of its literal nodes, and literal text must be whole.
 */
export function withLiterals(computed: readonly TemplatePart[], contentStart: number, contentEnd: number): TemplatePart[] {
  const mark = PARTS.open();
  let at = contentStart;
  for (const part of computed) {
    if (part.kind === 'literal') continue;
    if (part.span.offset > at) PARTS.push({ kind: 'literal', start: at, end: part.span.offset });
    PARTS.push(part);
    at = Math.max(at, part.span.offset + part.span.length);
  }
  if (contentEnd > at) PARTS.push({ kind: 'literal', start: at, end: contentEnd });
  return PARTS.close(mark);
}
