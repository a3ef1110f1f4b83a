// One run of test code inside a real extension host of VS Code 1.100.3 (code-server), with the extension
// loaded unpacked from this repository: shared by `npm run test:vscode` (runner.ts, the Node extension host),
// `npm run test:web` (web/runner.ts, the web-worker extension host) and `npm run bench:editor`.
//
// code-server starts no extension host until a workbench connects, so headless chromium opens the workbench
// with a `payload` naming extensionDevelopmentPath and extensionTestsPath (the mechanism VS Code's own browser
// integration tests use). The extension host then loads the entry module and awaits run(); the workbench
// hands the exit code to `window.codeAutomationExit`. The reporter's lines come back either through a file the
// suite index appends to (a Node host, see suite/runEnv.ts) or through the workbench's `codeAutomationLog`,
// to which VS Code forwards the extension host's console when it runs extension tests (the web worker, which
// has no file system of its own).
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { launchChromium, type Browser, type Page } from './browser';
import { REPO_ROOT, startCodeServer, newRunDir, assertCodeServerInstalled, type CodeServer, type CodeServerOptions } from './codeServer';
import { OUTPUT_FILE_ENV, REPO_ROOT_ENV, REPORTER_LINE_MARK } from './suite/runEnv';

const WORKSPACE = join(REPO_ROOT, 'test', 'vscode', 'workspace');
const SCREENSHOTS = join(REPO_ROOT, 'test', 'screenshots');
const TIMEOUT_ENV = 'SES_GRANTS_VSCODE_TEST_TIMEOUT_MS';
const DEFAULT_TIMEOUT_MS = 10 * 60_000;

export interface WorkbenchRun {
  /** Prefix of the progress lines, e.g. `test:web`. */
  readonly label: string;
  /** Names the run folder under test/.work/runs/. */
  readonly runKind: string;
  /** The extension's bundle this extension host loads (package.json `main` or `browser`), checked to be built. */
  readonly extensionBundle: string;
  /** Puts the test code in place inside the run folder; returns the module the extension host loads (no `.js`). */
  prepare(runDir: string): Promise<string> | string;
  /** Where the reporter's lines come from (see the top of this file). */
  readonly reporterLines: 'output-file' | 'automation-log';
  /** More for code-server (user settings, command-line options, extensions to install), given the run folder. */
  server?(runDir: string): Pick<CodeServerOptions, 'userSettings' | 'extraArgs' | 'installExtensions' | 'workspaceTrust'>;
  /** More environment for code-server and the Node extension host it starts (run settings of runEnv.ts). */
  readonly env?: Readonly<Record<string, string>>;
}

type Outcome = { kind: 'exit'; code: number } | { kind: 'timeout'; ms: number } | { kind: 'crash'; why: string };

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

/**
 * The reporter's lines among what the workbench logs through `codeAutomationLog`: the web suite index marks
 * each of them (REPORTER_LINE_MARK), since the log also carries the workbench's own messages.
 */
class AutomationLogReporter {
  private lines = 0;
  take(args: unknown): void {
    for (const text of automationLogTexts(args)) {
      const at = text.indexOf(REPORTER_LINE_MARK);
      if (at === -1) continue;
      process.stdout.write(`${text.slice(at + REPORTER_LINE_MARK.length)}\n`);
      this.lines++;
    }
  }
  get isEmpty(): boolean {
    return this.lines === 0;
  }
}

/** The strings of one `codeAutomationLog(level, args)` call (args is the logger's argument list). */
function automationLogTexts(args: unknown): string[] {
  if (typeof args === 'string') return [args];
  if (Array.isArray(args)) return args.flatMap(automationLogTexts);
  return [];
}

function timeoutMs(): number {
  const value = Number(process.env[TIMEOUT_ENV] ?? DEFAULT_TIMEOUT_MS);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_TIMEOUT_MS;
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

/** Opens the workbench; resolves once the page is loading, with the exit code the suites will report. */
async function openWorkbench(
  page: Page,
  server: CodeServer,
  runDir: string,
  entry: string,
  onAutomationLog: (args: unknown) => void,
): Promise<{ exitCode: Promise<number>; crashed: Promise<string> }> {
  const browserLog = join(runDir, 'browser-console.log');
  page.on('console', (message) => appendFileSync(browserLog, `[${message.type()}] ${message.text()}\n`));
  page.on('pageerror', (error) => appendFileSync(browserLog, `[pageerror] ${error.stack ?? error.message}\n`));
  const crashed = new Promise<string>((resolve) => page.on('crash', () => resolve('the workbench page crashed')));
  await page.exposeFunction('codeAutomationLog', (level: string, args: unknown) => {
    appendFileSync(join(runDir, 'workbench.log'), `[${level}] ${JSON.stringify(args)}\n`);
    onAutomationLog(args);
  });
  const exitCode = new Promise<number>((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
  });
  const url = server.workbenchUrl(WORKSPACE, [
    ['extensionDevelopmentPath', server.remoteUri(REPO_ROOT)],
    ['extensionTestsPath', server.remoteUri(entry)],
    ['skipWelcome', 'true'],
  ]);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 180_000 });
  return { exitCode, crashed };
}

/** Runs the test code once; resolves true when it exits with code 0. Logs stay in the run folder on failure. */
export async function runInWorkbench(run: WorkbenchRun): Promise<boolean> {
  const started = Date.now();
  const say = (message: string): void => console.log(`[${run.label} ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
  assertCodeServerInstalled();
  if (!existsSync(join(REPO_ROOT, run.extensionBundle))) throw new Error(`${run.extensionBundle} is missing: build first (node scripts/build.mjs)`);
  const runDir = newRunDir(run.runKind);
  const entry = await run.prepare(runDir);
  if (!existsSync(`${entry}.js`)) throw new Error(`${relative(REPO_ROOT, entry)}.js is missing: build first (node scripts/build.mjs)`);
  const outputFile = join(runDir, 'mocha-output.txt');
  writeFileSync(outputFile, '');

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
  const onSignal = (signal: NodeJS.Signals, code: number) => () => {
    say(`${signal}: stopping code-server and chromium`);
    void cleanUp().finally(() => process.exit(code));
  };
  const signalHandlers = ([['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const).map(([signal, code]) => [signal, onSignal(signal, code)] as const);
  for (const [signal, handler] of signalHandlers) process.once(signal, handler);

  const follower = run.reporterLines === 'output-file' ? new OutputFollower(outputFile) : undefined;
  const automationLog = run.reporterLines === 'automation-log' ? new AutomationLogReporter() : undefined;
  const limit = timeoutMs();
  let overallTimer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Outcome>((resolve) => {
    overallTimer = setTimeout(() => resolve({ kind: 'timeout', ms: limit }), limit);
  });
  const runSuites = async (): Promise<Outcome> => {
    server = await startCodeServer(runDir, {
      ...run.server?.(runDir),
      env: { [REPO_ROOT_ENV]: REPO_ROOT, ...(follower ? { [OUTPUT_FILE_ENV]: outputFile } : {}), ...run.env },
    });
    say(`code-server listening on ${server.host}`);
    browser = await launchChromium();
    say('chromium started');
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const { exitCode, crashed } = await openWorkbench(page, server, runDir, entry, (args) => automationLog?.take(args));
    say(`workbench opened on ${relative(REPO_ROOT, WORKSPACE)}; running ${relative(REPO_ROOT, entry)} in the extension host`);
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
  } finally {
    clearTimeout(overallTimer);
    follower?.stop();
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
      if (outcome?.kind === 'exit' && (follower ?? automationLog)?.isEmpty) {
        say('the suites printed nothing: the suite index failed to load, or the extension host never started');
      }
      printFailureContext(runDir);
      say(`logs kept in ${relative(REPO_ROOT, runDir)} (code-server.log, browser-console.log, workbench.log)`);
    }
    await cleanUp();
    for (const [signal, handler] of signalHandlers) process.off(signal, handler);
  }
  if (!outcome) return false; // unreachable: the try block either set it or threw
  if (outcome.kind === 'exit' && outcome.code === 0) {
    rmSync(runDir, { recursive: true, force: true });
    return true;
  }
  say(`FAILED (${outcome.kind === 'exit' ? `exit code ${outcome.code}` : outcome.kind})`);
  return false;
}

/** Ends the process with the run's result: 0 when every run passed, 1 otherwise or on an error. */
export function exitWith(label: string, passed: Promise<boolean>): void {
  passed.then(
    (ok) => process.exit(ok ? 0 : 1),
    (error: unknown) => {
      console.error(`[${label}] ERROR: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
