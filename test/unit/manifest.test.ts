import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../src/policy/catalogue';
import { FORMAT_ADAPTERS } from '../../src/formats/registry';
import { REPO_ROOT } from '../support/paths';

/** The manifest's settings and commands agree with the catalogue and follow the conventions of ARCHITECTURE.md (house rule 7). */
interface Setting {
  readonly type: string;
  readonly scope?: string;
  readonly markdownDescription?: string;
  readonly pattern?: string;
  readonly propertyNames?: { readonly enum: readonly string[] };
  readonly additionalProperties?: { readonly enum: readonly string[] };
}

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
const settings = manifest.contributes.configuration.properties as Record<string, Setting>;

test('sesGrants.rules accepts exactly the ids the editor reports, with the five levels', () => {
  const rules = settings['sesGrants.rules']!;
  const editorIds = RULES.filter((r) => r.family !== 'file').map((r) => r.id).sort();
  assert.deepEqual([...rules.propertyNames!.enum].sort(), editorIds);
  assert.deepEqual(rules.additionalProperties!.enum, ['error', 'warning', 'information', 'hint', 'off']);
});

test('the sesGrants.rules ids are generated from the catalogue, in its order (npm run generate:manifest)', () => {
  const generated = RULES.filter((r) => r.family !== 'file').map((r) => r.id);
  assert.deepEqual(settings['sesGrants.rules']!.propertyNames!.enum, generated, 'run npm run generate:manifest');
});

test('every setting is namespaced, resource-scoped and described through package.nls.json', () => {
  for (const [key, setting] of Object.entries(settings)) {
    assert.match(key, /^sesGrants\.\w+$/, key);
    assert.ok(setting.type.length > 0, key);
    assert.equal(setting.scope, 'resource', key);
    assert.match(setting.markdownDescription ?? '', /^%[\w.]+%$/, key);
  }
  for (const key of ['enable', 'rules', 'accountId', 'region', 'ruleSetName', 'ruleName']) assert.ok(`sesGrants.${key}` in settings, key);
});

test('setting patterns accept good values and the empty default, and refuse bad ones', () => {
  const matches = (key: string, value: string) => new RegExp(settings[key]!.pattern!).test(value);
  assert.ok(matches('sesGrants.accountId', '111122223333') && matches('sesGrants.accountId', ''));
  assert.ok(!matches('sesGrants.accountId', '11112222333') && !matches('sesGrants.accountId', '1111-2222-3333'));
  assert.ok(matches('sesGrants.region', 'us-east-1') && matches('sesGrants.region', 'us-gov-west-1'));
  assert.ok(!matches('sesGrants.region', 'US-EAST-1') && !matches('sesGrants.region', 'useast1'));
  assert.ok(matches('sesGrants.ruleSetName', 'inbound') && matches('sesGrants.ruleName', 'store.v2'));
  assert.ok(!matches('sesGrants.ruleName', '-store') && !matches('sesGrants.ruleName', 'a'.repeat(65)));
});

test('commands have a category and an nls title; activation is per language, never "*"', () => {
  const fixAll = manifest.contributes.commands.find((c: { command: string }) => c.command === 'sesGrants.fixAll');
  assert.ok(fixAll, 'sesGrants.fixAll is contributed');
  const nls = JSON.parse(readFileSync(join(REPO_ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const resolve = (text: string) => text.replace(/^%([\w.]+)%$/, (_whole, key: string) => nls[key] ?? text);
  for (const command of manifest.contributes.commands) {
    assert.equal(resolve(command.category), 'SES', command.command);
    assert.match(command.title, /^%[\w.]+%$/, command.command);
  }
  assert.ok(manifest.activationEvents.includes('onLanguage:json') && manifest.activationEvents.includes('onLanguage:jsonc'));
  assert.ok(!manifest.activationEvents.includes('*'));
  assert.equal(manifest.l10n, './l10n');
});

/** The packages the shipped code imports (src/, not the tests), and the grammar whose WebAssembly file it loads. */
function packagesShipped(): string[] {
  const names = new Set<string>(['@tree-sitter-grammars/tree-sitter-hcl']);
  for (const file of sourceFilesUnder(join(REPO_ROOT, 'src'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/(?:from |require\()['"]([^'"]+)['"]/g)) {
      const specifier = match[1]!;
      if (specifier === 'vscode' || specifier.startsWith('node:') || specifier.startsWith('.')) continue;
      names.add(specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/'));
    }
  }
  return [...names];
}

test('the third-party licences ship beside the bundles: every package the shipped code imports, its licence text whole', () => {
  const notices = readFileSync(join(REPO_ROOT, 'dist', 'THIRD-PARTY-NOTICES.md'), 'utf8');
  const shipped = packagesShipped();
  assert.ok(shipped.includes('yaml') && shipped.includes('web-tree-sitter'), shipped.join(', '));
  for (const name of shipped) {
    const folder = join(REPO_ROOT, 'node_modules', name);
    const version = (JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { version: string }).version;
    assert.ok(notices.includes(`## ${name} ${version} `), `${name} ${version} is listed`);
    const licence = readdirSync(folder).find((file) => /^licen[cs]e([-.][\w.-]+)?$/i.test(file))!;
    assert.ok(notices.includes(readFileSync(join(folder, licence), 'utf8').trimEnd()), `${name}'s licence text is whole`);
  }
  assert.match(notices, /Apache License\s+Version 2\.0/, 'the Terraform grammar is Apache-2.0');
  const ignore = readFileSync(join(REPO_ROOT, '.vscodeignore'), 'utf8').split('\n');
  for (const shipped of ['!dist/extension.js', '!dist/*.wasm', '!dist/THIRD-PARTY-NOTICES.md']) assert.ok(ignore.includes(shipped), `the VSIX ships ${shipped}`);
});

function sourceFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFilesUnder(path) : name.endsWith('.ts') ? [path] : [];
  });
}

test('untrusted workspaces: the extension runs, but no workspace setting decides what a fix writes or what is reported', () => {
  const untrusted = manifest.capabilities.untrustedWorkspaces;
  // VS Code honours restrictedConfigurations only with "limited" support.
  assert.equal(untrusted.supported, 'limited');
  assert.match(untrusted.description, /^%[\w.]+%$/);
  // Every setting matters: account, region, rule set and rule are written by fixes, enable and rules decide what is reported.
  assert.deepEqual([...untrusted.restrictedConfigurations].sort(), Object.keys(settings).sort());
  assert.ok(untrusted.restrictedConfigurations.includes('sesGrants.accountId'));
});

test('the extension reads its settings only through vscode.workspace.getConfiguration, which applies the restriction', () => {
  const reads: string[] = [];
  for (const file of sourceFilesUnder(join(REPO_ROOT, 'src', 'extension'))) {
    const text = readFileSync(file, 'utf8');
    const name = file.slice(REPO_ROOT.length + 1);
    // inspect() returns the workspace value even in Restricted Mode; reading settings.json bypasses VS Code.
    assert.doesNotMatch(text, /\.inspect\s*[<(]/, name);
    assert.doesNotMatch(text, /settings\.json/, name);
    for (const match of text.matchAll(/getConfiguration\(\s*([^,)]+)/g)) reads.push(`${name}: ${match[1]}`);
    for (const key of Object.keys(settings)) {
      if (!name.endsWith('settings.ts')) assert.ok(!text.includes(`'${key}'`), `${name} names ${key}: read it through settings.ts`);
    }
  }
  const ours = reads.filter((r) => !/'editor'|'files'|'search'/.test(r));
  assert.deepEqual(ours, ['src/extension/settings.ts: SECTION']);
  assert.match(readFileSync(join(REPO_ROOT, 'src', 'extension', 'settings.ts'), 'utf8'), /export const SECTION = 'sesGrants';/);
});

/** What the Marketplace and the Extensions view show besides the README. */
const MARKETPLACE_CATEGORIES = [
  'AI', 'Azure', 'Chat', 'Data Science', 'Debuggers', 'Education', 'Extension Packs', 'Formatters', 'Keymaps', 'Language Packs',
  'Linters', 'Machine Learning', 'Notebooks', 'Other', 'Programming Languages', 'SCM Providers', 'Snippets', 'Testing', 'Themes', 'Visualization',
];

function pngSize(file: string): { width: number; height: number } {
  const png = readFileSync(file);
  assert.equal(png.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', `${file} is a PNG`);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

test('the icon is a 128×128 PNG, with a gallery banner that has a colour and a theme', () => {
  assert.equal(manifest.icon, 'images/icon.png');
  assert.deepEqual(pngSize(join(REPO_ROOT, manifest.icon)), { width: 128, height: 128 });
  assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
  assert.ok(['dark', 'light'].includes(manifest.galleryBanner.theme));
});

test('categories are the Marketplace\'s own; keywords are few, lower-case and distinct', () => {
  for (const category of manifest.categories) assert.ok(MARKETPLACE_CATEGORIES.includes(category), category);
  assert.ok(manifest.categories.includes('Linters') && manifest.categories.includes('Snippets'));
  const keywords = manifest.keywords as string[];
  assert.ok(keywords.length > 0 && keywords.length <= 30, 'vsce accepts at most 30 keywords');
  assert.equal(new Set(keywords).size, keywords.length);
  for (const keyword of keywords) assert.equal(keyword, keyword.toLowerCase());
  assert.ok(keywords.includes('ses') && keywords.includes('aws'));
});

test('CHANGELOG.md has a section for the version in package.json', () => {
  const changelog = readFileSync(join(REPO_ROOT, 'CHANGELOG.md'), 'utf8');
  assert.ok(changelog.split('\n').includes(`## ${manifest.version}`), `no "## ${manifest.version}" in CHANGELOG.md`);
});

test('the README\'s pictures are small PNGs under docs/images/ (package:vsix inlines them)', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const pictures = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((match) => match[1]!);
  assert.ok(pictures.length >= 2, 'the README shows the extension at work');
  let bytes = 0;
  for (const picture of pictures) {
    assert.match(picture, /^docs\/images\/[\w.-]+\.png$/, picture);
    const { width } = pngSize(join(REPO_ROOT, picture));
    assert.ok(width >= 300 && width <= 1400, `${picture} is ${width} pixels wide`);
    bytes += readFileSync(join(REPO_ROOT, picture)).length;
  }
  assert.ok(bytes < 100 * 1024, `the README's pictures take ${bytes} bytes; the VSIX carries them`);
});

test('untrusted workspaces: ses-grants.json is not read either, and is read once trust is granted', () => {
  // The extension host of the suites always trusts its folder, so the gate is held here, in the source.
  const source = readFileSync(join(REPO_ROOT, 'src', 'extension', 'configFiles.ts'), 'utf8');
  const body = (method: string) => {
    const start = source.indexOf(`  ${method}(`);
    assert.ok(start >= 0, `${method} is in configFiles.ts`);
    return source.slice(start, source.indexOf('\n  }\n', start));
  };
  assert.match(body('async ensure'), /if \(!dir \|\| !vscode\.workspace\.isTrusted\) return;/);
  assert.match(body('current'), /if \(!dir \|\| !vscode\.workspace\.isTrusted\) return undefined;/);
  assert.match(source, /vscode\.workspace\.onDidGrantWorkspaceTrust\(\(\) => this\.reset\(\)\)/);
  // Every read of a configuration file goes through those two methods.
  assert.equal(source.match(/vscode\.workspace\.fs\.readFile/g)?.length, 1);
});

test('every editor language a format adapter reads activates the extension, first in the list (npm run generate:manifest)', () => {
  const languages = [...new Set(FORMAT_ADAPTERS.flatMap((adapter) => adapter.languageIds))];
  const events = manifest.activationEvents as string[];
  assert.deepEqual(
    events.filter((event) => event.startsWith('onLanguage:')),
    languages.map((language) => `onLanguage:${language}`),
    'run npm run generate:manifest',
  );
  assert.ok(!events.includes('*'), 'never activated for everything');
});
