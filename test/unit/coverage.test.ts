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

/**
 * Grants written inside other formats are held to the same rule for every id that applies there: a `fires*`
 * and a `passes*` fixture in that format under `test/fixtures/<format>/rules/<id>/` (an id of one format
 * alone may keep them in `test/fixtures/rules/<id>/`). The ids left out say why.
 */
const TEMPLATE_IDS = RULES.filter((r) => r.family === 'template').map((r) => r.id);
const ACROSS_RESOURCES = 'a check across the resources of a CloudFormation template';

const EMBEDDINGS: readonly { folder: string; extensions: readonly string[]; notApplicable: Readonly<Record<string, string>> }[] = [
  {
    folder: 'shell',
    extensions: ['.sh'],
    notApplicable: {
      ...Object.fromEntries(TEMPLATE_IDS.map((id) => [id, ACROSS_RESOURCES])),
      'sts-missing-source-conditions': 'no shell command read here sets a role trust policy',
      'sts-missing-source-arn': 'no shell command read here sets a role trust policy',
    },
  },
  { folder: 'markdown', extensions: ['.md'], notApplicable: {} },
  {
    folder: 'strings',
    extensions: ['.json', '.yaml'],
    notApplicable: {
      'cli-unknown-option': 'an option of a shell command',
      'source-arn-references-rule': 'a policy written as a string holds no intrinsic that could name the rule resource',
    },
  },
];

function fixturesIn(folder: string, extensions: readonly string[]) {
  return existsSync(join(FIXTURES, folder)) ? listFixtures(folder, extensions) : [];
}

for (const embedding of EMBEDDINGS) {
  for (const id of LINTER_IDS.filter((i) => !(i in embedding.notApplicable))) {
    test(`${id} has a firing and a passing fixture in ${embedding.folder}`, () => {
      const fixtures = [...fixturesIn(join(embedding.folder, 'rules', id), embedding.extensions), ...fixturesIn(join('rules', id), embedding.extensions.filter((e) => e !== '.json' && e !== '.yaml'))];
      const fires = fixtures.filter((f) => /(^|\/)fires[^/]*$/.test(f.name));
      const passes = fixtures.filter((f) => /(^|\/)passes[^/]*$/.test(f.name));
      assert.ok(fires.length > 0, `${id}: no fires* fixture in test/fixtures/${embedding.folder}/rules/${id}`);
      assert.ok(passes.length > 0, `${id}: no passes* fixture in test/fixtures/${embedding.folder}/rules/${id}`);
      for (const f of fires) assert.ok(f.expected.some((e) => e.endsWith(' ' + id)), `${f.name} does not expect ${id}`);
      for (const f of passes) assert.ok(!f.expected.some((e) => e.endsWith(' ' + id)), `${f.name} expects ${id}`);
    });
  }
  test(`${embedding.folder}: every id it leaves out is a finding id, and every fixture folder names one`, () => {
    for (const id of Object.keys(embedding.notApplicable)) assert.ok(LINTER_IDS.includes(id), id);
    for (const folder of readdirSync(join(FIXTURES, embedding.folder, 'rules'))) assert.ok(LINTER_IDS.includes(folder), `${embedding.folder}/rules/${folder}`);
  });
}
