import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../src/formats';
import { initTerraformInNode } from '../../src/cli/nodeWasmLoader';
import { ruleInfo } from '../../src/policy/catalogue';
import type { Finding } from '../../src/policy/findings';
import { templateArgs } from '../../src/policy/messages.ja';
import { describeFindings, FIXTURE_EXTENSIONS, listFixtures } from '../support/fixtures';

/**
 * Every fixture with its expected findings beside it. Besides the rule fixtures and the negatives, the
 * Terraform shapes (test/fixtures/terraform/shapes and …/negatives), and the same grants written where people
 * write them: in shell scripts, in Markdown code blocks and as JSON strings
 * (test/fixtures/<shell|markdown|strings>/rules and …/negatives).
 */
const EMBEDDINGS = ['shell', 'markdown', 'strings'];

before(() => initTerraformInNode());

test('no two fixtures of a folder share an expected file (`x.tf` and `x.tf.json` would)', () => {
  const all = ['rules', 'terraform', 'negatives'].flatMap((folder) => listFixtures(folder, FIXTURE_EXTENSIONS));
  const stems = all.map((f) => f.path.replace(/(\.tf)?\.[a-z]+$/, ''));
  assert.deepEqual(stems.filter((stem, i) => stems.indexOf(stem) !== i), []);
});

const fixtures = [
  ...listFixtures('rules', FIXTURE_EXTENSIONS),
  ...listFixtures('templates', FIXTURE_EXTENSIONS),
  ...listFixtures('terraform/shapes', FIXTURE_EXTENSIONS),
  ...EMBEDDINGS.flatMap((embedding) => listFixtures(`${embedding}/rules`, FIXTURE_EXTENSIONS)),
];
/** The arguments a finding's message names but its format did not give (the Japanese message names the same: l10n.test.ts). */
function missingArgs(findings: readonly Finding[]): string[] {
  return findings.flatMap((f) => templateArgs(ruleInfo(f.id).message).filter((name) => f.args[name] === undefined).map((name) => `${f.id}: {${name}}`));
}

for (const fixture of fixtures) {
  test(`fixture ${fixture.name}`, () => {
    const { findings } = lintText(fixture.text, { fileName: fixture.path }, { strict: true });
    assert.deepEqual(describeFindings(fixture.text, findings), fixture.expected);
    assert.deepEqual(missingArgs(findings), [], 'every argument of each message is given');
  });
}

const NEGATIVES = ['negatives', 'terraform/negatives', ...EMBEDDINGS.map((embedding) => `${embedding}/negatives`)];
for (const fixture of NEGATIVES.flatMap((folder) => listFixtures(folder, FIXTURE_EXTENSIONS))) {
  test(`negative ${fixture.name} has no findings`, () => {
    assert.deepEqual(fixture.expected, [], 'a negative fixture expects nothing');
    const { findings } = lintText(fixture.text, { fileName: fixture.path }, { strict: true });
    assert.deepEqual(describeFindings(fixture.text, findings), []);
  });
}
