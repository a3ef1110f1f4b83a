import type { JsonTemplate } from '../../policy/templates';

/**
 * Writes template values as Terraform's native syntax, the way `terraform fmt` leaves it: two spaces a level,
 * `=` aligned across consecutive one-line attributes (a multi-line value stands alone), bare keys where HCL
 * allows them, and list items of objects each followed by a comma.
 *
 * Strings are HCL templates: `${…}` in a value is an interpolation the template meant (a reference such as
 * `${aws_s3_bucket.mail.arn}`); a string that is one whole reference is written bare. Placeholder marks
 * (templates.ts) pass through, inside strings and references alike.
 */

const INDENT = '  ';
/** A whole `${reference}`: resource, data and variable addresses with their attributes (marks allowed). */
const WHOLE_REFERENCE = /^\$\{([A-Za-z_\uE000][\w.\-\uE000\uE001]*)\}$/;
const BARE_KEY = /^[A-Za-z_][\w-]*$/;
/** Shorter than this on one line, an object of one string entry stays on one line (`{ Service = "…" }`). */
const INLINE_WIDTH = 60;

export function hclString(value: string): string {
  const whole = WHOLE_REFERENCE.exec(value);
  if (whole) return whole[1]!;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export function hclKey(key: string): string {
  return BARE_KEY.test(key) ? key : `"${key}"`;
}

/** How keys and separators are written: `terraform fmt`'s bare keys and `=`, or the style of the keys around an edit. */
export interface HclStyle {
  /** Text before every line's own indentation: the indentation of the place an edit writes into. */
  readonly base: string;
  readonly separator: '=' | ':';
  readonly quoteKeys: boolean;
  /** One level of indentation: `terraform fmt`'s two spaces unless the place written into uses another. */
  readonly unit?: string;
}

const FMT_STYLE: HclStyle = { base: '', separator: '=', quoteKeys: false };

/** A value as HCL; `level` is the indentation of the line it starts on, its closing bracket goes back to it. */
export function hclValue(value: JsonTemplate, level: number, style: HclStyle = FMT_STYLE): string {
  if (typeof value === 'string') return hclString(value);
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item === 'string')) return `[${value.map((item) => hclString(item as string)).join(', ')}]`;
    const inner = style.base + unitOf(style).repeat(level + 1);
    return `[\n${value.map((item) => `${inner}${hclValue(item, level + 1, style)},\n`).join('')}${style.base}${unitOf(style).repeat(level)}]`;
  }
  const entries = Object.entries(value);
  const only = entries.length === 1 ? entries[0] : undefined;
  if (only && typeof only[1] === 'string') {
    const inline = `{ ${styledKey(only[0], style)} ${style.separator} ${hclString(only[1])} }`;
    if (inline.length <= INLINE_WIDTH) return inline;
  }
  return `{\n${hclAttributes(entries, level + 1, style)}${style.base}${unitOf(style).repeat(level)}}`;
}

/** `key = value` lines at `level`, each ending with a newline, `=` aligned as `terraform fmt` aligns it. */
export function hclAttributes(entries: readonly (readonly [string, JsonTemplate | HclRaw])[], level: number, style: HclStyle = FMT_STYLE): string {
  const indent = style.base + unitOf(style).repeat(level);
  const lines = entries.map(([key, value]) => ({ key: styledKey(key, style), text: value instanceof HclRaw ? value.text : hclValue(value, level, style) }));
  let output = '';
  for (let i = 0; i < lines.length; ) {
    // A run of one-line values shares one column for `=`; a multi-line value is a run of its own.
    let end = i + 1;
    if (!lines[i]!.text.includes('\n')) while (end < lines.length && !lines[end]!.text.includes('\n')) end++;
    const width = Math.max(...lines.slice(i, end).map((line) => line.key.length));
    for (const line of lines.slice(i, end)) output += `${indent}${line.key.padEnd(width)} ${style.separator} ${line.text}\n`;
    i = end;
  }
  return output;
}

function unitOf(style: HclStyle): string {
  return style.unit ?? INDENT;
}

function styledKey(key: string, style: HclStyle): string {
  return style.quoteKeys ? JSON.stringify(key) : hclKey(key);
}

/** Text written as it is (an expression built elsewhere, e.g. `jsonencode({…})`). */
export class HclRaw {
  constructor(readonly text: string) {}
}

/** `jsonencode(<object>)` at `level`: how Terraform users write a policy in HCL object syntax. */
export function jsonencode(value: JsonTemplate, level: number): HclRaw {
  return new HclRaw(`jsonencode(${hclValue(value, level)})`);
}

/** A whole block: `resource "type" "name" { … }`. */
export function hclBlock(labels: readonly string[], entries: readonly (readonly [string, JsonTemplate | HclRaw])[]): string {
  return `${labels.map((label, i) => (i === 0 ? label : `"${label}"`)).join(' ')} {\n${hclAttributes(entries, 1)}}`;
}
