import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintJsonText } from '../../src/policy/lint';
import { describeFindings, listFixtures } from '../support/fixtures';

for (const fixture of listFixtures('rules')) {
  test(`fixture ${fixture.name}`, () => {
    const { findings } = lintJsonText(fixture.text, { strict: true });
    assert.deepEqual(describeFindings(fixture.text, findings), fixture.expected);
  });
}

for (const fixture of listFixtures('negatives')) {
  test(`negative ${fixture.name} has no findings`, () => {
    assert.deepEqual(fixture.expected, [], 'a negative fixture expects nothing');
    const { findings } = lintJsonText(fixture.text, { strict: true });
    assert.deepEqual(describeFindings(fixture.text, findings), []);
  });
}
