import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../src/policy/catalogue';
import { REPO_ROOT } from '../support/paths';

/** The manifest's settings and commands agree with the catalogue and follow the conventions of DESIGN §7. */
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
  const ours = reads.filter((r) => !/'editor'|'files'/.test(r));
  assert.deepEqual(ours, ['src/extension/settings.ts: SECTION']);
  assert.match(readFileSync(join(REPO_ROOT, 'src', 'extension', 'settings.ts'), 'utf8'), /export const SECTION = 'sesGrants';/);
});
