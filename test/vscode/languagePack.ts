// A Japanese display language for code-server without downloading Microsoft's language pack. code-server takes
// `--locale ja` only when a language pack for `ja` is installed (without one it falls back to English);
// test/e2e/ja-language-pack/ is a pack with no translations, packaged here at run time. With it the workbench
// runs with display language `ja` (its own strings stay English), which is all the extension looks at:
// `vscode.env.language`, its l10n bundle and package.nls.ja.json.
//
// The server learns of language packs through languagepacks.json in its user data, which it writes when a
// pack is installed through the running server; `--install-extension` runs before the server starts, so
// the entry is written here in the server's own format (platform/languagePacks/node/languagePacks.ts).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, serverFolders } from './codeServer';

const LANGUAGE_PACK = join(REPO_ROOT, 'test', 'e2e', 'ja-language-pack');
const VSCE = join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');

/** The pack as a VSIX in `runDir`, for `installExtensions`. */
export function packageLanguagePack(runDir: string): string {
  const vsix = join(runDir, 'ja-language-pack.vsix');
  execFileSync(process.execPath, [VSCE, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], {
    cwd: LANGUAGE_PACK,
    stdio: 'pipe',
  });
  return vsix;
}

/** Writes the languagepacks.json that a server on `runDir` reads to offer `--locale ja`. */
export function registerLanguagePack(runDir: string): void {
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
