import type { ObjectNode, PropertyNode, Span, TreeNode } from '../../policy/tree';
import type { HclExpression, HclTemplate } from './hcl';
import { ListStack } from './exactList';
import { HclScalar } from './hclScalar';
import { computedText, decodeTemplate, OPAQUE, plainText, referenceText } from './templateText';

/**
 * HCL values as the neutral tree: what `jsonencode(…)` turns into JSON, with every node's span on the HCL
 * text. Literals are scalars; anything computed (references, interpolations, calls, conditionals, `for`) is a
 * token whose text keeps the literal parts and writes each computed part as `${…}`, as CloudFormation
 * intrinsics do (src/formats/cloudformation/intrinsics.ts): `"${aws_s3_bucket.b.arn}/*"` → `arn:aws:s3:::${aws_s3_bucket.b.bucket}/*`.
 */
export function hclToTree(source: string, expression: HclExpression): TreeNode {
  switch (expression.kind) {
    case 'template':
      return templateToTree(source, expression);
    case 'number':
      return { type: 'scalar', span: expression.span, value: Number(expression.raw), raw: expression.raw };
    case 'bool':
      return { type: 'scalar', span: expression.span, value: expression.raw === 'true', raw: expression.raw };
    case 'null':
      return { type: 'scalar', span: expression.span, value: null, raw: expression.raw };
    case 'tuple':
      return { type: 'array', span: expression.span, items: expression.items.map((item) => hclToTree(source, item)) };
    case 'object':
      return objectToTree(source, expression.span, expression.items);
    case 'reference':
      return { type: 'token', span: expression.span, text: referenceText(expression.text) };
    case 'call':
    case 'opaque':
      return { type: 'token', span: expression.span, text: OPAQUE };
  }
}

/** An object's properties, made to measure (exactList.ts). */
const PROPERTIES = new ListStack<PropertyNode>();

function objectToTree(source: string, span: Span, items: readonly { key: HclExpression; value: HclExpression; span: Span }[]): ObjectNode {
  const mark = PROPERTIES.open();
  try {
    for (const item of items) {
      const key = literalKey(source, item.key);
      // A computed key (`(local.operator) = …`) names nothing the checks could read.
      if (key === undefined) continue;
      PROPERTIES.push({ key, keySpan: item.key.span, value: hclToTree(source, item.value), span: item.span });
    }
  } catch (error) {
    PROPERTIES.close(mark);
    throw error;
  }
  return { type: 'object', span, properties: PROPERTIES.close(mark) };
}

const ASCII_KEY = /^[A-Za-z_][\w:-]*$/;
const UNICODE_KEY = /^[\p{ID_Start}_][\p{ID_Continue}_:-]*$/u;

/** An object key: a bare identifier (`Effect`) is the key itself, a string without interpolation its text. */
function literalKey(source: string, key: HclExpression): string | undefined {
  // The ASCII form first: the Unicode classes cost more, and nearly every key is ASCII.
  if (key.kind === 'reference') return ASCII_KEY.test(key.text) || UNICODE_KEY.test(key.text) ? key.text : undefined;
  if (key.kind === 'template') return literalTemplateText(source, key);
  if (key.kind === 'number' || key.kind === 'bool' || key.kind === 'null') return key.raw;
  return undefined;
}

/** A template's text when it has no computed part, else undefined. */
export function literalTemplateText(source: string, template: HclTemplate): string | undefined {
  if (template.parts.some((part) => part.kind !== 'literal')) return undefined;
  return plainText(source, template) ?? decodeTemplate(source, template, () => '').text;
}

function templateToTree(source: string, template: HclTemplate): TreeNode {
  const plain = plainText(source, template);
  if (plain !== undefined) return new HclScalar(template.span, plain, source);
  const decoded = decodeTemplate(source, template, (part) => (part.kind === 'interpolation' ? computedText(part.expression) : OPAQUE));
  if (decoded.computed.length === 0) return new HclScalar(template.span, decoded.text, source);
  return { type: 'token', span: template.span, text: decoded.text };
}

/** The text a value stands for when it is a plain string (a label, a resource type, a literal name). */
export function literalText(source: string, expression: HclExpression | undefined): string | undefined {
  return expression?.kind === 'template' ? literalTemplateText(source, expression) : undefined;
}
