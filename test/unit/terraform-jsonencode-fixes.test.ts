import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initTerraformInNode } from '../../src/cli/nodeWasmLoader';
import { lintText } from '../../src/formats';
import { fixAllInFormat, fixesInFormat } from '../../src/formats/fixes';
import { terraformComments } from '../../src/formats/terraform';
import { jsonencode } from '../../src/formats/terraform/hclWriter';
import { applyOffsetEdits } from '../../src/policy/fixes';
import { plainValue } from '../../src/policy/fixes/jsonEditor';
import { parseJson } from '../../src/policy/parseJson';
import type { JsonTemplate } from '../../src/policy/templates';
import { fixtureValues, formattingOf, listFixFixtures, renderedEdits } from '../support/fixFixtures';

/**
 * Every JSON fix fixture (test/fixtures/fixes) written as `jsonencode({…})` in HCL object syntax, the way
 * `terraform fmt` writes it: the preferred fix for its finding gives the policy the fixed JSON fixture holds
 * (compared as values: the HCL text has its own layout, whose exact form the Terraform fix fixtures in
 * test/fixtures/fixes-terraform pin), the text still parses, and a fixture with no fix gets none here either.
 */
const hint = { fileName: 'main.tf' };

before(() => initTerraformInNode());

function asTerraform(policy: unknown): string {
  return `resource "aws_s3_bucket_policy" "inbox" {\n  bucket = "inbox"\n  policy = ${jsonencode(policy as JsonTemplate, 1).text}\n}\n`;
}

/** The policy the file's first policy document holds, as plain JSON values. */
function policyOf(text: string): unknown {
  const document = lintText(text, hint).file?.documents[0];
  return document && JSON.parse(JSON.stringify(plainValue(document.node)));
}

/** A fixture's policy as a value; undefined when its text is more than a value can say (comments aside). */
function valueOf(text: string): unknown {
  const { root, errors } = parseJson(text);
  // `${…}` and `%{…}` are template sequences in HCL: such a fixture says something else there.
  if (!root || errors.length > 0 || text.includes('${') || text.includes('%{')) return undefined;
  // An AddPermission request is no policy a Terraform resource holds; a bare statement goes into one.
  if (root.type !== 'object' || !root.properties.some((p) => p.key === 'Statement' || p.key === 'Effect')) return undefined;
  // Comments are not carried over, and a fix that would drop one is not offered: the fixtures would differ.
  if (/\/\/|\/\*/.test(text.replace(/"(?:[^"\\]|\\.)*"/g, '""'))) return undefined;
  // Deeper than a policy nests (the fixture of 10,000 nested arrays): HCL is read to a bounded depth.
  if (/[[{]{64}/.test(text.replace(/\s/g, ''))) return undefined;
  const value = JSON.parse(JSON.stringify(plainValue(root))) as Record<string, unknown>;
  return 'Statement' in value ? value : { Version: '2012-10-17', Statement: [value] };
}

test('every JSON fix fixture, written as jsonencode, gets the same fix', (t) => {
  const fixed = new Set<string>();
  let compared = 0;
  for (const fixture of listFixFixtures()) {
    const before = valueOf(fixture.text);
    const after = valueOf(fixture.fixed);
    if (before === undefined || after === undefined) continue;
    const text = asTerraform(before);
    const values = fixture.unknownValues ? {} : fixtureValues();
    const result = lintText(text, hint);
    const finding = result.findings.find((f) => f.id === fixture.id);
    if (!finding) continue;
    const proposals = fixesInFormat({ text, hint, result, finding, values, formatting: formattingOf(text) });
    if (fixture.fixed === fixture.text) {
      assert.deepEqual(proposals, [], `${fixture.name}: no fix is offered`);
      continue;
    }
    const preferred = proposals.find((p) => p.preferred);
    assert.ok(preferred, `${fixture.name}: a preferred fix\n${text}`);
    const result2 = applyOffsetEdits(text, renderedEdits(preferred.edits));
    assert.deepEqual(lintText(result2, hint).syntaxErrors, [], `${fixture.name}: the result parses\n${result2}`);
    assert.deepEqual(policyOf(result2), after, `${fixture.name}:\n${result2}`);
    fixed.add(fixture.id);
    compared++;
  }
  t.diagnostic(`${compared} fixtures compared, ${fixed.size} ids: ${[...fixed].sort().join(', ')}`);
  assert.ok(compared >= 70, `only ${compared} fixtures compared`);
  assert.ok(fixed.size >= 35, `only ${fixed.size} ids fixed: ${[...fixed].join(', ')}`);
});

test('fix-all on each jsonencode fixture keeps the comments and is idempotent', () => {
  for (const fixture of listFixFixtures()) {
    const before = valueOf(fixture.text);
    if (before === undefined) continue;
    const text = `# ${fixture.name}\n${asTerraform(before)}`;
    const values = fixture.unknownValues ? {} : fixtureValues();
    const once = fixAllInFormat(text, hint, values, formattingOf(text));
    assert.deepEqual(lintText(once, hint).syntaxErrors, [], fixture.name);
    assert.deepEqual(terraformComments(once).map((c) => c.text), terraformComments(text).map((c) => c.text), fixture.name);
    assert.equal(fixAllInFormat(once, hint, values, formattingOf(once)), once, `${fixture.name}: a second fix-all changes nothing`);
  }
});
