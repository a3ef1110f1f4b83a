import { OffsetMap, OffsetMapBuilder } from '../offsetMap';
import type { Span } from '../../policy/tree';
import type { HclExpression, HclTemplate, TemplatePart } from './hcl';
import type { TextEncoding } from '../../policy/model';

/**
 * Text written inside a Terraform heredoc: as written, except `%{`, which would open a directive. A `${…}` in
 * a fix's text is meant as an interpolation: the module's own account or region (`data.aws_caller_identity…`).
 */
export const TERRAFORM_HEREDOC: TextEncoding = (content) => content.replace(/%\{/g, '%%{');

/** Inside a quoted Terraform string: `\`, `"` and line ends escaped, `%{` doubled; `${…}` as in a heredoc. */
export const TERRAFORM_QUOTED: TextEncoding = (content) =>
  TERRAFORM_HEREDOC(content.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t'));

/**
 * The text a template stands for, with a map back to the file: literal runs decoded by the template's flavor
 * (HCL escapes in quoted strings, `<<-` indentation removed, JSON escapes in Terraform's JSON syntax), and
 * each computed part (`${…}`, `%{…}`) replaced by a placeholder its reader chooses.
 */

export interface DecodedTemplate {
  readonly text: string;
  readonly map: OffsetMap;
  /** Where each computed part's placeholder sits in `text`, in order. */
  readonly computed: readonly ComputedRun[];
}

export interface ComputedRun {
  readonly inner: Span;
  readonly part: TemplatePart;
}

/**
 * What to write for a computed part. `insideJsonString` says whether the text so far leaves an open JSON
 * string (for readers of JSON held in the template); it is only tracked when `trackJsonStrings` is set.
 */
export type Placeholder = (part: TemplatePart, insideJsonString: boolean) => string;

export function decodeTemplate(source: string, template: HclTemplate, placeholder: Placeholder, trackJsonStrings = false): DecodedTemplate {
  const plain = plainText(source, template);
  if (plain !== undefined) return { text: plain, map: OffsetMap.identity(template.contentStart, plain.length), computed: [] };
  const decoder = new TemplateDecoder(source, template, trackJsonStrings);
  for (const part of template.parts) {
    if (part.kind === 'literal') decoder.literal(part.start, part.end);
    else decoder.computed(part, placeholder);
  }
  return decoder.finish();
}

/**
 * The text of a template that is one literal run with nothing to decode (most strings of a policy), without
 * building a decoder; undefined otherwise.
 */
export function plainText(source: string, template: HclTemplate): string | undefined {
  const parts = template.parts;
  if (parts.length > 1 || template.flavor === 'flush-heredoc') return undefined;
  const only = parts[0];
  if (!only) return '';
  if (only.kind !== 'literal') return undefined;
  const text = source.slice(only.start, only.end);
  return /[\\$%]/.test(text) ? undefined : text;
}

/** A literal run's text alone (labels, simple strings): the quoted flavor's escapes decoded. */
export function decodeQuotedLiteral(source: string, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; ) {
    const escape = quotedEscapeAt(source, i, end);
    text += escape ? escape.decoded : source[i];
    i += escape ? escape.length : 1;
  }
  return text;
}

interface Escape {
  readonly decoded: string;
  readonly length: number;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
const JSON_ESCAPES: Readonly<Record<string, string>> = { ...SIMPLE_ESCAPES, '/': '/', b: '\b', f: '\f' };

/** HCL quoted-string escapes [HCL native syntax spec, "Template Literals"], and the doubled `$${` / `%%{`. */
function quotedEscapeAt(source: string, i: number, end: number): Escape | undefined {
  const c = source[i];
  if (c === '\\' && i + 1 < end) {
    const next = source[i + 1]!;
    if (SIMPLE_ESCAPES[next] !== undefined) return { decoded: SIMPLE_ESCAPES[next]!, length: 2 };
    if (next === 'u') return unicodeEscape(source, i, end, 4);
    if (next === 'U') return unicodeEscape(source, i, end, 8);
    return undefined;
  }
  return templateEscapeAt(source, i, end);
}

function jsonEscapeAt(source: string, i: number, end: number): Escape | undefined {
  if (source[i] === '\\' && i + 1 < end) {
    const next = source[i + 1]!;
    if (JSON_ESCAPES[next] !== undefined) return { decoded: JSON_ESCAPES[next]!, length: 2 };
    if (next === 'u') return unicodeEscape(source, i, end, 4);
    return undefined;
  }
  return templateEscapeAt(source, i, end);
}

/** `$${` and `%%{` write a literal `${` / `%{` in every template. */
function templateEscapeAt(source: string, i: number, end: number): Escape | undefined {
  const c = source[i];
  if ((c === '$' || c === '%') && source[i + 1] === c && source[i + 2] === '{' && i + 2 < end) return { decoded: c + '{', length: 3 };
  return undefined;
}

function unicodeEscape(source: string, i: number, end: number, digits: number): Escape | undefined {
  const hex = source.slice(i + 2, i + 2 + digits);
  if (i + 2 + digits > end || !/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== digits) return undefined;
  const code = parseInt(hex, 16);
  if (code > 0x10ffff) return undefined;
  return { decoded: String.fromCodePoint(code), length: 2 + digits };
}

class TemplateDecoder {
  private readonly builder: OffsetMapBuilder;
  private text = '';
  private readonly computedRuns: ComputedRun[] = [];
  private readonly escapeAt: (source: string, i: number, end: number) => Escape | undefined;
  /** `<<-`: how many leading blanks each line loses. */
  private readonly indent: number;
  private insideString = false;
  private afterBackslash = false;

  constructor(
    private readonly source: string,
    private readonly template: HclTemplate,
    private readonly trackJsonStrings: boolean,
  ) {
    this.builder = new OffsetMapBuilder(template.contentStart);
    this.escapeAt = template.flavor === 'quoted' ? quotedEscapeAt : template.flavor === 'json-string' ? jsonEscapeAt : templateEscapeAt;
    this.indent = template.flavor === 'flush-heredoc' ? commonIndent(source, template) : 0;
  }

  literal(start: number, end: number): void {
    const source = this.source;
    let runStart = start;
    let i = start;
    const flushRun = () => {
      if (i > runStart) this.append(source.slice(runStart, i), () => this.builder.copy(i - runStart));
    };
    while (i < end) {
      if (this.indent > 0 && this.isLineStart(i)) {
        flushRun();
        let skipped = 0;
        while (skipped < this.indent && i < end && (source[i] === ' ' || source[i] === '\t')) {
          i++;
          skipped++;
        }
        this.builder.skip(skipped);
        runStart = i;
        if (skipped > 0) continue;
      }
      const escape = this.escapeAt(source, i, end);
      if (escape) {
        flushRun();
        this.append(escape.decoded, () => this.builder.escape(escape.decoded.length, escape.length));
        i += escape.length;
        runStart = i;
        continue;
      }
      // Jump to the next character that may start an escape (`\`, `$`, `%`), or past the next line end in a `<<-`
      // heredoc: the runs between are copied whole. A loop, not a regex: no match object per run.
      let next = source.charCodeAt(i) === 0x0a ? i : i + 1;
      for (; next < end; next++) {
        const c = source.charCodeAt(next);
        if (c === 0x5c || c === 0x24 || c === 0x25) break;
        if (c === 0x0a && this.indent > 0) {
          next++;
          break;
        }
      }
      i = Math.min(next, end);
    }
    flushRun();
  }

  private isLineStart(i: number): boolean {
    return i === this.template.contentStart || this.source[i - 1] === '\n';
  }

  computed(part: TemplatePart, placeholder: Placeholder): void {
    const span = part.kind === 'literal' ? { offset: part.start, length: part.end - part.start } : part.span;
    const written = placeholder(part, this.insideString);
    const start = this.text.length;
    this.append(written, () => this.builder.escape(written.length, span.length));
    this.computedRuns.push({ inner: { offset: start, length: written.length }, part });
  }

  private append(decoded: string, record: () => void): void {
    record();
    this.text += decoded;
    if (!this.trackJsonStrings) return;
    for (let k = 0; k < decoded.length; k++) {
      const c = decoded[k];
      if (this.afterBackslash) this.afterBackslash = false;
      else if (c === '\\' && this.insideString) this.afterBackslash = true;
      else if (c === '"') this.insideString = !this.insideString;
    }
  }

  finish(): DecodedTemplate {
    return { text: this.text, map: this.builder.build(), computed: this.computedRuns };
  }
}

/**
 * `<<-` removes from every line the indentation of the least indented line; lines holding only blanks do not
 * count (as Terraform's own heredoc tests show).
 */
function commonIndent(source: string, template: HclTemplate): number {
  let smallest = Infinity;
  let i = template.contentStart;
  const end = template.contentEnd;
  while (i < end) {
    let blanks = 0;
    while (i + blanks < end && (source[i + blanks] === ' ' || source[i + blanks] === '\t')) blanks++;
    const next = source.indexOf('\n', i);
    const lineEnd = next < 0 || next >= end ? end : next;
    if (i + blanks < lineEnd && source[i + blanks] !== '\r') smallest = Math.min(smallest, blanks);
    i = lineEnd + 1;
  }
  return smallest === Infinity ? 0 : smallest;
}

/** The token text of a computed part: a reference keeps its name (`${var.account_id}`), anything else is `${…}`. */
export function computedText(expression: HclExpression | undefined): string {
  if (expression?.kind !== 'reference' || /["\\\n\r]/.test(expression.text)) return OPAQUE;
  return referenceText(expression.text);
}

export const OPAQUE = '${…}';

/**
 * A reference as a token's text. The ARN of a bucket is written as the ARN it is, so that the S3 checks
 * read `aws_s3_bucket.inbox.arn` as a bucket ARN and `"${aws_s3_bucket.inbox.arn}/*"` as its objects.
 */
export function referenceText(reference: string): string {
  const bucketArn = /^((?:data\.)?aws_s3_bucket\.[\w-]+(?:\[[^\]]*\])?)\.arn$/.exec(reference);
  return bucketArn ? 'arn:aws:s3:::${' + bucketArn[1] + '.bucket}' : '${' + reference + '}';
}
