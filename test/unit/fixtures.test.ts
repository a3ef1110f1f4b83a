import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../src/formats';
import { initTerraformInNode } from '../../src/formats/terraform/nodeWasmLoader';
import { describeFindings, listFixtures } from '../support/fixtures';

// `.tf.json` before `.json`: a fixture's expected file is named after what precedes its extension.
const EVERY_FORMAT = ['.json', '.jsonc', '.yaml', '.yml', '.template', '.tf'];
const TERRAFORM = ['.tf.json', '.tf'];

before(() => initTerraformInNode());

test('no two fixtures of a folder share an expected file (`x.tf` and `x.tf.json` would)', () => {
  const all = [...listFixtures('rules', EVERY_FORMAT), ...listFixtures('terraform', TERRAFORM), ...listFixtures('negatives', EVERY_FORMAT)];
  const stems = all.map((f) => f.path.replace(/(\.tf)?\.[a-z]+$/, ''));
  assert.deepEqual(stems.filter((stem, i) => stems.indexOf(stem) !== i), []);
});

for (const fixture of [
  ...listFixtures('rules', EVERY_FORMAT),
  ...listFixtures('templates', EVERY_FORMAT),
  ...listFixtures('terraform/shapes', TERRAFORM),
]) {
  test(`fixture ${fixture.name}`, () => {
    const { findings } = lintText(fixture.text, { fileName: fixture.path }, { strict: true });
    assert.deepEqual(describeFindings(fixture.text, findings), fixture.expected);
  });
}

for (const fixture of [...listFixtures('negatives', EVERY_FORMAT), ...listFixtures('terraform/negatives', TERRAFORM)]) {
  test(`negative ${fixture.name} has no findings`, () => {
    assert.deepEqual(fixture.expected, [], 'a negative fixture expects nothing');
    const { findings } = lintText(fixture.text, { fileName: fixture.path }, { strict: true });
    assert.deepEqual(describeFindings(fixture.text, findings), []);
  });
}
