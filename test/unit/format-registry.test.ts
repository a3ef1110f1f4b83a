import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLintedFileName } from '../../src/cli/collectFiles';
import { adapterOf, FORMAT_ADAPTERS, formatOf, lintText } from '../../src/formats';
import { mulberry32 } from '../support/random';

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

test('the walk\'s file-name test is the per-extension definition, on 4,000 seeded names', () => {
  // What isLintedFileName is defined as: some format's extension ends the name (lower-cased first where the
  // format takes any case). The patterns it is made of must keep that exactly, non-ASCII letters included.
  const byEveryExtension = (name: string) =>
    FORMAT_ADAPTERS.some((adapter) => {
      const compared = adapter.extensionsAnyCase ? name.toLowerCase() : name;
      return adapter.extensions.some((extension) => compared.endsWith(extension));
    });
  const random = mulberry32(25);
  const stems = ['a', 'a.b', 'policy', '', 'x.tf', '.', '$', '(', ' ', '\n'];
  const endings = ['json', 'JSON', 'jsonc', 'tf', 'TF', 'tf.json', 'yaml', 'yml', 'template', 'sh', 'SH', 'bash', 'zsh', 'Zsh', 'md', 'MD', 'markdown', 'mar\u212Adown', '\u017Fh', 'txt', ''];
  const tails = ['', '', '', '', '.bak', 'x', '~', '\n', '.'];
  let linted = 0;
  for (let round = 0; round < 4_000; round++) {
    const pick = (list: readonly string[]) => list[Math.floor(random() * list.length)]!;
    const name = `${pick(stems)}.${pick(endings)}${pick(tails)}`;
    const expected = byEveryExtension(name);
    if (expected) linted++;
    assert.equal(isLintedFileName(name), expected, JSON.stringify(name));
  }
  // Both answers are met often: a test that only ever saw "no" would prove little.
  assert.ok(linted > 400 && linted < 3_600, `${linted} linted names`);
});

test('a file\'s format by its name is the per-extension definition, on 4,000 seeded names and language ids', () => {
  // What adapterOf is defined as: the language id's adapter, unless the first adapter that claims the name (by
  // its claimsFile, else by an extension ending the lower-cased name) wins over it.
  const byEveryExtension = (text: string, fileName: string, languageId: string | undefined) => {
    const byLanguage = languageId !== undefined ? FORMAT_ADAPTERS.find((adapter) => adapter.languageIds.includes(languageId)) : undefined;
    const name = fileName.toLowerCase();
    const byName = FORMAT_ADAPTERS.find((adapter) => (adapter.claimsFile ? adapter.claimsFile(name, text) : adapter.extensions.some((extension) => name.endsWith(extension))));
    if (!byLanguage) return (byName ?? adapterOf('', {})).id;
    return byName?.winsOverLanguagesOf?.includes(byLanguage.id) ? byName.id : byLanguage.id;
  };
  const random = mulberry32(31);
  const pick = (list: readonly (string | undefined)[]) => list[Math.floor(random() * list.length)];
  const stems = ['a', 'x.tf', 'main', '', '.', 'K'];
  const endings = ['json', 'JSON', 'jsonc', 'tf', 'TF', 'tf.json', 'yaml', 'YML', 'template', 'TEMPLATE', 'sh', 'bash', 'zsh', 'md', 'Markdown', 'mar\u212Adown', 'txt', ''];
  const languageIds = [undefined, undefined, 'json', 'yaml', 'terraform', 'shellscript', 'markdown', 'plaintext'];
  const seen = new Set<string>();
  for (let round = 0; round < 4_000; round++) {
    const fileName = `${pick(stems)}.${pick(endings)}${pick(['', '', '.bak', '~'])}`;
    const text = pick(['', '{}', ' \uFEFF{', 'Resources:', '#!/bin/sh'])!;
    const languageId = pick(languageIds);
    const expected = byEveryExtension(text, fileName, languageId);
    seen.add(expected);
    assert.equal(formatOf(text, { fileName, ...(languageId === undefined ? {} : { languageId }) }), expected, `${JSON.stringify(fileName)} ${languageId} ${JSON.stringify(text)}`);
  }
  assert.equal(seen.size, FORMAT_ADAPTERS.length, 'every format is met');
});

test('a text no adapter could read yields nothing, however it is named', () => {
  for (const adapter of FORMAT_ADAPTERS) {
    const fileName = `file${adapter.extensions[0]}`;
    assert.equal(adapter.mightHold('plain text'), false, adapter.id);
    assert.deepEqual(lintText('plain text', { fileName }), { file: undefined, findings: [], syntaxErrors: [] }, adapter.id);
  }
});
