import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initTerraformInNode } from '../../src/cli/nodeWasmLoader';
import { lintText } from '../../src/formats';
import { terraformComments } from '../../src/formats/terraform';
import { fixAllInFormat, fixesInFormat } from '../../src/formats/fixes';
import { applyOffsetEdits } from '../../src/policy/fixes';
import { renderPlain, type GrantValues } from '../../src/policy/templates';
import { runCli } from '../support/cli';
import { FIXTURES } from '../support/paths';

/**
 * Terraform fix fixtures: `test/fixtures/fixes-terraform/<id>/<case>.tf` is the input, `<case>.fixed.tf` beside
 * it the exact text after the preferred fix for `<id>` with the values of test/fixtures/fixes/values.json, in
 * each form a policy takes in Terraform (aws_lambda_permission arguments, heredoc and quoted JSON, jsonencode,
 * aws_iam_policy_document, a `dynamic "statement"`'s content), and in Terraform's JSON syntax (`<case>.tf.json`,
 * `<case>.fixed.tf.json`: JSON members and condition objects, JSON in a string). Fix-all gives the same text,
 * keeps every comment, and does nothing more on a second run. (Every JSON fix fixture also goes through a heredoc and a quoted string: embedded-fixes.test.ts.)
 */
const DIR = join(FIXTURES, 'fixes-terraform');
const VALUES = JSON.parse(readFileSync(join(FIXTURES, 'fixes', 'values.json'), 'utf8')) as GrantValues;
const FORMATTING = { tabSize: 2, insertSpaces: true, eol: '\n' } as const;
/** A fixture written with CRLF (`*-crlf.tf`) is fixed as the editor reports it: CRLF line ends. */
const formattingFor = (text: string) => (text.includes('\r\n') ? { ...FORMATTING, eol: '\r\n' as const } : FORMATTING);

before(() => initTerraformInNode());

const cases = readdirSync(DIR).flatMap((id) =>
  readdirSync(join(DIR, id))
    .filter((name) => /\.tf(\.json)?$/.test(name) && !/\.fixed\.tf(\.json)?$/.test(name))
    .map((name) => ({ id, name, path: join(DIR, id, name), hint: { fileName: name.endsWith('.json') ? 'main.tf.json' : 'main.tf' } })),
);

test('there is a Terraform fix fixture for each id the aws_lambda_permission builders fix', () => {
  const ids = new Set(cases.map((c) => c.id));
  for (const id of ['lambda-missing-source-account', 'lambda-missing-source-arn', 'lambda-missing-source-conditions']) assert.ok(ids.has(id), id);
});

test('there is a fix fixture in Terraform\'s JSON syntax for a permission, a policy document, a dynamic statement and a policy string', () => {
  const json = cases.filter((c) => c.name.endsWith('.tf.json')).map((c) => `${c.id}/${c.name}`);
  for (const name of [
    'lambda-missing-source-account/permission',
    'lambda-missing-source-conditions/module-account',
    's3-missing-source-conditions/policy-document',
    'sns-missing-source-conditions/dynamic-statement',
    's3-missing-source-arn/policy-string',
    'sns-missing-source-conditions/jsonencode-string',
  ]) {
    assert.ok(json.includes(`${name}.tf.json`), name);
  }
});

for (const { id, name, path, hint } of cases) {
  const text = readFileSync(path, 'utf8');
  const expected = readFileSync(path.replace(/\.tf(\.json)?$/, '.fixed.tf$1'), 'utf8');

  test(`${id}/${name}: the preferred fix writes Terraform arguments`, () => {
    const result = lintText(text, hint);
    const finding = result.findings.find((f) => f.id === id);
    assert.ok(finding && result.file, `${id} is reported: ${result.findings.map((f) => f.id).join(', ')}`);
    const proposals = fixesInFormat({ text, hint, result, finding, values: VALUES, formatting: formattingFor(text) });
    const preferred = proposals.filter((p) => p.preferred);
    assert.equal(preferred.length, 1);
    const fixed = applyOffsetEdits(text, preferred[0]!.edits.map((e) => ({ ...e, content: renderPlain(e.content) })));
    assert.equal(fixed, expected);
    const after = lintText(fixed, hint);
    assert.deepEqual(after.syntaxErrors, []);
    assert.ok(!after.findings.some((f) => f.id === id), `${id} is gone`);
  });

  test(`${id}/${name}: fix-all gives the same text, keeps the comments, and is idempotent`, () => {
    const fixed = fixAllInFormat(text, hint, VALUES, formattingFor(text));
    assert.equal(fixed, expected);
    assert.deepEqual(terraformComments(fixed).map((c) => c.text), terraformComments(text).map((c) => c.text));
    assert.equal(fixAllInFormat(fixed, hint, VALUES, formattingFor(text)), fixed);
  });
}

test('fix-all fixes every finding of the policy document and the permission in Terraform\'s JSON syntax, in JSON', () => {
  const text = readFileSync(join(FIXTURES, 'terraform', 'shapes', 'policy-document-json-syntax.tf.json'), 'utf8');
  const hint = { fileName: 'main.tf.json' };
  assert.deepEqual(lintText(text, hint).findings.map((f) => f.id).sort(), ['lambda-action-too-broad', 'lambda-missing-source-account', 'lambda-missing-source-arn', 'sns-missing-source-conditions']);
  const fixed = fixAllInFormat(text, hint, VALUES, FORMATTING);
  assert.doesNotThrow(() => JSON.parse(fixed), fixed);
  assert.deepEqual(lintText(fixed, hint).findings.map((f) => f.id), []);
});

test('ses-grants lint --fix writes the Terraform fix with the values given, and nothing without them', () => {
  const input = join(DIR, 'lambda-missing-source-conditions', 'permission.tf');
  const dir = mkdtempSync(join(tmpdir(), 'ses-grants-tf-fix-'));
  try {
    writeFileSync(join(dir, 'main.tf'), readFileSync(input, 'utf8'));
    const unfixed = runCli(['lint', '--fix', 'main.tf'], dir);
    assert.equal(unfixed.status, 1);
    assert.match(unfixed.stderr, /needs --account/);
    assert.equal(readFileSync(join(dir, 'main.tf'), 'utf8'), readFileSync(input, 'utf8'), 'no placeholder written');
    const fixed = runCli(['lint', '--fix', '--account', '111122223333', '--region', 'us-east-1', '--rule-set', 'inbound', '--rule', 'store', 'main.tf'], dir);
    assert.equal(fixed.status, 0, fixed.stderr);
    assert.equal(readFileSync(join(dir, 'main.tf'), 'utf8'), readFileSync(input.replace(/\.tf$/, '.fixed.tf'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
