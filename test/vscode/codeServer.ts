// Starts code-server (VS Code 1.100.3's web workbench with a real Node extension host) for one test run and
// stops it again. Each run gets its own port, user data, extensions folder and XDG folders under
// test/.work/runs/, so runs never share state and several can run side by side in the same tree.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const SERVER_DIR = join(REPO_ROOT, 'test', 'vscode-server');
export const CODE_SERVER_ENTRY = join(SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const SETUP_HINT = 'run `bash scripts/setup-vscode-server.sh` (as root, once per machine) first';

/** User settings that keep the workbench quiet and deterministic: nothing may steal focus or go online. */
export const QUIET_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.localHistory.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'npm.autoDetect': 'off',
  'task.autoDetect': 'off',
  'typescript.tsc.autoDetect': 'off',
  'typescript.tsserver.experimental.enableProjectDiagnostics': false,
  'json.schemaDownload.enable': false,
  'files.autoSave': 'off',
  'editor.accessibilitySupport': 'off',
  // The workspace check's suites run it themselves on their own folder: a check on start would give every other
  // suite's closed fixtures diagnostics it did not ask for.
  'sesGrants.workspaceCheck': 'off',
} as const;

export interface CodeServerOptions {
  /** Extra environment for the server, inherited by its extension host (and so by the test suites). */
  readonly env?: Readonly<Record<string, string>>;
  /** Extra user settings on top of QUIET_USER_SETTINGS. */
  readonly userSettings?: Readonly<Record<string, unknown>>;
  /** How long to wait for the server to listen. */
  readonly startTimeoutMs?: number;
  /** VSIX files to install (`--install-extension`) into this run's extensions folder before the server starts. */
  readonly installExtensions?: readonly string[];
  /** More command-line options for the server, e.g. `['--locale', 'ja']`. */
  readonly extraArgs?: readonly string[];
  /**
   * Ask for this password before the workbench opens (code-server's password authentication). Tests leave it
   * out: their server listens on 127.0.0.1 for the few seconds a run takes and is driven by a browser that
   * cannot type a password. A server a person uses (`npm run demo`) sets it.
   */
  readonly password?: string;
  /** Keep VS Code's workspace trust on (it asks before trusting a folder); tests turn it off. */
  readonly workspaceTrust?: boolean;
}

export interface CodeServer {
  /** `127.0.0.1:PORT`, the authority of `vscode-remote://` URIs for this server too. */
  readonly host: string;
  readonly runDir: string;
  readonly logFile: string;
  /** `http://HOST/?folder=…[&payload=…]` for a workbench on `folder`. */
  workbenchUrl(folder: string, payload?: ReadonlyArray<readonly [string, string]>): string;
  /** `vscode-remote://HOST/abs/path`: how the workbench names a path on the server. */
  remoteUri(absolutePath: string): string;
  /** Settles when the server process ends, with how it ended (before stop(), that is a failure). */
  readonly exited: Promise<string>;
  /** Kills the server's whole process group (it forks an extension host and file watchers). */
  stop(): Promise<void>;
}

export function assertCodeServerInstalled(): void {
  if (!existsSync(CODE_SERVER_ENTRY)) {
    throw new Error(`code-server is not installed (${CODE_SERVER_ENTRY} is missing): ${SETUP_HINT}`);
  }
}

const RUNS_DIR = join(REPO_ROOT, 'test', '.work', 'runs');
/** Failed runs keep their folder for a look at the logs; a day later the next run removes it. */
const KEEP_FAILED_RUNS_MS = 24 * 60 * 60 * 1000;

export function newRunDir(kind: string): string {
  if (existsSync(RUNS_DIR)) {
    for (const name of readdirSync(RUNS_DIR)) {
      const old = join(RUNS_DIR, name);
      if (Date.now() - statSync(old).mtimeMs > KEEP_FAILED_RUNS_MS) rmSync(old, { recursive: true, force: true });
    }
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const dir = join(RUNS_DIR, `${kind}-${stamp}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Environment of the shell the tests were started from, less what would tie the server to another VS Code. */
function cleanEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') continue;
    env[key] = value;
  }
  return env;
}

function tail(file: string, lines: number): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/** Where a run's server keeps its state, inside the run folder. */
export function serverFolders(runDir: string): { userDataDir: string; extensionsDir: string; xdg: string } {
  return { userDataDir: join(runDir, 'user-data'), extensionsDir: join(runDir, 'extensions'), xdg: join(runDir, 'xdg') };
}

export async function startCodeServer(runDir: string, options: CodeServerOptions = {}): Promise<CodeServer> {
  assertCodeServerInstalled();
  const { userDataDir, extensionsDir, xdg } = serverFolders(runDir);
  for (const dir of [join(userDataDir, 'User'), extensionsDir, join(xdg, 'config'), join(xdg, 'data'), join(xdg, 'cache')]) {
    mkdirSync(dir, { recursive: true });
  }
  const trust = options.workspaceTrust ? { 'security.workspace.trust.enabled': true } : {};
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_USER_SETTINGS, ...trust, ...options.userSettings }, null, 2),
  );
  const auth = options.password === undefined ? 'none' : 'password';
  const configFile = join(runDir, 'code-server.yaml');
  writeFileSync(configFile, `auth: ${auth}\n`);
  const logFile = join(runDir, 'code-server.log');
  const env = {
    ...cleanEnvironment(),
    XDG_CONFIG_HOME: join(xdg, 'config'),
    XDG_DATA_HOME: join(xdg, 'data'),
    XDG_CACHE_HOME: join(xdg, 'cache'),
    ...options.env,
    // code-server reads the password from the environment and removes it before it starts anything.
    ...(options.password === undefined ? {} : { PASSWORD: options.password }),
  };
  for (const vsix of options.installExtensions ?? []) {
    await installExtension(vsix, { configFile, userDataDir, extensionsDir, env, logFile: join(runDir, 'install-extension.log') });
  }
  const log = createWriteStream(logFile);

  const child = spawn(
    process.execPath,
    [
      CODE_SERVER_ENTRY,
      '--config', configFile,
      // Port 0: the kernel picks a free port and the server logs it, so no two runs can race for one.
      '--bind-addr', '127.0.0.1:0',
      '--auth', auth,
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--disable-proxy',
      '--ignore-last-opened',
      ...(options.extraArgs ?? []),
    ],
    {
      cwd: runDir,
      // Its own process group, so stop() (and the exit hook) can take the extension host down with it.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    },
  );
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(`code-server exited (code ${code}, signal ${signal})`));
  });
  const killGroupNow = (): void => killGroup(child, 'SIGKILL');
  process.on('exit', killGroupNow);

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      process.off('exit', killGroupNow);
      await terminateGroup(child);
      await new Promise<void>((resolve) => log.end(resolve));
    })();
    return stopped;
  };

  try {
    const host = await waitForListening(child, log, logFile, options.startTimeoutMs ?? 30_000);
    const remoteUri = (absolutePath: string): string => `vscode-remote://${host}${absolutePath}`;
    return {
      host,
      runDir,
      logFile,
      exited,
      remoteUri,
      workbenchUrl(folder, payload) {
        let url = `http://${host}/?folder=${encodeURIComponent(folder)}`;
        if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
        return url;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** `code-server --install-extension`, as a person installs a VSIX; fails with the tool's own output. */
function installExtension(
  vsix: string,
  where: { configFile: string; userDataDir: string; extensionsDir: string; env: Record<string, string>; logFile: string },
): Promise<void> {
  const args = [
    CODE_SERVER_ENTRY,
    '--config', where.configFile,
    '--user-data-dir', where.userDataDir,
    '--extensions-dir', where.extensionsDir,
    '--install-extension', vsix,
  ];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env: where.env, timeout: 120_000 }, (error, stdout, stderr) => {
      writeFileSync(where.logFile, `${stdout}${stderr}`, { flag: 'a' });
      // code-server reports some failures on stderr with exit code 0, so its message is checked too.
      if (error || !/successfully installed/i.test(stdout)) {
        reject(new Error(`code-server --install-extension ${vsix} failed: ${error?.message ?? ''}\n${stdout}${stderr}`));
      } else {
        resolve();
      }
    });
  });
}

function waitForListening(child: ChildProcess, log: NodeJS.WritableStream, logFile: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    let listening = false;
    const fail = (why: string): void => {
      clearTimeout(timer);
      reject(new Error(`code-server ${why}; its log (${logFile}) ends with:\n${tail(logFile, 30) || seen}`));
    };
    const timer = setTimeout(() => fail(`did not listen within ${timeoutMs / 1000}s`), timeoutMs);
    const onData = (chunk: Buffer): void => {
      log.write(chunk);
      if (listening) return;
      seen += chunk.toString();
      const match = /HTTP server listening on http:\/\/([^/\s]+)/.exec(seen);
      if (match?.[1]) {
        listening = true;
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(match[1]);
      }
    };
    const onExit = (code: number | null, signal: string | null): void => fail(`exited early (code ${code}, signal ${signal})`);
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => log.write(chunk));
    child.once('exit', onExit);
    child.once('error', (error) => fail(`could not start: ${error.message}`));
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

async function terminateGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined) return;
  const exited = child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
  // The server may exit before its children do: make sure nothing of the group is left.
  killGroup(child, 'SIGKILL');
}
