import type { JsonTemplate } from '../../policy/templates';
import { hclAttributes, hclValue, type HclStyle } from './hclWriter';

/**
 * One grant statement written in each form a Terraform policy takes, for "Add SES grant" into a policy the
 * file already has: an element of `jsonencode`'s HCL object (in the style of the keys around it), JSON inside
 * a heredoc (indented as the statement before it), JSON inside a quoted string (compact, with HCL escapes),
 * and a `statement {}` block of a `data "aws_iam_policy_document"`. Interpolations in values (`${…}`) are
 * meant as such in every form; placeholder marks pass through.
 */

type Statement = { readonly [key: string]: JsonTemplate };

/**
 * A `jsonencode` tuple element starting at `indent` (the closing brace goes back to it). Keys written
 * `"Key" : value,` are JSON pasted into HCL: the new element is too; otherwise `terraform fmt`'s layout.
 */
export function statementAsHclObject(statement: Statement, indent: string, style: Omit<HclStyle, 'base'>, eol: string): string {
  if (style.separator === ':') return statementAsJson(statement, indent, '  ', eol).replace(JSON_KEY, '$1 :');
  return hclValue(statement as { [key: string]: JsonTemplate }, 0, { ...style, base: indent }).replace(/\n/g, eol);
}

/** A key of pretty-printed JSON and its colon, at the start of a line. */
const JSON_KEY = /^(\s*"(?:[^"\\]|\\.)*"):/gm;

/** Pretty JSON whose first line starts at `indent`, nested by `unit`, lines ended by `eol`. */
export function statementAsJson(statement: Statement, indent: string, unit: string, eol: string): string {
  return JSON.stringify(statement, null, unit).split('\n').join(eol + indent);
}

/** Compact JSON written inside an HCL quoted string: `\` and `"` escaped (`${…}` stays an interpolation). */
export function statementAsQuotedJson(statement: Statement): string {
  return JSON.stringify(statement).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** How the policy document data source names each statement key. */
const BLOCK_ATTRIBUTES: readonly [string, string, boolean][] = [
  ['Sid', 'sid', false],
  ['Effect', 'effect', false],
  ['Action', 'actions', true],
  ['Resource', 'resources', true],
];

/**
 * `statement { … }` at `indent`, one level of two spaces deeper inside: `principals` per principal type,
 * one `condition` per operator and key, as the AWS provider reads them back.
 */
export function statementAsBlock(statement: Statement, indent: string, eol: string): string {
  const inner = indent + '  ';
  const attributes: [string, JsonTemplate][] = [];
  for (const [key, name, list] of BLOCK_ATTRIBUTES) {
    const value = statement[key];
    if (value !== undefined) attributes.push([name, list && typeof value === 'string' ? [value] : value]);
  }
  const blocks: string[] = [];
  const principal = statement['Principal'];
  if (principal && typeof principal === 'object' && !Array.isArray(principal)) {
    for (const [type, identifiers] of Object.entries(principal)) {
      blocks.push(nestedBlock('principals', [['type', type], ['identifiers', asList(identifiers)]], inner));
    }
  }
  const condition = statement['Condition'];
  if (condition && typeof condition === 'object' && !Array.isArray(condition)) {
    for (const [test, keys] of Object.entries(condition)) {
      if (typeof keys !== 'object' || Array.isArray(keys)) continue;
      for (const [variable, values] of Object.entries(keys)) {
        blocks.push(nestedBlock('condition', [['test', test], ['variable', variable], ['values', asList(values)]], inner));
      }
    }
  }
  const body = [withBase(hclAttributes(attributes, 0), inner), ...blocks].join('');
  return `${indent}statement {\n${body}${indent}}`.replace(/\n/g, eol);
}

function nestedBlock(name: string, attributes: [string, JsonTemplate][], indent: string): string {
  return `${indent}${name} {\n${withBase(hclAttributes(attributes, 0), indent + '  ')}${indent}}\n`;
}

function asList(value: JsonTemplate): JsonTemplate {
  return typeof value === 'string' ? [value] : value;
}

/** Lines written at level 0, moved to start at `base`. */
function withBase(lines: string, base: string): string {
  return lines.replace(/^(?=.)/gm, base);
}
