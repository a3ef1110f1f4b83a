import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../src/policy/catalogue';
import { listFixtures } from '../support/fixtures';
import { FIXTURES } from '../support/paths';

/**
 * Every finding id has a folder `test/fixtures/rules/<id>/` with at least one `fires*` fixture whose expected
 * findings contain the id, and at least one `passes*` fixture (a near miss) whose expected findings do not.
 * Terraform is held to the same, with `.tf` fixtures: every id applies to Terraform except
 * `unresolved-reference` (Terraform's `${…}` are its own template values), which has a passing one.
 */
const LINTER_IDS = RULES.filter((r) => r.family !== 'file').map((r) => r.id);
const NOT_IN_TERRAFORM = ['unresolved-reference'];

function assertFiresAndPasses(id: string, extensions: readonly string[], what: string, requireFires = true): void {
  const fixtures = listFixtures(join('rules', id), [...extensions]);
  const fires = fixtures.filter((f) => /(^|\/)fires[^/]*$/.test(f.name));
  const passes = fixtures.filter((f) => /(^|\/)passes[^/]*$/.test(f.name));
  assert.ok(fires.length > 0 || !requireFires, `${id}: no fires* ${what} fixture`);
  assert.ok(passes.length > 0, `${id}: no passes* ${what} fixture`);
  for (const f of fires) assert.ok(f.expected.some((e) => e.endsWith(' ' + id)), `${f.name} does not expect ${id}`);
  for (const f of passes) assert.ok(!f.expected.some((e) => e.endsWith(' ' + id)), `${f.name} expects ${id}`);
}

for (const id of LINTER_IDS) {
  test(`${id} has a firing and a passing fixture`, () => {
    const dir = join(FIXTURES, 'rules', id);
    assert.ok(existsSync(dir), `missing fixture folder test/fixtures/rules/${id}`);
    assertFiresAndPasses(id, ['.json', '.jsonc', '.yaml', '.yml', '.template'], 'JSON or YAML');
  });

  test(`${id} has a firing and a passing Terraform fixture`, () => {
    assertFiresAndPasses(id, ['.tf'], 'Terraform', !NOT_IN_TERRAFORM.includes(id));
  });
}

test('an id that never applies to Terraform has no firing Terraform fixture', () => {
  for (const id of NOT_IN_TERRAFORM) {
    const fires = listFixtures(join('rules', id), ['.tf']).filter((f) => /(^|\/)fires[^/]*$/.test(f.name));
    assert.deepEqual(fires.map((f) => f.name), [], `${id} is said never to apply to Terraform`);
  }
});

test('no fixture folder names an unknown id', () => {
  const folders = readdirSync(join(FIXTURES, 'rules'));
  for (const folder of folders) assert.ok(LINTER_IDS.includes(folder), `test/fixtures/rules/${folder} is not a finding id`);
});
