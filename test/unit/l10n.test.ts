import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../src/policy/catalogue';
import { FIX_TITLES_JA, HOVER_TEXTS_JA, localizedFixTitle, localizedMessage, MESSAGES_JA, templateArgs } from '../../src/policy/messages.ja';
import { FIX_TITLES } from '../../src/policy/fixes/titles';
import { HOVER_TEXTS } from '../../src/policy/hoverText';
import { makeFinding } from '../../src/policy/findings';
import { REPO_ROOT } from '../support/paths';

/**
 * Localisation completeness: Japanese finding messages for every id with the same `{args}`, the manifest's
 * Japanese strings for every English key, and a Japanese bundle entry for every runtime `vscode.l10n.t` string.
 */

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(REPO_ROOT, path), 'utf8')) as Record<string, unknown>;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('every finding id has a Japanese message with the same {args}', () => {
  for (const rule of RULES) {
    const ja = MESSAGES_JA[rule.id];
    assert.ok(ja !== undefined, `no Japanese message for ${rule.id}`);
    assert.deepEqual(templateArgs(ja), templateArgs(rule.message), `${rule.id}: arguments differ`);
    assert.doesNotMatch(ja, /\bthe\b|\bis not\b/, `${rule.id}: looks untranslated`);
  }
  const unknown = Object.keys(MESSAGES_JA).filter((id) => !RULES.some((r) => r.id === id));
  assert.deepEqual(unknown, [], 'Japanese messages for ids the catalogue does not have');
});

test('localizedMessage fills Japanese templates and keeps English for other locales', () => {
  const finding = makeFinding('s3-missing-source-conditions', { offset: 0, length: 1 }, { resource: 'arn:aws:s3:::inbox/*' }, undefined);
  assert.equal(localizedMessage(finding, 'en'), finding.message);
  assert.equal(localizedMessage(finding, undefined), finding.message);
  const ja = localizedMessage(finding, 'ja');
  assert.match(ja, /バケット `arn:aws:s3:::inbox\/\*`/);
  assert.doesNotMatch(ja, /\{resource\}/);
  assert.equal(localizedMessage(finding, 'ja-JP'), ja);
  assert.equal(localizedMessage(finding, 'jav'), finding.message, 'only ja and ja-* are Japanese');
  const wildcard = makeFinding('source-arn-wildcard', { offset: 0, length: 1 }, { arn: 'x', what: 'rule' }, undefined);
  assert.match(localizedMessage(wildcard, 'ja'), /任意のルール/, 'known argument words are translated');
  const lookAlike = makeFinding('principal-service-unknown', { offset: 0, length: 1 }, { principal: 'SES.amazonaws.com', detail: ' (service principals are lower-case)' }, undefined);
  assert.match(localizedMessage(lookAlike, 'ja'), /（サービスプリンシパルは小文字です）/);
  const element = makeFinding('invalid-policy-element', { offset: 0, length: 1 }, { element: 'Resources', suggestion: ' (did you mean `Resource`?)' }, undefined);
  assert.match(localizedMessage(element, 'ja'), /`Resources` はポリシー要素ではありません（`Resource` のことですか？）/);
});

test('whose receipt rules a grant is open to reads in Japanese for an account, an organisation and a path', () => {
  const scoped = (scope: string) => localizedMessage(makeFinding('s3-missing-source-arn', { offset: 0, length: 1 }, { resource: 'inbox', scope }, undefined), 'ja');
  assert.match(scoped('account 111122223333'), /（アカウント 111122223333 のどの受信ルールからでも）/);
  assert.match(scoped('organization o-a1b2c3d4e5'), /（組織 o-a1b2c3d4e5 のどの受信ルールからでも）/);
  assert.match(scoped('organization path o-a1b2c3d4e5/r-ab12/'), /（組織パス o-a1b2c3d4e5\/r-ab12\/ のどの受信ルールからでも）/);
});

test('the checks across resources name their unit in Japanese: a template, a module', () => {
  const inUnit = (unit: string) =>
    localizedMessage(makeFinding('receipt-rule-target-without-grant', { offset: 0, length: 1 }, { rule: 'store', target: 'bucket', resource: 'inbox', unit }, undefined), 'ja');
  assert.match(inUnit('template'), /このテンプレートには/);
  assert.match(inUnit('module'), /このモジュールには/);
});

/** Fix titles as FIX_TITLES (src/policy/fixes/titles.ts) writes them, each used by a fix (its name written in a recipe under src/). */
function declaredFixTitles(): Map<string, string> {
  const sources = filesUnder(join(REPO_ROOT, 'src'))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('titles.ts'))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  const titles = new Map<string, string>();
  for (const [name, title] of Object.entries(FIX_TITLES)) {
    assert.ok(sources.includes(`'${name}'`), `fix.${name} has a title but no fix uses it`);
    titles.set(`fix.${name}`, title);
  }
  return titles;
}

test('every fix title has a Japanese title with the same {args}', () => {
  const declared = declaredFixTitles();
  assert.ok(declared.size >= 20, `fix titles were found (${declared.size})`);
  for (const [key, english] of declared) {
    const ja = FIX_TITLES_JA[key];
    assert.ok(ja !== undefined, `no Japanese title for ${key} ("${english}")`);
    assert.deepEqual(templateArgs(ja), templateArgs(english), `${key}: arguments differ`);
  }
  for (const key of Object.keys(FIX_TITLES_JA)) assert.ok(declared.has(key), `${key} has a Japanese title but no fix declares it`);
});

test('every hover text has a Japanese text with the same {args}, and no Japanese text is left without its English', () => {
  assert.deepEqual(Object.keys(HOVER_TEXTS_JA).sort(), Object.keys(HOVER_TEXTS).sort());
  for (const [key, english] of Object.entries(HOVER_TEXTS)) {
    const ja = HOVER_TEXTS_JA[key]!;
    assert.deepEqual(templateArgs(ja), templateArgs(english), `${key}: arguments differ`);
    assert.notEqual(ja, english, `${key}: looks untranslated`);
  }
});

test('localizedFixTitle fills the Japanese title from the proposal\'s arguments', () => {
  const proposal = { title: 'Change km:Encrypt to kms:Encrypt', titleKey: 'fix.correctKmsAction', titleArgs: { action: 'km:Encrypt', suggested: 'kms:Encrypt' } };
  assert.equal(localizedFixTitle(proposal, 'en'), proposal.title);
  assert.equal(localizedFixTitle(proposal, 'ja'), 'km:Encrypt を kms:Encrypt に変更');
  assert.equal(localizedFixTitle({ title: 'Something new', titleKey: 'fix.unknown' }, 'ja'), 'Something new');
});

test('package.nls.ja.json has exactly the keys of package.nls.json, all translated', () => {
  const en = readJson('package.nls.json');
  const ja = readJson('package.nls.ja.json');
  assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort());
  for (const [key, value] of Object.entries(ja)) {
    assert.equal(typeof value, 'string', key);
    if (!['displayName', 'config.title', 'category', 'view.container.title'].includes(key)) assert.notEqual(value, en[key], `${key} is not translated`);
  }
});

test('every %key% in package.json is defined in package.nls.json', () => {
  const manifest = readFileSync(join(REPO_ROOT, 'package.json'), 'utf8');
  const en = readJson('package.nls.json');
  const used = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!);
  assert.ok(used.length > 5, 'the manifest uses nls keys');
  for (const key of used) assert.ok(key in en, `package.nls.json lacks ${key}`);
});

/** The string literal arguments of `l10n.t(...)` calls; a call without a literal first argument is an error. */
function l10nStrings(source: string, file: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/\bl10n\.t\(\s*/g)) {
    const rest = source.slice(match.index + match[0].length);
    const literal = /^(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\$]|\\.)*`)/.exec(rest);
    assert.ok(literal, `${file}: l10n.t( without a string literal (untranslatable): ${rest.slice(0, 40)}`);
    found.push(new Function(`return ${literal[0]};`)() as string);
  }
  return found;
}

test('every vscode.l10n.t string in src/extension has a Japanese bundle entry with the same {n}', () => {
  const bundle = readJson('l10n/bundle.l10n.ja.json');
  const files = filesUnder(join(REPO_ROOT, 'src', 'extension')).filter((f) => f.endsWith('.ts'));
  const strings = files.flatMap((file) => l10nStrings(readFileSync(file, 'utf8'), file));
  assert.ok(strings.length >= 4, 'runtime strings were found');
  const numbered = (s: string) => [...new Set(s.match(/\{\d+\}/g) ?? [])].sort();
  for (const text of strings) {
    const ja = bundle[text];
    assert.equal(typeof ja, 'string', `l10n/bundle.l10n.ja.json lacks "${text}"`);
    assert.deepEqual(numbered(ja as string), numbered(text), `"${text}": numbered arguments differ`);
  }
});
