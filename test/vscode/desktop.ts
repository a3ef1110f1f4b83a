// `npm run test:desktop`: the same extension-host suites in desktop VS Code, through @vscode/test-electron.
// It downloads VS Code (1.100.3 by default: the API version the extension targets and code-server tests) into
// test/.work/, so it needs internet; on Linux without a display run it under `xvfb-run -a`. CI uses the
// code-server runner (runner.ts) instead, which needs no download.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { QUIET_USER_SETTINGS } from './codeServer';
import { REPO_ROOT_ENV } from './suite/runEnv';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const WORK = join(REPO_ROOT, 'test', '.work');

async function main(): Promise<number> {
  const userDataDir = join(WORK, 'desktop-user-data');
  rmSync(userDataDir, { recursive: true, force: true });
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(QUIET_USER_SETTINGS, null, 2));

  return runTests({
    version: process.env['SES_GRANTS_VSCODE_VERSION'] ?? '1.100.3',
    cachePath: join(WORK, 'vscode-desktop'),
    extensionDevelopmentPath: REPO_ROOT,
    // The very module the code-server runner loads: one suite index for both.
    extensionTestsPath: join(REPO_ROOT, 'out', 'test', 'vscode', 'suite', 'index'),
    extensionTestsEnv: { [REPO_ROOT_ENV]: REPO_ROOT },
    launchArgs: [
      join(REPO_ROOT, 'test', 'vscode', 'workspace'),
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir',
      userDataDir,
    ],
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`test:desktop failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
