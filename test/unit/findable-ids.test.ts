import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../src/policy/catalogue';
import { REPO_ROOT } from '../support/paths';

/**
 * "Where does rule X live?" is one search: every finding id is written out, quoted, in the sources (no id
 * built from parts), beside its page in docs/rules.
 */
function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourcesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('every finding id appears literally in src/', () => {
  const sources = sourcesUnder(join(REPO_ROOT, 'src')).map((file) => readFileSync(file, 'utf8')).join('\n');
  const hidden = RULES.map((rule) => rule.id).filter((id) => !sources.includes(`'${id}'`));
  assert.deepEqual(hidden, []);
});
