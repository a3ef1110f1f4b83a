import type { Span } from '../../policy/tree';

/**
 * The part of a Terraform file's syntax the reader uses, in plain objects with offsets into the file. Built
 * from tree-sitter's tree in one pass (hclReader.ts) or from Terraform's JSON syntax (tfJson.ts), so the
 * readers of policies and resources never see either parser.
 */

export interface HclBody {
  readonly attributes: readonly HclAttribute[];
  readonly blocks: readonly HclBlock[];
}

export interface HclBlock {
  /** `resource`, `data`, `statement`, `s3_action`… */
  readonly type: string;
  readonly typeSpan: Span;
  readonly labels: readonly HclLabel[];
  readonly body: HclBody;
  readonly span: Span;
  /** In Terraform's JSON syntax, the object written for the block (`span` is its property, shared by a list of blocks). */
  readonly bodySpan?: Span;
}

export interface HclLabel {
  readonly value: string;
  readonly span: Span;
}

export interface HclAttribute {
  readonly name: string;
  readonly nameSpan: Span;
  readonly value: HclExpression;
  readonly span: Span;
}

export type HclExpression = HclTemplate | HclObject | HclTuple | HclCall | HclLiteral | HclReference | HclOpaque;

/** A quoted string or a heredoc: literal runs and `${…}` / `%{…}` parts, in source order. */
export interface HclTemplate {
  readonly kind: 'template';
  readonly span: Span;
  readonly flavor: TemplateFlavor;
  /** Where the content starts and ends (after the opening quote or heredoc line, before the closing one). */
  readonly contentStart: number;
  readonly contentEnd: number;
  readonly parts: readonly TemplatePart[];
}

/**
 * How a template's literal runs are written: `quoted` with HCL escapes (`\"`, `\n`, `\u00e9`), `heredoc` as
 * is, `flush-heredoc` (`<<-`) with the common indentation removed, `json-string` as Terraform's JSON syntax
 * writes them (JSON escapes).
 */
export type TemplateFlavor = 'quoted' | 'heredoc' | 'flush-heredoc' | 'json-string';

export type TemplatePart =
  | { readonly kind: 'literal'; readonly start: number; readonly end: number }
  | { readonly kind: 'interpolation'; readonly span: Span; readonly expression: HclExpression | undefined }
  /** `%{if …}…%{endif}` and `%{for …}…%{endfor}`, whole: what they produce is only known when applied. */
  | { readonly kind: 'directive'; readonly span: Span };

export interface HclObject {
  readonly kind: 'object';
  readonly span: Span;
  readonly items: readonly HclObjectItem[];
}

export interface HclObjectItem {
  readonly key: HclExpression;
  readonly value: HclExpression;
  readonly span: Span;
}

export interface HclTuple {
  readonly kind: 'tuple';
  readonly span: Span;
  readonly items: readonly HclExpression[];
}

export interface HclCall {
  readonly kind: 'call';
  readonly span: Span;
  readonly name: string;
  readonly args: readonly HclExpression[];
}

export interface HclLiteral {
  readonly kind: 'number' | 'bool' | 'null';
  readonly span: Span;
  readonly raw: string;
}

/** A traversal such as `aws_s3_bucket.inbox.arn`, `var.account_id`, `each.value[0]`: its source text. */
export interface HclReference {
  readonly kind: 'reference';
  readonly span: Span;
  readonly text: string;
}

/** Conditionals, `for` expressions, operators, splats, and anything deeper than a policy ever nests. */
export interface HclOpaque {
  readonly kind: 'opaque';
  readonly span: Span;
}

export function attributeOf(body: HclBody, name: string): HclAttribute | undefined {
  // The last one wins, as for duplicate JSON keys (Terraform itself rejects duplicates).
  for (let i = body.attributes.length - 1; i >= 0; i--) if (body.attributes[i]!.name === name) return body.attributes[i];
  return undefined;
}

export function blocksOf(body: HclBody, type: string): HclBlock[] {
  return body.blocks.filter((block) => block.type === type);
}

/** `aws_s3_bucket.inbox` from `aws_s3_bucket.inbox.arn`, `data.x.y` from `data.x.y.json`: the resource address a reference starts with. */
export function referencedAddress(text: string): string | undefined {
  // Sticky from 0 (as `^`), read by `test` and `lastIndex`: no match array for every reference of a module.
  ADDRESS.lastIndex = 0;
  return ADDRESS.test(text) ? text.slice(0, ADDRESS.lastIndex) : undefined;
}

const ADDRESS = /(?:data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*/y;

/** Every resource address an expression refers to, in interpolations and collections too. */
export function referencedAddresses(expression: HclExpression | undefined, found: string[] = []): string[] {
  if (!expression) return found;
  switch (expression.kind) {
    case 'reference': {
      const address = referencedAddress(expression.text);
      if (address !== undefined) found.push(address);
      break;
    }
    case 'template':
      for (const part of expression.parts) if (part.kind === 'interpolation') referencedAddresses(part.expression, found);
      break;
    case 'tuple':
      for (const item of expression.items) referencedAddresses(item, found);
      break;
    case 'object':
      for (const item of expression.items) referencedAddresses(item.value, found);
      break;
    case 'call':
      for (const argument of expression.args) referencedAddresses(argument, found);
      break;
  }
  return found;
}

/** Every address a block's arguments and nested blocks refer to (`depends_on` included). */
export function addressesInBlock(body: HclBody, found: string[] = []): string[] {
  for (const attribute of body.attributes) referencedAddresses(attribute.value, found);
  for (const block of body.blocks) addressesInBlock(block.body, found);
  return found;
}
