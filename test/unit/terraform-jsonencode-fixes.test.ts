import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initTerraformInNode } from '../../src/cli/nodeWasmLoader';
import { lintText } from '../../src/formats';
import { fixAllInFormat } from '../../src/formats/fixes';
import { terraformComments } from '../../src/formats/terraform';
import { jsonencode } from '../../src/formats/terraform/hclWriter';
import type { JsonTemplate } from '../../src/policy/templates';
import { fixtureValues, formattingOf, listFixFixtures } from '../support/fixFixtures';
import { checkFixesInForm, policyValueOf, TERRAFORM_HINT, type PlainPolicy } from '../support/terraformFixForms';

/**
 * Every JSON fix fixture (test/fixtures/fixes) written as `jsonencode({…})` in HCL object syntax, the way
 * `terraform fmt` writes it: the preferred fix for its finding gives the policy the fixed JSON fixture holds
 * (compared as values: the HCL text has its own layout, whose exact form the Terraform fix fixtures in
 * test/fixtures/fixes-terraform pin), the text still parses, and a fixture with no fix gets none here either.
 */
before(() => initTerraformInNode());

function asTerraform(policy: PlainPolicy): string {
  return `resource "aws_s3_bucket_policy" "inbox" {\n  bucket = "inbox"\n  policy = ${jsonencode(policy as JsonTemplate, 1).text}\n}\n`;
}

test('every JSON fix fixture, written as jsonencode, gets the same fix', (t) => {
  const { compared, ids, unfixed } = checkFixesInForm(asTerraform);
  t.diagnostic(`${compared} fixtures compared, ${ids.size} ids: ${[...ids].sort().join(', ')}`);
  assert.ok(compared >= 70 && ids.size >= 35, `only ${compared} fixtures, ${ids.size} ids compared`);
  assert.deepEqual(unfixed, [], 'every fixture with a fix in JSON has one here');
});

test('fix-all on each jsonencode fixture keeps the comments and is idempotent', () => {
  for (const fixture of listFixFixtures()) {
    const policy = policyValueOf(fixture.text);
    if (policy === undefined) continue;
    const text = `# ${fixture.name}\n${asTerraform(policy)}`;
    const values = fixture.unknownValues ? {} : fixtureValues();
    const once = fixAllInFormat(text, TERRAFORM_HINT, values, formattingOf(text));
    assert.deepEqual(lintText(once, TERRAFORM_HINT).syntaxErrors, [], fixture.name);
    assert.deepEqual(terraformComments(once).map((c) => c.text), terraformComments(text).map((c) => c.text), fixture.name);
    assert.equal(fixAllInFormat(once, TERRAFORM_HINT, values, formattingOf(once)), once, `${fixture.name}: a second fix-all changes nothing`);
  }
});
