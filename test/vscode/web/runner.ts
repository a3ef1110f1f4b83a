// `npm run test:web`: the extension-host suites that can run without Node (suite/hosts.ts), in code-server's
// web-worker extension host, where the extension runs from its `browser` bundle as in vscode.dev.
//
// The decisive part is the user setting `remote.extensionKind`: code-server runs an extension that has both
// `main` and `browser` in its Node host unless told to run it in the web (the `extensionDevelopmentKind`
// payload is not enough in VS Code 1.100.3's browser workbench). The worker has no Node, so the suites are
// bundled for the browser into the run folder (inside the extension's folder, where VS Code looks for the
// tests of the extension under development), with a browser form of node:assert and the run's settings
// baked in; their reporter's lines come back through the workbench's log (workbenchRun.ts).
//
// Two passes: every web suite in English, then the localisation suite with display language `ja`.
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../codeServer';
import { packageLanguagePack, registerLanguagePack } from '../languagePack';
import { webSuites } from '../suite/hosts';
import { GREP_ENV, REPO_ROOT_ENV, REQUESTED_LOCALE_ENV } from '../suite/runEnv';
import { exitWith, runInWorkbench } from '../workbenchRun';
import { bundleWebSuites } from './bundle';

const LABEL = 'test:web';
const EXTENSION_ID = 'ses-grants.ses-grants';

interface Pass {
  readonly name: string;
  /** Suites of test/vscode/suite, run after the web runner's own web-worker suite. */
  readonly suites: readonly string[];
  readonly locale?: string;
}

function runPass(pass: Pass): Promise<boolean> {
  const label = `${LABEL} ${pass.name}`;
  console.log(`[${label}] suites: ${pass.suites.join(', ')}`);
  return runInWorkbench({
    label,
    runKind: `web-${pass.name}`,
    extensionBundle: join('dist', 'extension.js'),
    reporterLines: 'automation-log',
    prepare: async (runDir) => {
      const entry = join(runDir, 'web-suites');
      const settings: Record<string, string> = { [REPO_ROOT_ENV]: REPO_ROOT };
      const grep = process.env[GREP_ENV];
      if (grep) settings[GREP_ENV] = grep;
      if (pass.locale) settings[REQUESTED_LOCALE_ENV] = pass.locale;
      await bundleWebSuites(`${entry}.js`, pass.suites, settings);
      return entry;
    },
    server(runDir) {
      const userSettings = { 'remote.extensionKind': { [EXTENSION_ID]: ['web'] } };
      if (!pass.locale) return { userSettings };
      registerLanguagePack(runDir);
      return { userSettings, extraArgs: ['--locale', pass.locale], installExtensions: [packageLanguagePack(runDir)] };
    },
  });
}

async function main(): Promise<boolean> {
  const started = Date.now();
  const passes: Pass[] = [
    { name: 'en', suites: webSuites() },
    { name: 'ja', suites: webSuites().filter((name) => name === 'l10n'), locale: 'ja' },
  ];
  let passed = true;
  for (const pass of passes) passed = (await runPass(pass)) && passed;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`[${LABEL}] web-worker extension host ${passed ? 'passed' : 'FAILED'} in ${seconds}s (${relative(process.cwd(), REPO_ROOT) || '.'})`);
  return passed;
}

exitWith(LABEL, main());
