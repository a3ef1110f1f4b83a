import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initTerraformInNode } from '../../src/cli/nodeWasmLoader';
import { hclAttributes, hclValue } from '../../src/formats/terraform/hclWriter';
import type { JsonTemplate } from '../../src/policy/templates';
import { checkFixesInForm, TERRAFORM_JSON_HINT, type PlainPolicy } from '../support/terraformFixForms';

/**
 * Every JSON fix fixture (test/fixtures/fixes) written as a `data "aws_iam_policy_document"`, the way the
 * provider's documentation writes one (statement arguments, `principals` and `condition` blocks): the preferred
 * fix for its finding gives the document the fixed fixture's policy (both read back through the Terraform
 * reader, so `"a"` and `["a"]` compare equal, as the provider renders them), the text still parses, and a
 * fixture with no fix gets none here either. The exact text of such fixes: test/fixtures/fixes-terraform.
 */
const STYLE = { base: '  ', separator: '=', quoteKeys: false } as const;
const ARGUMENTS: Readonly<Record<string, string>> = { Sid: 'sid', Effect: 'effect', Action: 'actions', NotAction: 'not_actions', Resource: 'resources', NotResource: 'not_resources' };
const LISTS = new Set(['actions', 'not_actions', 'resources', 'not_resources']);

before(() => initTerraformInNode());

type Plain = PlainPolicy;

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/** A policy as a policy document; undefined when it has a part a document cannot write. */
function asDocument(policy: Plain): string | undefined {
  const statements = asList(policy['Statement']);
  const blocks: string[] = [];
  for (const statement of statements) {
    if (!statement || typeof statement !== 'object') return undefined;
    const lines: [string, JsonTemplate][] = [];
    const nested: string[] = [];
    for (const [key, value] of Object.entries(statement as Plain)) {
      const argument = ARGUMENTS[key];
      if (argument) lines.push([argument, (LISTS.has(argument) ? asList(value) : value) as JsonTemplate]);
      else if (key === 'Principal' || key === 'NotPrincipal') {
        const name = key === 'Principal' ? 'principals' : 'not_principals';
        const types = value === '*' ? { '*': '*' } : (value as Plain);
        if (!types || typeof types !== 'object') return undefined;
        for (const [type, identifiers] of Object.entries(types)) nested.push(block(name, [['type', type], ['identifiers', asList(identifiers) as JsonTemplate]]));
      } else if (key === 'Condition') {
        for (const [test, variables] of Object.entries(value as Plain)) {
          if (!variables || typeof variables !== 'object') return undefined;
          for (const [variable, values] of Object.entries(variables as Plain)) nested.push(block('condition', [['test', test], ['variable', variable], ['values', asList(values) as JsonTemplate]]));
        }
      } else return undefined;
    }
    blocks.push(`  statement {\n${hclAttributes(lines, 1, STYLE)}${nested.map((b) => `\n${b}`).join('')}  }\n`);
  }
  const version = typeof policy['Version'] === 'string' ? `  version = ${hclValue(policy['Version'], 0)}\n\n` : '';
  const extra = Object.keys(policy).filter((key) => key !== 'Version' && key !== 'Statement');
  if (extra.length > 0 || statements.length === 0) return undefined;
  return `data "aws_iam_policy_document" "grant" {\n${version}${blocks.join('\n')}}\n`;
}

function block(name: string, entries: [string, JsonTemplate][]): string {
  return `    ${name} {\n${hclAttributes(entries, 3, { ...STYLE, base: '' })}    }\n`;
}

test('every JSON fix fixture, written as aws_iam_policy_document, gets the same fix', (t) => {
  const { compared, ids, unfixed } = checkFixesInForm(asDocument);
  t.diagnostic(`${compared} fixtures compared, ${ids.size} ids: ${[...ids].sort().join(', ')}`);
  assert.ok(compared >= 70 && ids.size >= 35, `only ${compared} fixtures, ${ids.size} ids compared`);
  assert.deepEqual(unfixed, [], 'every fixture with a fix in JSON has one here');
});

/**
 * The same document in Terraform's JSON syntax (`*.tf.json`), as `JSON.stringify` lays it out: statements,
 * `principals` and `condition` as lists of objects. A fix writes JSON members and condition objects there.
 */
function asJsonDocument(policy: Plain): string | undefined {
  const statements: Plain[] = [];
  for (const statement of asList(policy['Statement'])) {
    if (!statement || typeof statement !== 'object') return undefined;
    const written: Plain = {};
    for (const [key, value] of Object.entries(statement as Plain)) {
      const argument = ARGUMENTS[key];
      if (argument) written[argument] = LISTS.has(argument) ? asList(value) : value;
      else if (key === 'Principal' || key === 'NotPrincipal') {
        const types = value === '*' ? { '*': '*' } : (value as Plain);
        if (!types || typeof types !== 'object') return undefined;
        written[key === 'Principal' ? 'principals' : 'not_principals'] = Object.entries(types).map(([type, identifiers]) => ({ type, identifiers: asList(identifiers) }));
      } else if (key === 'Condition') {
        const conditions: Plain[] = [];
        for (const [test, variables] of Object.entries(value as Plain)) {
          if (!variables || typeof variables !== 'object') return undefined;
          for (const [variable, values] of Object.entries(variables as Plain)) conditions.push({ test, variable, values: asList(values) });
        }
        written['condition'] = conditions;
      } else return undefined;
    }
    statements.push(written);
  }
  const extra = Object.keys(policy).filter((key) => key !== 'Version' && key !== 'Statement');
  if (extra.length > 0 || statements.length === 0) return undefined;
  const document = { ...(typeof policy['Version'] === 'string' ? { version: policy['Version'] } : {}), statement: statements };
  return `${JSON.stringify({ data: { aws_iam_policy_document: { grant: document } } }, null, 2)}\n`;
}

test('every JSON fix fixture, written as aws_iam_policy_document in Terraform\'s JSON syntax, gets the same fix', (t) => {
  const { compared, ids, unfixed } = checkFixesInForm(asJsonDocument, TERRAFORM_JSON_HINT);
  t.diagnostic(`${compared} fixtures compared, ${ids.size} ids: ${[...ids].sort().join(', ')}`);
  assert.ok(compared >= 70 && ids.size >= 35, `only ${compared} fixtures, ${ids.size} ids compared`);
  assert.deepEqual(unfixed, [], 'every fixture with a fix in JSON has one here');
});
