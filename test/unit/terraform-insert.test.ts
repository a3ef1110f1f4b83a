import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initTerraformInNode } from '../../src/cli/nodeWasmLoader';
import { lintText } from '../../src/formats';
import { siblingsOf, terraformComments, type ModuleFile } from '../../src/formats/terraform';
import { planTerraformInsert } from '../../src/formats/terraform/grantInsert';
import { applyOffsetEdits } from '../../src/policy/fixes';
import { renderPlain, type GrantValues, type InsertKind } from '../../src/policy/templates';
import { FIXTURES } from '../support/paths';

/**
 * "Add SES grant" into a `.tf` file: `test/fixtures/insert-terraform/<case>/input.tf` with the request of
 * `request.json` (kind and values over the settings' values below) gives exactly `expected.tf`, and the plan
 * of `expected-plan.json` (the resource written into or added, an SES grant already there). A `sibling.tf` beside
 * them is another file of the module (its data sources give the account and region).
 */
const DIR = join(FIXTURES, 'insert-terraform');
const SETTINGS: GrantValues = { accountId: '111122223333', region: 'us-east-1', ruleSet: 'inbound', rule: 'store' };
const FORMATTING = { tabSize: 2, insertSpaces: true, eol: '\n' } as const;

before(() => initTerraformInNode());

function plan(text: string, request: { kind: InsertKind } & GrantValues, moduleFiles: readonly ModuleFile[] = []) {
  const { kind, ...values } = request;
  return planTerraformInsert(text, kind, { ...SETTINGS, ...values }, FORMATTING, siblingsOf(moduleFiles));
}

for (const name of readdirSync(DIR)) {
  const read = (file: string) => readFileSync(join(DIR, name, file), 'utf8');
  const input = read('input.tf');
  const request = JSON.parse(read('request.json')) as { kind: InsertKind } & GrantValues;
  const moduleFiles: ModuleFile[] = existsSync(join(DIR, name, 'sibling.tf')) ? [{ fileName: 'sibling.tf', text: read('sibling.tf') }] : [];
  const hint = { fileName: 'main.tf', moduleFiles };

  test(`${name}: the grant is written as expected`, () => {
    const planned = plan(input, request, moduleFiles);
    assert.ok(planned.add, planned.problem);
    const result = renderPlain(applyOffsetEdits(input, planned.add));
    assert.equal(result, read('expected.tf'));
    const { into, newResource, existingGrantLine } = planned;
    // Through JSON, as the file was written: keys whose value is undefined are left out.
    assert.deepEqual(JSON.parse(JSON.stringify({ into, newResource, existingGrantLine })), JSON.parse(read('expected-plan.json')));
  });

  test(`${name}: the result parses, keeps the comments, adds no warning, and a second run finds the grant`, () => {
    const result = renderPlain(applyOffsetEdits(input, plan(input, request, moduleFiles).add ?? []));
    const linted = lintText(result, hint, { strict: true });
    assert.deepEqual(linted.syntaxErrors, []);
    const serious = (text: string) =>
      lintText(text, hint, { strict: true })
        .findings.filter((f) => f.severity === 'error' || f.severity === 'warning')
        .map((f) => f.id);
    assert.deepEqual(serious(result), serious(input));
    assert.deepEqual(terraformComments(result).map((c) => c.text), terraformComments(input).map((c) => c.text));
    assert.notEqual(plan(result, request, moduleFiles).existingGrantLine, undefined);
  });
}

test('a file with a syntax error is refused, and nothing is written', () => {
  const planned = plan('resource "aws_s3_bucket" "inbox" {\n  bucket = "inbox-mail"\n', { kind: 's3', bucket: 'inbox-mail' });
  assert.equal(planned.add, undefined);
  assert.match(planned.problem ?? '', /syntax/);
});

test('a policy document defined in another file is not guessed at', () => {
  const text = 'resource "aws_s3_bucket_policy" "inbox" {\n  bucket = "inbox-mail"\n  policy = data.aws_iam_policy_document.inbox.json\n}\n';
  const planned = plan(text, { kind: 's3', bucket: 'inbox-mail' });
  assert.equal(planned.add, undefined);
  assert.match(planned.problem ?? '', /does not define/);
});

test('a grant added beside one already there gets a unique Sid, in each form of policy', () => {
  for (const name of ['s3-jsonencode', 's3-policy-document', 's3-quoted-json', 'sns-heredoc']) {
    const request = JSON.parse(readFileSync(join(DIR, name, 'request.json'), 'utf8')) as { kind: InsertKind } & GrantValues;
    const planned = plan(readFileSync(join(DIR, name, 'expected.tf'), 'utf8'), request);
    assert.ok(planned.add && planned.existingGrantLine !== undefined, name);
    const sid = request.kind === 's3' ? 'AllowSESPuts' : 'AllowSESPublish';
    assert.match(planned.add.map((e) => e.content).join(''), new RegExp(`${sid}2`), name);
  }
});
