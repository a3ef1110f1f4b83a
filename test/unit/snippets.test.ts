import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintJsonText } from '../../src/formats/json/plainJson';
import { isPlaceholderToken } from '../../src/policy/placeholders';
import { buildSnippets, snippetFileText } from '../../src/policy/snippets';
import { PLACEHOLDERS } from '../../src/policy/templates';
import { REPO_ROOT } from '../support/paths';
import { expandSnippet } from '../support/snippets';

/** Snippets are generated from the templates (`npm run generate:snippets`) and never edited by hand. */
const SNIPPET_FILE = join(REPO_ROOT, 'snippets', 'json.json');


const snippets = Object.values(buildSnippets());

test('the committed snippets file is exactly what the templates generate', () => {
  assert.equal(readFileSync(SNIPPET_FILE, 'utf8'), snippetFileText(), 'run `npm run generate:snippets` and commit snippets/json.json');
});

test('the snippet prefixes are the documented ones', () => {
  assert.deepEqual(
    snippets.map((s) => s.prefix).sort(),
    ['ses-kms', 'ses-kms-policy', 'ses-lambda', 'ses-lambda-permission', 'ses-s3', 'ses-s3-policy', 'ses-sns', 'ses-sns-policy'],
  );
});

test('package.json contributes the snippets to json and jsonc', () => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    contributes: { snippets: { language: string; path: string }[] };
  };
  const languages = manifest.contributes.snippets.filter((s) => s.path === './snippets/json.json').map((s) => s.language);
  assert.deepEqual(languages.sort(), ['json', 'jsonc']);
});

for (const snippet of snippets) {
  test(`${snippet.prefix}: with its defaults it is JSON whose every tab stop is a guide placeholder`, () => {
    const { text, defaults } = expandSnippet(snippet.body.join('\n'));
    assert.doesNotThrow(() => JSON.parse(text), text);
    assert.ok(defaults.length >= 3, `tab stops: ${defaults.join(', ')}`);
    for (const name of defaults) {
      assert.ok(isPlaceholderToken(name), `${name} is recognised as a placeholder`);
      assert.ok((Object.values(PLACEHOLDERS) as string[]).includes(name), `${name} is one of the template placeholders`);
    }
  });

  test(`${snippet.prefix}: left unfinished it is reported as placeholder-left`, () => {
    const ids = lintJsonText(expandSnippet(snippet.body.join('\n')).text, { strict: true }).findings.map((f) => f.id);
    assert.ok(ids.includes('placeholder-left'), ids.join(', '));
  });

  test(`${snippet.prefix}: filled with real values it lints clean`, () => {
    const real: Record<string, string> = {
      [PLACEHOLDERS.accountId]: '111122223333',
      [PLACEHOLDERS.region]: 'us-east-1',
      [PLACEHOLDERS.ruleSet]: 'inbound',
      [PLACEHOLDERS.rule]: 'store',
      [PLACEHOLDERS.bucket]: 'inbox-mail',
      [PLACEHOLDERS.functionName]: 'process-mail',
      [PLACEHOLDERS.topicName]: 'inbound-mail',
    };
    const { text } = expandSnippet(snippet.body.join('\n'), (name) => real[name] ?? name);
    const problems = lintJsonText(text, { strict: true }).findings.filter((f) => f.severity !== 'info');
    assert.deepEqual(problems.map((f) => `${f.id}: ${f.message}`), []);
  });
}
