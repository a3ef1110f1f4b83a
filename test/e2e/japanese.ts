// The extension in a Japanese VS Code: code-server with `--locale ja` and the test language pack
// (test/vscode/languagePack.ts), whose workbench runs with display language `ja`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../../src/formats';
import { localizedMessage } from '../../src/policy/messages.ja';
import type { CodeServer } from '../vscode/codeServer';
import { packageLanguagePack, registerLanguagePack } from '../vscode/languagePack';
import type { Flow } from './flows';
import { serveWorkspace } from './server';
import { openFromExplorer, runCommand, waitForQuickInput, type UiPage } from './ui';

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
