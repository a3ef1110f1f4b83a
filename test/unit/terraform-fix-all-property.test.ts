import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { initTerraformInNode } from '../../src/cli/nodeWasmLoader';
import { lintText } from '../../src/formats';
import { fixAllInFormat, unattendedFixInFormat } from '../../src/formats/fixes';
import { terraformComments } from '../../src/formats/terraform';
import { ruleInfo } from '../../src/policy/catalogue';
import type { Finding } from '../../src/policy/findings';
import type { GrantValues } from '../../src/policy/templates';
import { fixtureValues } from '../support/fixFixtures';
import { FIXTURES } from '../support/paths';

/**
 * Fix-all over every Terraform fixture (`*.tf` and `*.tf.json` anywhere under test/fixtures, expected results
 * left out), with the fixture values and with none: the result reads with no more syntax errors than the
 * input (a `.tf.json` that was JSON is still JSON), keeps every comment, a second run changes nothing, and no error finding that has an unattended fix is
 * left outside a statement fix-all leaves alone on purpose (an open grant it cannot close). (The invariants harness, test/support/fixProperties, covers JSON and YAML with the IAM evaluator too;
 * Terraform's references need making concrete before the evaluator can read them, which this test does not do.)
 */
const FORMATTING = { tabSize: 2, insertSpaces: true, eol: '\n' } as const;

before(() => initTerraformInNode());

function terraformFixtures(dir = FIXTURES): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return terraformFixtures(path);
      return /\.tf(\.json)?$/.test(entry) && !/\.fixed\.tf(\.json)?$/.test(entry) ? [path] : [];
    });
}

const fixtures = terraformFixtures();

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

test('there are Terraform fixtures in every form', () => {
  assert.ok(fixtures.length >= 100, `only ${fixtures.length}`);
  assert.ok(fixtures.some((f) => f.endsWith('.tf.json')));
});

for (const [label, values] of [
  ['with values', fixtureValues()],
  ['without values', {}],
] as const) {
  test(`fix-all on every Terraform fixture ${label}: parses, keeps comments, is idempotent, leaves no fixable error`, () => {
    let changed = 0;
    for (const path of fixtures) {
      const name = relative(FIXTURES, path);
      const hint = { fileName: path };
      const text = readFileSync(path, 'utf8');
      const once = fixAllInFormat(text, hint, values as GrantValues, FORMATTING);
      if (once !== text) changed++;
      const before = lintText(text, hint);
      const after = lintText(once, hint);
      assert.ok(after.syntaxErrors.length <= before.syntaxErrors.length, `${name}: no new syntax error`);
      // Terraform's JSON syntax stays JSON: nothing written in the native syntax, every escape in place.
      if (path.endsWith('.tf.json') && isJson(text)) assert.ok(isJson(once), `${name}: still JSON\n${once}`);
      assert.deepEqual(terraformComments(once).map((c) => c.text), terraformComments(text).map((c) => c.text), `${name}: comments kept`);
      assert.equal(fixAllInFormat(once, hint, values as GrantValues, FORMATTING), once, `${name}: a second fix-all changes nothing`);
      const fixable = (finding: Finding) => unattendedFixInFormat({ text: once, hint, result: after, finding, values: values as GrantValues, formatting: FORMATTING }) !== undefined;
      // Fix-all closes an open grant before anything else in its statement, and leaves the statement alone when it cannot.
      const leftOpen = new Set(after.findings.filter((f) => f.id.endsWith('-missing-source-conditions') && !fixable(f)).map((f) => f.statementSpan?.offset));
      const left = after.findings.filter((finding) => ruleInfo(finding.id).severity === 'error' && !leftOpen.has(finding.statementSpan?.offset) && fixable(finding));
      assert.deepEqual(left.map((f) => f.id), [], `${name}: an error with a fix is left`);
    }
    assert.ok(changed >= 30, `fix-all changed only ${changed} fixtures`);
  });
}
