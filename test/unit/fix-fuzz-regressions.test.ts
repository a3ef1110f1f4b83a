import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../../src/formats';
import { applyOffsetEdits, fixContextFor, fixesFor } from '../../src/policy/fixes';
import { fixAllPlainJson } from '../../src/formats/json/plainJson';
import { renderPlain } from '../../src/policy/templates';
import { fixtureValues, formattingOf } from '../support/fixFixtures';
import { checkInput, PropertyChecker } from '../support/fixProperties';
import { LIMITS } from '../support/fixProperties/run';
import { FIXTURES } from '../support/paths';

/**
 * Inputs the fix fuzzer (`npm run fuzz:fix`) found breaking a fix invariant, each reduced to a fixture in
 * test/fixtures/fix-fuzz/ (see the README there) with `<case>.fixall.<ext>` beside it: the exact text after
 * fix-all run unattended without any value (as `ses-grants lint --fix` with no settings), the mode in which
 * the fuzzer saw it, and where the fuzzer saw a quick fix go wrong, `<case>.quickfix-1.<ext>`: the text after
 * the preferred quick fix of the first finding, with the values of test/fixtures/fixes/values.json. Every
 * property (a)–(g), the IAM evaluator's included, holds on each case.
 */

const FIX_FUZZ = join(FIXTURES, 'fix-fuzz');
const INPUT = /^(.*?)(\.jsonc?|\.ya?ml)$/;
const cases = readdirSync(FIX_FUZZ).filter((name) => INPUT.test(name) && !/\.(fixall|quickfix-\d+)\.[a-z]+$/.test(name)).sort();

test('the fix-fuzz cases are there', () => {
  assert.ok(cases.length >= 1, cases.join(', '));
});

for (const name of cases) {
  const [, base, extension] = INPUT.exec(name)!;
  const text = readFileSync(join(FIX_FUZZ, name), 'utf8');
  const lint = (source: string) => lintText(source, { fileName: name });

  test(`${name}: unattended fix-all without values gives the expected text, once`, () => {
    const fixed = fixAllPlainJson(text, {}, formattingOf(text), lint, { withoutPlaceholders: true });
    assert.equal(fixed, readFileSync(join(FIX_FUZZ, `${base}.fixall${extension}`), 'utf8'));
    assert.equal(fixAllPlainJson(fixed, {}, formattingOf(text), lint, { withoutPlaceholders: true }), fixed, 'a second run changes nothing');
  });

  const quickFix = join(FIX_FUZZ, `${base}.quickfix-1${extension}`);
  if (existsSync(quickFix)) {
    test(`${name}: the preferred quick fix of the first finding gives the expected text`, () => {
      const { file, findings } = lint(text);
      assert.ok(file && findings[0], 'a finding');
      const preferred = fixesFor({ ...fixContextFor(text, file, findings[0], fixtureValues(), formattingOf(text)), lint }).find((p) => p.preferred);
      assert.ok(preferred, 'a preferred quick fix');
      assert.equal(renderPlain(applyOffsetEdits(text, preferred.edits)), readFileSync(quickFix, 'utf8'));
    });
  }

  test(`${name}: every fix invariant holds`, async () => {
    const checker = new PropertyChecker();
    await checkInput({ name, fileName: name, text }, checker, { values: fixtureValues(), limits: LIMITS, evaluator: true });
    assert.deepEqual(
      checker.violations.map((v) => `(${v.property}) ${v.operation}: ${v.message}`),
      [],
    );
  });
}
