// Flow 7: the extension in a Japanese VS Code. code-server takes `--locale ja` only when a language pack for
// `ja` is installed (without one it falls back to English), and Microsoft's pack would have to be
// downloaded; test/e2e/ja-language-pack/ is a pack with no translations, packaged here at run time. With it
// the workbench runs with display language `ja` (its own strings stay English), which is all the extension
// looks at: `vscode.env.language`, its l10n bundle and package.nls.ja.json.
//
// The server learns of language packs through languagepacks.json in its user data, which it writes when a
// pack is installed through the running server; `--install-extension` runs before the server starts, so
// the entry is written here in the server's own format (platform/languagePacks/node/languagePacks.ts).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../../src/formats';
import { localizedMessage } from '../../src/policy/messages.ja';
import { REPO_ROOT, serverFolders, type CodeServer } from '../vscode/codeServer';
import type { Flow } from './flows';
import { serveWorkspace } from './server';
import { openFromExplorer, runCommand, waitForQuickInput, type UiPage } from './ui';

const LANGUAGE_PACK = join(REPO_ROOT, 'test', 'e2e', 'ja-language-pack');
const VSCE = join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');

function packageLanguagePack(runDir: string): string {
  const vsix = join(runDir, 'ja-language-pack.vsix');
  execFileSync(process.execPath, [VSCE, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], {
    cwd: LANGUAGE_PACK,
    stdio: 'pipe',
  });
  return vsix;
}

function registerLanguagePack(runDir: string): void {
  const manifest = JSON.parse(readFileSync(join(LANGUAGE_PACK, 'package.json'), 'utf8')) as { name: string; publisher: string; version: string };
  const id = `${manifest.publisher}.${manifest.name}`;
  const { userDataDir, extensionsDir } = serverFolders(runDir);
  const entry = {
    hash: createHash('md5').update(id).update(manifest.version).digest('hex'),
    extensions: [{ extensionIdentifier: { id }, version: manifest.version }],
    translations: { vscode: join(extensionsDir, `${id}-${manifest.version}`, 'translations', 'main.i18n.json') },
    label: '日本語',
  };
  mkdirSync(userDataDir, { recursive: true });
  writeFileSync(join(userDataDir, 'languagepacks.json'), JSON.stringify({ ja: entry }));
}

/** What the Problems panel shows for the fixture's finding in Japanese, from the core's own catalogue. */
function expectedJapaneseMessage(workspaceSource: string): string {
  const text = readFileSync(join(workspaceSource, 'bucket-policy.json'), 'utf8');
  const finding = lintText(text, { languageId: 'json', fileName: 'bucket-policy.json' }).findings.find((f) => f.id === 's3-missing-source-conditions');
  if (!finding) throw new Error('the fixture bucket-policy.json no longer has s3-missing-source-conditions');
  return localizedMessage(finding, 'ja');
}

const withoutBackticks = (text: string): string => text.replace(/`/g, '').replace(/\s+/g, ' ');

export function japaneseFlow(
  vsix: string,
  runDir: string,
  workspaceSource: string,
  servers: CodeServer[],
  open: (url: string) => Promise<UiPage>,
): Flow {
  return {
    name: 'japanese',
    async run({ showing }) {
      const jaRunDir = join(runDir, 'ja');
      const languagePack = packageLanguagePack(runDir);
      registerLanguagePack(jaRunDir);
      const { server, url } = await serveWorkspace(jaRunDir, workspaceSource, { vsix: [vsix, languagePack], extraArgs: ['--locale', 'ja'] });
      servers.push(server);
      const page = await open(url);
      showing(page);
      await openFromExplorer(page, 'bucket-policy.json', 'mail-inbox');
      await page.locator('.editor-group-container.active .squiggly-error').first().waitFor();
      await page.keyboard.press('Control+Shift+M');
      const expected = expectedJapaneseMessage(workspaceSource);
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 's3-missing-source-conditions' }).first();
      await row.waitFor();
      const shown = withoutBackticks(await row.innerText());
      if (!shown.includes(withoutBackticks(expected))) throw new Error(`the Problems row shows the Japanese message "${expected}": ${shown}`);
      // The manifest's strings follow the display language too: the command palette lists the Japanese title.
      await runCommand(page, 'SES の許可を追加...');
      await waitForQuickInput(page, 'SES の E メール受信にどのリソースを使わせますか？');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'KMS キーポリシー' }).first().waitFor();
    },
  };
}
