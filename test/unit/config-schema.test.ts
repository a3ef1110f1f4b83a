import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE_NAMES, CONFIG_KEYS, CONFIGURABLE_RULE_IDS, parseConfigText } from '../../src/config';
import { configSchemaText, SCHEMA_PATH } from '../../src/config/schema';
import { checkAccountId, checkRegion, checkRuleName } from '../../src/policy/values';
import { REPO_ROOT } from '../support/paths';

/** The schema of ses-grants.json is generated (`npm run generate:schema`) and held to what the reader accepts. */
interface Schema {
  readonly properties: Record<string, { pattern?: string; properties?: Record<string, { enum: string[] }> }>;
  readonly additionalProperties: boolean;
}

const committed = readFileSync(join(REPO_ROOT, SCHEMA_PATH), 'utf8');
const schema = JSON.parse(committed) as Schema;

test('the committed schema is exactly what the catalogue generates', () => {
  assert.equal(committed, configSchemaText(), 'run `npm run generate:schema` and commit schemas/ses-grants.schema.json');
});

test('the manifest contributes the schema for both file names, and the VSIX ships it', () => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    contributes: { jsonValidation: { fileMatch: string[]; url: string }[]; languages: { id: string; filenames?: string[] }[] };
  };
  assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: [...CONFIG_FILE_NAMES], url: `./${SCHEMA_PATH}` }]);
  // Comments are allowed in it, as the readers allow them: VS Code must not mark them as errors.
  assert.ok(manifest.contributes.languages.some((l) => l.id === 'jsonc' && CONFIG_FILE_NAMES.every((name) => l.filenames?.includes(name))));
  assert.ok(readFileSync(join(REPO_ROOT, '.vscodeignore'), 'utf8').split('\n').includes('!schemas/**'));
});

test('the schema knows the same keys and finding ids as the reader, no more', () => {
  assert.equal(schema.additionalProperties, false);
  assert.deepEqual(Object.keys(schema.properties).sort(), [...CONFIG_KEYS].sort());
  const rules = schema.properties['rules']!.properties!;
  assert.deepEqual(Object.keys(rules), [...CONFIGURABLE_RULE_IDS]);
  for (const id of CONFIGURABLE_RULE_IDS) assert.deepEqual(rules[id]!.enum, ['off', 'info', 'warning', 'error'], id);
  const settingIds = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { propertyNames?: { enum: string[] } }> } } })
    .contributes.configuration.properties['sesGrants.rules']!.propertyNames!.enum;
  assert.deepEqual([...CONFIGURABLE_RULE_IDS].sort(), [...settingIds].sort(), 'the same ids as the sesGrants.rules setting');
});

test('the schema\'s patterns accept and refuse what the reader does', () => {
  const cases: [string, (value: string) => string | undefined, string[]][] = [
    ['accountId', checkAccountId, ['111122223333', '1111222233334', '11112222333', '1111-2222-3333', '']],
    ['region', checkRegion, ['us-east-1', 'us-gov-west-1', 'eu-central-2', 'US-EAST-1', 'useast1', 'us-east-100']],
    ['ruleSet', (v) => checkRuleName(v), ['inbound', 'store.v2', 'a', 'a'.repeat(64), 'a'.repeat(65), '-store', 'store-', 'st ore']],
    ['rule', (v) => checkRuleName(v), ['archive', 'x_1', '_x', 'x.']],
  ];
  for (const [key, check, values] of cases) {
    const pattern = new RegExp(schema.properties[key]!.pattern!);
    for (const value of values) {
      assert.equal(pattern.test(value), check(value) === undefined, `${key} ${JSON.stringify(value)}`);
      assert.equal('config' in parseConfigText(JSON.stringify({ [key]: value })), check(value) === undefined, `${key} ${JSON.stringify(value)} read`);
    }
  }
});
