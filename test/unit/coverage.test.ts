import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../src/policy/catalogue';
import { FIXTURE_EXTENSIONS, listFixtures } from '../support/fixtures';
import { FIXTURES } from '../support/paths';

/**
 * Every finding id has a folder `test/fixtures/rules/<id>/` with at least one `fires*` fixture whose expected
 * findings contain the id, and at least one `passes*` fixture (a near miss) whose expected findings do not.
 */
const LINTER_IDS = RULES.filter((r) => r.family !== 'file').map((r) => r.id);

for (const id of LINTER_IDS) {
  test(`${id} has a firing and a passing fixture`, () => {
    const dir = join(FIXTURES, 'rules', id);
    assert.ok(existsSync(dir), `missing fixture folder test/fixtures/rules/${id}`);
    const fixtures = listFixtures(join('rules', id), FIXTURE_EXTENSIONS);
    const fires = fixtures.filter((f) => /(^|\/)fires[^/]*$/.test(f.name));
    const passes = fixtures.filter((f) => /(^|\/)passes[^/]*$/.test(f.name));
    assert.ok(fires.length > 0, `${id}: no fires*.json fixture`);
    assert.ok(passes.length > 0, `${id}: no passes*.json fixture`);
    for (const f of fires) assert.ok(f.expected.some((e) => e.endsWith(' ' + id)), `${f.name} does not expect ${id}`);
    for (const f of passes) assert.ok(!f.expected.some((e) => e.endsWith(' ' + id)), `${f.name} expects ${id}`);
  });
}

test('no fixture folder names an unknown id', () => {
  const folders = readdirSync(join(FIXTURES, 'rules'));
  for (const folder of folders) assert.ok(LINTER_IDS.includes(folder), `test/fixtures/rules/${folder} is not a finding id`);
});
