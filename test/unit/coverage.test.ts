import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../src/policy/catalogue';
import { FIXTURE_EXTENSIONS, listFixtures, TERRAFORM_FIXTURE_EXTENSIONS } from '../support/fixtures';
import { FIXTURES } from '../support/paths';

/**
 * Every finding id has a folder `test/fixtures/rules/<id>/` with at least one `fires*` fixture whose expected
 * findings contain the id, and at least one `passes*` fixture (a near miss) whose expected findings do not.
 * Terraform is held to the same, with `.tf` (or `.tf.json`) fixtures: every id applies to Terraform except
 * those below, which have a passing one (their near miss) and no firing one.
 */
const LINTER_IDS = RULES.filter((r) => r.family !== 'file').map((r) => r.id);
const NOT_IN_TERRAFORM: Readonly<Record<string, string>> = {
  'unresolved-reference': "Terraform's `${…}` are its own template values",
  'cli-unknown-option': 'an option of a shell command, which Terraform files do not hold',
};

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
    assertFiresAndPasses(id, FIXTURE_EXTENSIONS.filter((extension) => !TERRAFORM_FIXTURE_EXTENSIONS.includes(extension)), 'JSON, YAML, shell or Markdown');
  });

  test(`${id} has a firing and a passing Terraform fixture`, () => {
    assertFiresAndPasses(id, TERRAFORM_FIXTURE_EXTENSIONS, 'Terraform', !(id in NOT_IN_TERRAFORM));
  });
}

test('an id that never applies to Terraform has no firing Terraform fixture', () => {
  for (const id of Object.keys(NOT_IN_TERRAFORM)) {
    assert.ok(LINTER_IDS.includes(id), id);
    const fires = listFixtures(join('rules', id), TERRAFORM_FIXTURE_EXTENSIONS).filter((f) => /(^|\/)fires[^/]*$/.test(f.name));
    assert.deepEqual(fires.map((f) => f.name), [], `${id} is said never to apply to Terraform`);
  }
});

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
