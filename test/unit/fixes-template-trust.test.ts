import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../../src/formats';
import { fixesInFormat } from '../../src/formats/fixes';
import { fixtureValues, formattingOf } from '../support/fixFixtures';
import { FIXTURES } from '../support/paths';
import { templateWithOpenGrants } from '../support/generatedTemplates';
import { fixContextFor, fixesFor } from '../../src/policy/fixes';

/**
 * Quick fixes in templates keep who is trusted, as in JSON policies (src/policy/fixes/trustGuard.ts), read
 * through the template's own linter: `test/fixtures/template-trust/<case>.yaml` offers, per finding, exactly
 * the fix titles of `<case>.expected.json` (none where every fix would add an account or a contradiction).
 */
const DIR = join(FIXTURES, 'template-trust');

for (const name of readdirSync(DIR).filter((n) => n.endsWith('.yaml'))) {
  test(`quick fixes in ${name}`, () => {
    const text = readFileSync(join(DIR, name), 'utf8');
    const hint = { fileName: name };
    const result = lintText(text, hint);
    const offered = Object.fromEntries(
      result.findings.map((finding) => [
        finding.id,
        fixesInFormat({ text, hint, result, finding, values: fixtureValues(), formatting: formattingOf(text) }).map((p) => p.title),
      ]),
    );
    assert.deepEqual(offered, JSON.parse(readFileSync(join(DIR, name.replace(/\.yaml$/, '.expected.json')), 'utf8')));
  });
}

/**
 * The check reads the template as it is from the analysis the request carries (`reading`), and lints only the
 * statement's scope (src/formats/cloudformation/trustScope.ts): its resource as it is, once, and as each fix
 * leaves it; never the whole file (a quick-fix request on a 1 MB template linted the unchanged file once more,
 * and then the whole fixed file per fix, before).
 */
test('the trust check of a template\'s quick fixes lints the statement\'s scope only, the file as it is read from the analysis', () => {
  const text = templateWithOpenGrants(3);
  const hint = { fileName: 'stack.yaml' };
  const result = lintText(text, hint);
  const finding = result.findings.find((f) => f.id === 's3-missing-source-conditions')!;
  const linted: string[] = [];
  const lint = (linting: string) => {
    linted.push(linting);
    return lintText(linting, hint);
  };
  const context = fixContextFor(text, result.file!, finding, fixtureValues(), formattingOf(text));
  const withReading = fixesFor({ ...context, lint, reading: result });
  assert.ok(withReading.length > 0, 'fixes offered');
  assert.equal(linted.length, withReading.length + 1, 'the scope as it is once, and one per fix checked');
  assert.ok(linted.every((scope) => scope.length < text.length / 2), 'no lint of the file, as it is or fixed');
  // Without the analysis, the same fixes, and the file as it is linted by the check itself.
  linted.length = 0;
  const other = (linting: string) => lint(linting);
  assert.deepEqual(fixesFor({ ...context, lint: other }), withReading);
  assert.ok(linted.includes(text), 'without a reading the check lints the file as it is');
});
