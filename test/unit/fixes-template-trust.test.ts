import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../../src/formats';
import { fixesInFormat } from '../../src/formats/fixes';
import { fixtureValues, formattingOf } from '../support/fixFixtures';
import { FIXTURES } from '../support/paths';

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
