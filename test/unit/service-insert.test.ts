import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initTerraformInNode } from '../../src/cli/nodeWasmLoader';
import { inferValues } from '../../src/policy/fixes';
import { renderPlain, type GrantValues, type InsertKind } from '../../src/policy/templates';
import { applyOffsetEdits } from '../../src/policy/fixes';
import { analyze, planInsert, policiesOf } from '../../src/service';
import { FIXTURES } from '../support/paths';

/**
 * "Add SES Grant" through the facade, which asks the file's format adapter where a grant goes: a `.tf` file
 * gets the Terraform planner's edits (the fixtures of test/fixtures/insert-terraform, as terraform-insert.test.ts
 * reads them from the planner itself), and the defaults come from the policies the format reads, also in a
 * text the lint skips because it names no SES yet.
 */
const DIR = join(FIXTURES, 'insert-terraform');
const SETTINGS: GrantValues = { accountId: '111122223333', region: 'us-east-1', ruleSet: 'inbound', rule: 'store' };
const FORMATTING = { tabSize: 2, insertSpaces: true, eol: '\n' } as const;

before(() => initTerraformInNode());

for (const name of readdirSync(DIR)) {
  test(`facade planInsert into main.tf, ${name}: the Terraform planner's grant`, () => {
    const read = (file: string) => readFileSync(join(DIR, name, file), 'utf8');
    const input = read('input.tf');
    const { kind, ...values } = JSON.parse(read('request.json')) as { kind: InsertKind } & GrantValues;
    // A sibling.tf is another file of the module.
    const moduleFiles = existsSync(join(DIR, name, 'sibling.tf')) ? [{ fileName: 'sibling.tf', text: read('sibling.tf') }] : [];
    const insert = planInsert({ text: input, hint: { fileName: 'main.tf', moduleFiles } }, kind, { ...SETTINGS, ...values }, FORMATTING);
    assert.equal(insert.into, 'template');
    assert.ok(insert.into === 'template' && insert.plan.add, insert.into === 'template' ? insert.plan.problem : 'a policy plan');
    assert.equal(renderPlain(applyOffsetEdits(input, insert.plan.add)), read('expected.tf'));
  });
}

test('facade planInsert: a JSON policy takes the grant as a policy, a .tf.json file too', () => {
  assert.equal(planInsert({ text: '{"Statement": []}', hint: { fileName: 'p.json' } }, 's3', SETTINGS, FORMATTING).into, 'policy');
  assert.equal(planInsert({ text: '{"resource": {}}', hint: { fileName: 'main.tf.json' } }, 's3', SETTINGS, FORMATTING).into, 'policy');
});

test('policiesOf: the targets of a policy that names no SES yet, which the lint skips', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-inbox/*"}]}';
  const analysis = analyze(text, { fileName: 'bucket.json' });
  assert.equal(analysis.result.file, undefined, 'the prefilter skips it');
  const policies = policiesOf(analysis);
  assert.ok(policies);
  assert.equal(inferValues(policies).bucket, 'my-inbox');
});

test('policiesOf: a YAML template is read as a template, and YAML that is none holds nothing', () => {
  const template = [
    'Resources:',
    '  Policy:',
    '    Type: AWS::S3::BucketPolicy',
    '    Properties:',
    '      Bucket: my-inbox',
    '      PolicyDocument:',
    '        Statement:',
    '          - Effect: Allow',
    '            Principal: { AWS: arn:aws:iam::111122223333:root }',
    '            Action: s3:GetObject',
    '            Resource: arn:aws:s3:::my-inbox/*',
    '',
  ].join('\n');
  const policies = policiesOf(analyze(template, { fileName: 'stack.yaml' }));
  assert.equal(policies?.statements.length, 1);
  assert.equal(inferValues(policies!).bucket, 'my-inbox');
  assert.equal(policiesOf(analyze('services:\n  web:\n    image: nginx\n', { fileName: 'compose.yaml' })), undefined);
});
