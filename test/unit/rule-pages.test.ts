import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { docsPath, RULES } from '../../src/policy/catalogue';
import { REPO_ROOT } from '../support/paths';

/**
 * The one file the VSIX carries instead of docs/rules/ (scripts/build.mjs writes it, the extension serves it:
 * src/extension/rulePages.ts): every finding id's page, byte for byte the page of the repository, and nothing
 * else. A page edited without a build, or a build that drops or alters one, fails here.
 */
test('dist/rule-pages.json holds every docs/rules page as it is', () => {
  const pages = JSON.parse(readFileSync(join(REPO_ROOT, 'dist', 'rule-pages.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(pages).sort(), RULES.map((rule) => rule.id).sort());
  assert.deepEqual(Object.keys(pages).sort(), readdirSync(join(REPO_ROOT, 'docs', 'rules')).filter((name) => name.endsWith('.md')).map((name) => name.slice(0, -3)).sort());
  for (const rule of RULES) {
    const page = pages[rule.id];
    assert.equal(typeof page, 'string', rule.id);
    assert.ok(Buffer.from(page as string, 'utf8').equals(readFileSync(join(REPO_ROOT, docsPath(rule.id)))), `${rule.id}: the served page differs from ${docsPath(rule.id)}`);
  }
});
