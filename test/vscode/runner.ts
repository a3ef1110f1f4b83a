// `npm run test:vscode`: runs the mocha suites of test/vscode/suite inside the real extension host of
// VS Code 1.100.3 (code-server), with the extension loaded unpacked from this repository.
//
// code-server starts no extension host until a workbench connects, so headless chromium opens the workbench
// with a `payload` naming extensionDevelopmentPath and extensionTestsPath (the mechanism VS Code's own browser
// integration tests use). The extension host then loads out/test/vscode/suite/index.js and awaits run(); the
// workbench hands the exit code to `window.codeAutomationExit`. The reporter's lines reach us through a file
// the suite index appends to (see suite/runEnv.ts).
//
// The suites run from a copy of out/ in the run folder: other work in the same tree rebuilds out/ (the build
// empties it first), which would otherwise pull the suites away from a run in progress.
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { launchChromium, type Browser, type Page } from './browser';
import { REPO_ROOT, startCodeServer, newRunDir, assertCodeServerInstalled, type CodeServer } from './codeServer';
import { OUTPUT_FILE_ENV, REPO_ROOT_ENV } from './suite/runEnv';

const WORKSPACE = join(REPO_ROOT, 'test', 'vscode', 'workspace');
const BUILD_OUT = join(REPO_ROOT, 'out');
/** What the extension host runs: the mocha suites, or another entry such as the editor benchmark. */
const SUITE_INDEX_IN_OUT = process.env['SES_GRANTS_VSCODE_ENTRY'] ?? join('test', 'vscode', 'suite', 'index');
const EXTENSION_BUNDLE = join(REPO_ROOT, 'dist', 'extension.js');
const SCREENSHOTS = join(REPO_ROOT, 'test', 'screenshots');
const TIMEOUT_ENV = 'SES_GRANTS_VSCODE_TEST_TIMEOUT_MS';
const DEFAULT_TIMEOUT_MS = 10 * 60_000;

const started = Date.now();
const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const say = (message: string): void => console.log(`[test:vscode ${elapsed()}] ${message}`);

/** Prints what the suite index appends to the output file, as it grows. */
class OutputFollower {
  private printed = 0;
  private readonly timer: NodeJS.Timeout;
  constructor(private readonly file: string) {
    this.timer = setInterval(() => this.flush(), 200);
  }
  flush(): void {
    const buffer = readFileSync(this.file);
    if (buffer.length <= this.printed) return;
    process.stdout.write(buffer.subarray(this.printed));
    this.printed = buffer.length;
  }
  stop(): void {
    clearInterval(this.timer);
    this.flush();
  }
  get isEmpty(): boolean {
    return this.printed === 0;
  }
}

type Outcome = { kind: 'exit'; code: number } | { kind: 'timeout'; ms: number } | { kind: 'crash'; why: string };

/** Opens the workbench; resolves once the page is loading, with the exit code the suites will report. */
async function openWorkbench(
  page: Page,
  server: CodeServer,
  runDir: string,
  suiteIndex: string,
): Promise<{ exitCode: Promise<number>; crashed: Promise<string> }> {
  const browserLog = join(runDir, 'browser-console.log');
  page.on('console', (message) => appendFileSync(browserLog, `[${message.type()}] ${message.text()}\n`));
  page.on('pageerror', (error) => appendFileSync(browserLog, `[pageerror] ${error.stack ?? error.message}\n`));
  const crashed = new Promise<string>((resolve) => page.on('crash', () => resolve('the workbench page crashed')));
  await page.exposeFunction('codeAutomationLog', (level: string, args: unknown) =>
    appendFileSync(join(runDir, 'workbench.log'), `[${level}] ${JSON.stringify(args)}\n`),
  );
  const exitCode = new Promise<number>((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
  });
  const url = server.workbenchUrl(WORKSPACE, [
    ['extensionDevelopmentPath', server.remoteUri(REPO_ROOT)],
    ['extensionTestsPath', server.remoteUri(suiteIndex)],
    ['skipWelcome', 'true'],
  ]);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 180_000 });
  return { exitCode, crashed };
}

function timeoutMs(): number {
  const value = Number(process.env[TIMEOUT_ENV] ?? DEFAULT_TIMEOUT_MS);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_TIMEOUT_MS;
}

function assertBuilt(): void {
  for (const file of [EXTENSION_BUNDLE, join(BUILD_OUT, `${SUITE_INDEX_IN_OUT}.js`)]) {
    if (!existsSync(file)) throw new Error(`${relative(REPO_ROOT, file)} is missing: build first (node scripts/build.mjs)`);
  }
}

function printFailureContext(runDir: string): void {
  const browserLog = join(runDir, 'browser-console.log');
  if (!existsSync(browserLog)) return;
  // The extension host's own errors (a suite that fails to load, an activation error) surface in the
  // workbench console; show those, the whole log stays in the run folder.
  const errors = readFileSync(browserLog, 'utf8')
    .split('\n')
    .filter((line) => /^\[(error|pageerror)\]/.test(line) && !/open-vsx|marketplace|ENOTFOUND|ERR_NAME_NOT_RESOLVED|Failed to load resource/i.test(line));
  if (errors.length > 0) console.log(`workbench console errors (last ${Math.min(errors.length, 20)}):\n${errors.slice(-20).join('\n')}`);
}

async function main(): Promise<number> {
  assertCodeServerInstalled();
  assertBuilt();
  const runDir = newRunDir('exthost');
  const outputFile = join(runDir, 'mocha-output.txt');
  writeFileSync(outputFile, '');
  const outCopy = join(runDir, 'out');
  cpSync(BUILD_OUT, outCopy, { recursive: true });

  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanUp = (): Promise<void> => {
    cleaning ??= (async () => {
      await Promise.race([browser?.close(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      await server?.stop();
    })();
    return cleaning;
  };
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.once(signal, () => {
      say(`${signal}: stopping code-server and chromium`);
      void cleanUp().finally(() => process.exit(code));
    });
  }

  const follower = new OutputFollower(outputFile);
  const limit = timeoutMs();
  let overallTimer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Outcome>((resolve) => {
    overallTimer = setTimeout(() => resolve({ kind: 'timeout', ms: limit }), limit);
  });
  const runSuites = async (): Promise<Outcome> => {
    server = await startCodeServer(runDir, { env: { [OUTPUT_FILE_ENV]: outputFile, [REPO_ROOT_ENV]: REPO_ROOT } });
    say(`code-server listening on ${server.host}`);
    browser = await launchChromium();
    say('chromium started');
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const { exitCode, crashed } = await openWorkbench(page, server, runDir, join(outCopy, SUITE_INDEX_IN_OUT));
    say(`workbench opened on ${relative(REPO_ROOT, WORKSPACE)}; running the extension-host suites`);
    return Promise.race([
      exitCode.then((code): Outcome => ({ kind: 'exit', code })),
      crashed.then((why): Outcome => ({ kind: 'crash', why })),
      server.exited.then((why): Outcome => ({ kind: 'crash', why })),
    ]);
  };
  let outcome: Outcome | undefined;
  try {
    // One limit for the whole run, start-up included, so a hang anywhere ends with a clear message.
    const suites = runSuites();
    suites.catch(() => undefined); // still reported through the race below unless the deadline came first
    outcome = await Promise.race([suites, deadline]);
    clearTimeout(overallTimer);
  } finally {
    clearTimeout(overallTimer);
    follower.stop();
    if (outcome?.kind !== 'exit' || outcome.code !== 0) {
      if (outcome?.kind === 'crash') say(`${outcome.why} before the suites finished`);
      if (outcome?.kind === 'timeout') {
        say(`TIMEOUT: the run did not finish within ${outcome.ms / 1000}s (${TIMEOUT_ENV} changes the limit)`);
      }
      if (page) {
        mkdirSync(SCREENSHOTS, { recursive: true });
        const shot = join(SCREENSHOTS, `vscode-${relative(join(REPO_ROOT, 'test', '.work', 'runs'), runDir)}.png`);
        await page.screenshot({ path: shot }).then(
          () => say(`screenshot of the workbench: ${relative(REPO_ROOT, shot)}`),
          (error: Error) => say(`no screenshot: ${error.message}`),
        );
      }
      if (outcome?.kind === 'exit' && follower.isEmpty) say('the suites printed nothing: the suite index failed to load, or the extension host never started');
      printFailureContext(runDir);
      say(`logs kept in ${relative(REPO_ROOT, runDir)} (code-server.log, browser-console.log, workbench.log)`);
    }
    await cleanUp();
  }
  if (!outcome) return 1; // unreachable: the try block either set it or threw
  if (outcome.kind === 'exit' && outcome.code === 0) {
    rmSync(runDir, { recursive: true, force: true });
    say('extension-host suites passed');
    return 0;
  }
  say(`extension-host suites FAILED (${outcome.kind === 'exit' ? `exit code ${outcome.code}` : outcome.kind})`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[test:vscode ${elapsed()}] ERROR: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
