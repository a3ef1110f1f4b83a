// `npm run test:e2e`: the packaged extension (ses-grants-<version>.vsix, installed with
// `code-server --install-extension`) used through the UI of a real VS Code 1.100.3 workbench (code-server),
// driven by headless chromium through playwright-core: see flows.ts for what is done and checked.
//
// Each run has its own folder under test/.work/runs/ (port picked by the kernel, user data, extensions,
// a fresh copy of test/e2e/workspace/), and code-server runs in its own process group that is killed on
// every way out. Every step saves a screenshot into test/screenshots/, and so does a failure.
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { launchChromium, type Browser } from '../vscode/browser';
import { assertCodeServerInstalled, newRunDir, REPO_ROOT, type CodeServer } from '../vscode/codeServer';
import { FLOWS, setScreenshotDir, shotPath } from './flows';
import { japaneseFlow } from './japanese';
import { webWorkerFlow } from './webWorker';
import { serveWorkspace, vsixPath } from './server';
import { asUiPage, type UiPage } from './ui';

const WORKSPACE_FIXTURE = join(REPO_ROOT, 'test', 'e2e', 'workspace');
const SCREENSHOTS = join(REPO_ROOT, 'test', 'screenshots');
/** How long one wait for a UI state may take before the step fails (start-up of the workbench included). */
const STEP_WAIT_MS = 30_000;
/** A stop for a hung run: 14 flows take ~4 min on a loaded two-core machine (5 min was reached at load 14). */
const OVERALL_LIMIT_MS = 7 * 60_000;

const started = Date.now();
const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const say = (message: string): void => console.log(`[test:e2e ${elapsed()}] ${message}`);

const servers: CodeServer[] = [];
let browser: Browser | undefined;
let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    await Promise.race([browser?.close(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    await Promise.all(servers.map((server) => server.stop()));
  })();
  return cleaning;
}

async function openWorkbench(url: string, beforeLoad?: (page: UiPage) => void): Promise<UiPage> {
  browser ??= await launchChromium();
  const page = asUiPage(await browser.newPage({ viewport: { width: 1400, height: 900 } }));
  page.setDefaultTimeout(STEP_WAIT_MS);
  beforeLoad?.(page);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  // The workbench is up when the explorer lists the workspace's files.
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'bucket-policy.json' }).first().waitFor();
  return page;
}

async function runFlows(vsix: string, runDir: string): Promise<{ passed: number; failed: string | undefined }> {
  const { server, workspace, url } = await serveWorkspace(runDir, WORKSPACE_FIXTURE, { vsix });
  servers.push(server);
  say(`code-server ${server.host} with ${relative(REPO_ROOT, vsix)} installed, workspace ${relative(REPO_ROOT, workspace)}`);
  const page = await openWorkbench(url);
  say('workbench open');
  let passed = 0;
  const flows = [
    ...FLOWS,
    japaneseFlow(vsix, runDir, WORKSPACE_FIXTURE, servers, openWorkbench),
    webWorkerFlow(vsix, runDir, WORKSPACE_FIXTURE, servers, openWorkbench),
  ].map((flow, index) => ({ flow, index }));
  for (const { flow, index } of flows) {
    const label = `${String(index + 1).padStart(2, '0')}-${flow.name}`;
    const t0 = Date.now();
    let shown = page;
    try {
      await flow.run({ page, workspace, note: (message) => say(`  ${flow.name}: ${message}`), showing: (other) => (shown = other) });
      await shown.screenshot({ path: shotPath(label) });
      passed++;
      say(`ok ${label} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
    } catch (error) {
      await shown.screenshot({ path: shotPath(`${label}-FAILED`) }).catch(() => undefined);
      say(`FAILED ${label}: ${error instanceof Error ? error.message : String(error)}`);
      say(`screenshot ${relative(REPO_ROOT, shotPath(`${label}-FAILED`))}; logs in ${relative(REPO_ROOT, runDir)}`);
      return { passed, failed: label };
    }
  }
  return { passed, failed: undefined };
}

/** What a user downloads stays under 400 KB (1 KB = 1024 bytes, as vsce and the Marketplace count). */
const VSIX_LIMIT_BYTES = 400 * 1024;

async function main(): Promise<number> {
  assertCodeServerInstalled();
  const vsix = vsixPath();
  const vsixBytes = statSync(vsix).size;
  if (vsixBytes >= VSIX_LIMIT_BYTES) throw new Error(`${relative(REPO_ROOT, vsix)} takes ${(vsixBytes / 1024).toFixed(1)} KB, the limit is ${VSIX_LIMIT_BYTES / 1024} KB`);
  say(`${relative(REPO_ROOT, vsix)}: ${(vsixBytes / 1024).toFixed(1)} KB (limit ${VSIX_LIMIT_BYTES / 1024} KB)`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const name of readdirSync(SCREENSHOTS)) if (name.startsWith('e2e-')) rmSync(join(SCREENSHOTS, name));
  setScreenshotDir(SCREENSHOTS);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.once(signal, () => {
      say(`${signal}: stopping code-server and chromium`);
      void cleanUp().finally(() => process.exit(code));
    });
  }
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the run did not finish within ${OVERALL_LIMIT_MS / 1000}s`)), OVERALL_LIMIT_MS);
  });
  const runDir = newRunDir('e2e');
  let passedAll = false;
  try {
    const { passed, failed } = await Promise.race([runFlows(vsix, runDir), deadline]);
    say(`${passed} flows passed${failed ? `, ${failed} failed` : ''}; screenshots in ${relative(REPO_ROOT, SCREENSHOTS)}/`);
    passedAll = failed === undefined;
    return passedAll ? 0 : 1;
  } finally {
    clearTimeout(timer);
    await cleanUp();
    // Only once the servers are down: they write caches into their user data until they stop. A failed
    // run keeps its folder (logs) for a look.
    if (passedAll) rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[test:e2e ${elapsed()}] ERROR: ${error instanceof Error ? error.message : String(error)}`);
    void cleanUp().finally(() => process.exit(1));
  },
);
