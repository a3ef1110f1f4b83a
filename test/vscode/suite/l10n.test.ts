// Localisation as the real extension host sees it: the Japanese runtime bundle and manifest strings are
// present and complete, the manifest's %keys% are resolved, and runtime strings and finding messages follow
// vscode.env.language (English in the default run; Japanese when the run uses a Japanese display language).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { localizedMessage, MESSAGES_JA } from '../../../src/policy/messages.ja';
import { RULES } from '../../../src/policy/catalogue';
import { activateExtension, findingId, openFixture, resetEditors, waitForDiagnostics } from './helpers';
import { REQUESTED_LOCALE_ENV, runSetting } from './runEnv';

async function extensionJson(extension: vscode.Extension<unknown>, ...path: string[]): Promise<Record<string, string>> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.extensionUri, ...path));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, string>;
}

async function typeScriptFilesUnder(dir: vscode.Uri): Promise<vscode.Uri[]> {
  const found: vscode.Uri[] = [];
  for (const [name, type] of await vscode.workspace.fs.readDirectory(dir)) {
    const uri = vscode.Uri.joinPath(dir, name);
    if (type & vscode.FileType.Directory) found.push(...(await typeScriptFilesUnder(uri)));
    else if (name.endsWith('.ts')) found.push(uri);
  }
  return found;
}

async function runtimeStrings(root: vscode.Uri): Promise<string[]> {
  const strings: string[] = [];
  for (const file of await typeScriptFilesUnder(root)) {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    for (const match of text.matchAll(/\bl10n\.t\(\s*'((?:[^'\\\n]|\\.)*)'/g)) strings.push(match[1]!.replace(/\\(.)/g, '$1'));
  }
  return strings;
}

const japanese = () => vscode.env.language.startsWith('ja');

describe(`localisation (display language ${vscode.env.language})`, () => {
  afterEach(resetEditors);

  it('runs in the display language the run asked for', () => {
    const requested = runSetting(REQUESTED_LOCALE_ENV);
    assert.match(vscode.env.language, /^[a-z]{2}/);
    if (requested) assert.ok(vscode.env.language.startsWith(requested), `asked for ${requested}, got ${vscode.env.language}`);
  });

  it('ships a Japanese runtime bundle with an entry for every vscode.l10n.t string', async () => {
    const extension = await activateExtension();
    assert.equal(extension.packageJSON.l10n, './l10n');
    const bundle = await extensionJson(extension, 'l10n', 'bundle.l10n.ja.json');
    const strings = await runtimeStrings(vscode.Uri.joinPath(extension.extensionUri, 'src', 'extension'));
    assert.ok(strings.includes('Show documentation for {0}'), 'the scan found the code actions\' strings');
    for (const text of strings) assert.ok(typeof bundle[text] === 'string' && bundle[text].length > 0, `no Japanese for "${text}"`);
  });

  it('ships Japanese manifest strings for every English one', async () => {
    const extension = await activateExtension();
    const en = await extensionJson(extension, 'package.nls.json');
    const ja = await extensionJson(extension, 'package.nls.ja.json');
    assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort());
  });

  it('resolves the manifest\'s %keys% in the display language', async () => {
    const extension = await activateExtension();
    type Localized = string | { value: string; original: string };
    const commands = extension.packageJSON.contributes.commands as { command: string; title: Localized; category: Localized }[];
    const fixAll = commands.find((c) => c.command === 'sesGrants.fixAll');
    assert.ok(fixAll);
    // Outside English the manifest holds {value, original}: the translation and the English text.
    const valueOf = (text: Localized) => (typeof text === 'string' ? text : text.value);
    const nls = await extensionJson(extension, japanese() ? 'package.nls.ja.json' : 'package.nls.json');
    assert.equal(valueOf(fixAll.title), nls['command.fixAll.title']);
    assert.equal(valueOf(fixAll.category), 'SES');
    const registered = await vscode.commands.getCommands(true);
    assert.ok(registered.includes('sesGrants.fixAll'));
  });

  it('translates runtime strings through the bundle in the display language', async () => {
    const extension = await activateExtension();
    const bundle = await extensionJson(extension, 'l10n', 'bundle.l10n.ja.json');
    const text = vscode.l10n.t('Show documentation for {0}', 'version-missing');
    const expected = japanese() ? bundle['Show documentation for {0}']!.replace('{0}', 'version-missing') : 'Show documentation for version-missing';
    assert.equal(text, expected);
  });

  it('has a Japanese message for every finding id', () => {
    for (const rule of RULES) assert.ok(MESSAGES_JA[rule.id], rule.id);
  });

  it('shows finding messages in the display language', async () => {
    const editor = await openFixture('diagnostics/s3-open.json');
    const diagnostics = await waitForDiagnostics(editor.document.uri);
    const diagnostic = diagnostics.find((d) => findingId(d) === 's3-missing-source-conditions');
    assert.ok(diagnostic);
    const args = { resource: 'inbound-mail-example' };
    const english = 'SES can write to bucket `inbound-mail-example` for any AWS account: add `aws:SourceAccount` and `aws:SourceArn`.';
    const expected = localizedMessage({ id: 's3-missing-source-conditions', message: english, args }, vscode.env.language);
    assert.equal(diagnostic.message, expected);
    if (japanese()) assert.match(diagnostic.message, /バケット/);
  });
});
