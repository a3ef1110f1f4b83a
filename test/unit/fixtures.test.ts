import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../src/formats';
import { describeFindings, FIXTURE_EXTENSIONS, listFixtures } from '../support/fixtures';

for (const fixture of [...listFixtures('rules', FIXTURE_EXTENSIONS), ...listFixtures('templates', FIXTURE_EXTENSIONS)]) {
  test(`fixture ${fixture.name}`, () => {
    const { findings } = lintText(fixture.text, { fileName: fixture.path }, { strict: true });
    assert.deepEqual(describeFindings(fixture.text, findings), fixture.expected);
  });
}

for (const fixture of listFixtures('negatives', FIXTURE_EXTENSIONS)) {
  test(`negative ${fixture.name} has no findings`, () => {
    assert.deepEqual(fixture.expected, [], 'a negative fixture expects nothing');
    const { findings } = lintText(fixture.text, { fileName: fixture.path }, { strict: true });
    assert.deepEqual(describeFindings(fixture.text, findings), []);
  });
}
