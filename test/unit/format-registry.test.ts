import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLintedFileName } from '../../src/cli/collectFiles';
import { adapterOf, FORMAT_ADAPTERS, formatOf, lintText } from '../../src/formats';

test('each format is registered once, under its own id, language ids and lower-case extensions', () => {
  const ids = FORMAT_ADAPTERS.map((adapter) => adapter.id);
  assert.deepEqual(ids, ['terraform', 'json', 'yaml', 'shell', 'markdown']);
  const languageIds = FORMAT_ADAPTERS.flatMap((adapter) => adapter.languageIds);
  assert.equal(new Set(languageIds).size, languageIds.length, 'a language id belongs to one format');
  for (const adapter of FORMAT_ADAPTERS) {
    for (const extension of adapter.extensions) assert.equal(extension, extension.toLowerCase(), extension);
  }
});

/** [language id, file name, first characters of the text, the format that reads it]. */
const DETECTION: readonly (readonly [string | undefined, string | undefined, string, string])[] = [
  [undefined, undefined, '{}', 'json'],
  [undefined, 'policy.json', '{}', 'json'],
  [undefined, 'policy.JSONC', '{}', 'json'],
  [undefined, 'notes.txt', 'x', 'json'],
  [undefined, 'stack.yaml', 'a: 1', 'yaml'],
  [undefined, 'stack.YML', 'a: 1', 'yaml'],
  [undefined, 'stack.template', '\uFEFF  {"Resources": {}}', 'json'],
  [undefined, 'stack.template', 'Resources: {}', 'yaml'],
  [undefined, 'main.tf', 'resource', 'terraform'],
  [undefined, 'main.TF.JSON', '{}', 'terraform'],
  [undefined, 'setup.sh', 'aws', 'shell'],
  [undefined, 'setup.ZSH', 'aws', 'shell'],
  [undefined, 'README.md', '#', 'markdown'],
  [undefined, 'guide.markdown', '#', 'markdown'],
  ['json', 'main.tf.json', '{}', 'terraform'],
  ['jsonc', 'main.tf', '{}', 'terraform'],
  ['json', 'stack.yaml', '{}', 'json'],
  ['yaml', 'main.tf', 'a: 1', 'yaml'],
  ['yaml', undefined, '{}', 'yaml'],
  ['shellscript', 'README.md', 'aws', 'shell'],
  ['markdown', 'setup.sh', '#', 'markdown'],
  ['terraform', 'policy.json', '{}', 'terraform'],
  ['plaintext', 'main.tf', 'resource', 'terraform'],
  ['plaintext', 'notes.txt', 'x', 'json'],
];

test('a language id chooses the format, unless the file name belongs to a format that wins over it; else the name, else JSON', () => {
  for (const [languageId, fileName, text, expected] of DETECTION) {
    const hint = { ...(languageId !== undefined ? { languageId } : {}), ...(fileName !== undefined ? { fileName } : {}) };
    assert.equal(formatOf(text, hint), expected, `${languageId} ${fileName}`);
    assert.equal(adapterOf(text, hint).id, expected);
  }
});

test('the command-line walk reads every registered extension, shell and Markdown in any letter case', () => {
  for (const name of ['a.json', 'a.jsonc', 'a.yaml', 'a.yml', 'a.template', 'a.tf', 'a.tf.json', 'a.sh', 'a.BASH', 'a.zsh', 'a.md', 'a.MARKDOWN']) {
    assert.equal(isLintedFileName(name), true, name);
  }
  for (const name of ['a.JSON', 'a.YAML', 'a.TF', 'a.txt', 'a.js', 'json', 'a.json.bak']) assert.equal(isLintedFileName(name), false, name);
});

test('a text no adapter could read yields nothing, however it is named', () => {
  for (const adapter of FORMAT_ADAPTERS) {
    const fileName = `file${adapter.extensions[0]}`;
    assert.equal(adapter.mightHold('plain text'), false, adapter.id);
    assert.deepEqual(lintText('plain text', { fileName }), { file: undefined, findings: [], syntaxErrors: [] }, adapter.id);
  }
});
