import { parseJson } from '../json/parseJson';
import { isObject, type ObjectNode, type PropertyNode, type Span, type TreeNode } from '../../policy/tree';
import type { OffsetMap } from '../offsetMap';
import type { HclAttribute, HclBlock, HclBody, HclExpression, HclTemplate, TemplatePart } from './hcl';
import { readHclTree, type BlockFilter } from './hclReader';
import { withTerraformTree } from './parser';
import { decodeTemplate } from './templateText';
import type { SyntaxProblem } from './terraformFile';

/**
 * Terraform's JSON syntax (`*.tf.json`) as the same HCL syntax tree the native reader gives:
 *   {"resource": {"aws_s3_bucket_policy": {"x": {"policy": "…"}}}, "data": {"aws_iam_policy_document": {…}}}
 * Which JSON properties are nested blocks depends on the resource's schema; the few the readers use are
 * listed in NESTED_BLOCKS. Strings are templates: `${…}` is an interpolation, `$${` a literal `${`. An
 * interpolation that is more than a reference (`${jsonencode({…})}`) is parsed as HCL, its spans mapped back
 * through the JSON string's escapes.
 */

const NESTED_BLOCKS = new Set(['statement', 'principals', 'not_principals', 'condition', 'content', 's3_action', 'lambda_action', 'sns_action']);
const TRAVERSAL = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_*][\w-]*|\[[^\]"\\]*\])*$/;

export function readTerraformJson(text: string, wanted: BlockFilter, problems: SyntaxProblem[]): HclBody {
  const { root, errors } = parseJson(text);
  for (const error of errors) problems.push(error);
  if (!isObject(root)) return { attributes: [], blocks: [] };
  const reader = new JsonSyntaxReader(text);
  const blocks: HclBlock[] = [];
  for (const mode of root.properties) {
    if (mode.key !== 'resource' && mode.key !== 'data') continue;
    for (const byType of objectsIn(mode.value)) {
      for (const type of byType.properties) {
        for (const byName of objectsIn(type.value)) {
          for (const name of byName.properties) {
            if (!wanted(mode.key, [type.key, name.key])) continue;
            for (const body of objectsIn(name.value)) {
              blocks.push({
                type: mode.key,
                typeSpan: mode.keySpan,
                labels: [{ value: type.key, span: type.keySpan }, { value: name.key, span: name.keySpan }],
                body: reader.body(body),
                span: name.span,
                bodySpan: body.span,
              });
            }
          }
        }
      }
    }
  }
  return { attributes: [], blocks };
}

/** A JSON value that may be one object or a list of them (Terraform accepts both at every level). */
function objectsIn(node: TreeNode): ObjectNode[] {
  if (isObject(node)) return [node];
  return node.type === 'array' ? node.items.filter(isObject) : [];
}

class JsonSyntaxReader {
  constructor(private readonly text: string) {}

  body(node: ObjectNode): HclBody {
    const attributes: HclAttribute[] = [];
    const blocks: HclBlock[] = [];
    for (const property of node.properties) {
      if (property.key === 'dynamic') blocks.push(...this.dynamicBlocks(property));
      else if (NESTED_BLOCKS.has(property.key)) {
        for (const body of objectsIn(property.value)) blocks.push(this.block(property, [], body));
      } else {
        const value = property.key === 'depends_on' ? this.references(property.value) : this.value(property.value);
        attributes.push({ name: property.key, nameSpan: property.keySpan, value, span: property.span });
      }
    }
    return { attributes, blocks };
  }

  /** `"dynamic": {"statement": {"for_each": …, "content": {…}}}`. */
  private dynamicBlocks(property: PropertyNode): HclBlock[] {
    const blocks: HclBlock[] = [];
    for (const byLabel of objectsIn(property.value)) {
      for (const labelled of byLabel.properties) {
        for (const body of objectsIn(labelled.value)) blocks.push(this.block(property, [{ value: labelled.key, span: labelled.keySpan }], body));
      }
    }
    return blocks;
  }

  private block(property: PropertyNode, labels: HclBlock['labels'], body: ObjectNode): HclBlock {
    return { type: property.key, typeSpan: property.keySpan, labels, body: this.body(body), span: property.span, bodySpan: body.span };
  }

  /** `depends_on` lists resource addresses as plain strings. */
  private references(node: TreeNode): HclExpression {
    if (node.type !== 'array') return this.value(node);
    const items: HclExpression[] = node.items.map((item) =>
      item.type === 'scalar' && typeof item.value === 'string' ? { kind: 'reference', span: item.span, text: item.value } : this.value(item),
    );
    return { kind: 'tuple', span: node.span, items };
  }

  value(node: TreeNode): HclExpression {
    switch (node.type) {
      case 'scalar':
        if (typeof node.value === 'string') return this.template(node.span);
        if (node.value === null) return { kind: 'null', span: node.span, raw: node.raw };
        return { kind: typeof node.value === 'boolean' ? 'bool' : 'number', span: node.span, raw: node.raw };
      case 'array':
        return { kind: 'tuple', span: node.span, items: node.items.map((item) => this.value(item)) };
      case 'object':
        return {
          kind: 'object',
          span: node.span,
          items: node.properties.map((p) => ({ key: this.template(p.keySpan), value: this.value(p.value), span: p.span })),
        };
      case 'token':
        return { kind: 'opaque', span: node.span };
    }
  }

  /** A JSON string (its span with the quotes) as a template. */
  private template(span: Span): HclTemplate {
    const contentStart = span.offset + 1;
    const contentEnd = Math.max(contentStart, span.offset + span.length - 1);
    const template: HclTemplate = { kind: 'template', span, flavor: 'json-string', contentStart, contentEnd, parts: [] };
    return { ...template, parts: this.parts(template) };
  }

  private parts(template: HclTemplate): TemplatePart[] {
    const text = this.text;
    const parts: TemplatePart[] = [];
    let literalStart = template.contentStart;
    let i = template.contentStart;
    while (i < template.contentEnd) {
      const c = text[i];
      if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
        i += 3;
        continue;
      }
      if ((c === '$' || c === '%') && text[i + 1] === '{') {
        const close = closingBrace(text, i + 2, template.contentEnd);
        if (close < 0) break;
        if (i > literalStart) parts.push({ kind: 'literal', start: literalStart, end: i });
        const span = { offset: i, length: close + 1 - i };
        parts.push(c === '$' ? { kind: 'interpolation', span, expression: this.interpolated(template, i + 2, close) } : { kind: 'directive', span });
        i = close + 1;
        literalStart = i;
        continue;
      }
      i += c === '\\' ? 2 : 1;
    }
    if (template.contentEnd > literalStart) parts.push({ kind: 'literal', start: literalStart, end: template.contentEnd });
    return parts;
  }

  /** The expression between `${` and `}`: a traversal read as is, anything else parsed as HCL. */
  private interpolated(template: HclTemplate, start: number, end: number): HclExpression | undefined {
    const raw = this.text.slice(start, end);
    const trimmed = raw.replace(/^~?\s*/, '').replace(/\s*~?$/, '');
    const offset = start + raw.indexOf(trimmed);
    const span = { offset, length: trimmed.length };
    if (TRAVERSAL.test(trimmed)) return { kind: 'reference', span, text: trimmed };
    const inner: HclTemplate = { ...template, contentStart: start, contentEnd: end, parts: [{ kind: 'literal', start, end }] };
    const decoded = decodeTemplate(this.text, inner, () => '');
    return parseExpression(decoded.text, decoded.map) ?? { kind: 'opaque', span };
  }
}

/** The `}` closing an interpolation, skipping nested braces and HCL strings (written `\"…\"` inside JSON). */
function closingBrace(text: string, from: number, end: number): number {
  let depth = 1;
  let inString = false;
  for (let i = from; i < end; i++) {
    const c = text[i];
    if (c === '\\') {
      if (text[i + 1] === '"') inString = !inString;
      i++;
    } else if (!inString && c === '{') depth++;
    else if (!inString && c === '}' && --depth === 0) return i;
  }
  return -1;
}

const PREFIX = 'x = ';

/** An HCL expression held in decoded text, with its spans and offsets mapped back onto the file. */
function parseExpression(source: string, map: OffsetMap): HclExpression | undefined {
  const mini = PREFIX + source;
  const expression = withTerraformTree(mini, (tree) => readHclTree(tree, mini, () => false).attributes[0]?.value);
  if (!expression) return undefined;
  return new Remapper(map).expression(expression);
}

/**
 * Moves an expression read from `x = <decoded text>` onto the file. Literal runs keep the text they were read
 * from only as far as offsets allow: they are mapped like every other offset, so a string inside the
 * expression is decoded from the file's (JSON-escaped) text, which is the same text unless it holds escapes.
 */
class Remapper {
  constructor(private readonly map: OffsetMap) {}

  private start(offset: number): number {
    return this.map.startToOuter(Math.max(0, offset - PREFIX.length));
  }

  private end(offset: number): number {
    return this.map.endToOuter(Math.max(0, offset - PREFIX.length));
  }

  private span(span: Span): Span {
    const start = this.start(span.offset);
    return { offset: start, length: Math.max(0, this.end(span.offset + span.length) - start) };
  }

  expression(expression: HclExpression): HclExpression {
    switch (expression.kind) {
      case 'template':
        return {
          ...expression,
          span: this.span(expression.span),
          contentStart: this.start(expression.contentStart),
          contentEnd: this.end(expression.contentEnd),
          parts: expression.parts.map((part) => this.part(part)),
        };
      case 'object':
        return {
          kind: 'object',
          span: this.span(expression.span),
          items: expression.items.map((item) => ({ key: this.expression(item.key), value: this.expression(item.value), span: this.span(item.span) })),
        };
      case 'tuple':
        return { kind: 'tuple', span: this.span(expression.span), items: expression.items.map((item) => this.expression(item)) };
      case 'call':
        return { ...expression, span: this.span(expression.span), args: expression.args.map((arg) => this.expression(arg)) };
      default:
        return { ...expression, span: this.span(expression.span) };
    }
  }

  private part(part: TemplatePart): TemplatePart {
    if (part.kind === 'literal') return { kind: 'literal', start: this.start(part.start), end: this.end(part.end) };
    if (part.kind === 'directive') return { kind: 'directive', span: this.span(part.span) };
    return { kind: 'interpolation', span: this.span(part.span), expression: part.expression && this.expression(part.expression) };
  }
}
