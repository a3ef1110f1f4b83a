import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../src/formats';
import { describeFindings, listFixtures } from '../support/fixtures';

const TEMPLATE_AND_JSON = ['.json', '.jsonc', '.yaml', '.yml', '.template'];

for (const fixture of [...listFixtures('rules', TEMPLATE_AND_JSON), ...listFixtures('templates', TEMPLATE_AND_JSON)]) {
  test(`fixture ${fixture.name}`, () => {
    const { findings } = lintText(fixture.text, { fileName: fixture.path }, { strict: true });
    assert.deepEqual(describeFindings(fixture.text, findings), fixture.expected);
  });
}

for (const fixture of listFixtures('negatives', TEMPLATE_AND_JSON)) {
  test(`negative ${fixture.name} has no findings`, () => {
    assert.deepEqual(fixture.expected, [], 'a negative fixture expects nothing');
    const { findings } = lintText(fixture.text, { fileName: fixture.path }, { strict: true });
    assert.deepEqual(describeFindings(fixture.text, findings), []);
  });
}
