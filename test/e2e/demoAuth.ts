// Part of `npm run test:e2e`: `npm run demo` (demo.ts) really keeps its workbench behind the password it
// prints. The workbench gives whoever opens it a terminal, so a demo that came up with `--auth none` would hand
// a shell to any local user who finds the port; nothing else would notice.
//
// Runs the built demo (out/test/e2e/demo.js, on the VSIX `npm run test:e2e` has just packaged) twice, reads the
// URL, password and run folder it prints, and checks over HTTP (no browser): the workbench without a session
// redirects to code-server's login page; a wrong password is refused; the printed one gives a session cookie
// that opens the workbench; the second run prints another password (and listens where SES_GRANTS_DEMO_BIND
// says); on SIGINT the demo exits, its server stops answering and its run folder is gone.
// Every wait is bounded; on a timeout or any failure the demos still running are stopped by PID.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from '../vscode/codeServer';

const DEMO_SCRIPT = join(REPO_ROOT, 'out', 'test', 'e2e', 'demo.js');
/** Installing the VSIX and starting code-server: ~15 s alone, several times that on a loaded two-core machine. */
const START_LIMIT_MS = 150_000;
/** SIGINT to exit: the demo stops code-server's process group (SIGTERM, then SIGKILL after a grace period). */
const STOP_LIMIT_MS = 30_000;
/** Any one HTTP request to the local server. */
const REQUEST_LIMIT_MS = 30_000;
/** Two demo runs end to end. */
const OVERALL_LIMIT_MS = 6 * 60_000;
const SESSION_COOKIE = 'code-server-session';
/** What code-server's login page (src/browser/pages/login.html) and VS Code's workbench page hold. */
const LOGIN_FORM = 'class="login-form"';
const LOGIN_ERROR = 'class="error"';
const WORKBENCH_MARKER = 'id="vscode-workbench-web-configuration"';

const started = Date.now();
const say = (message: string): void => console.log(`[test:e2e demo ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);

interface DemoRun {
  readonly child: ChildProcess;
  readonly url: URL;
  readonly password: string;
  /** Absolute path of the run folder the demo says it deletes when it stops. */
  readonly runDir: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

const running = new Set<ChildProcess>();

/** Stops a demo by its PID: SIGTERM lets it stop its server and delete its folder; SIGKILL if it does not exit. */
function forceStop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_LIMIT_MS);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${ms / 1000}s`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** Starts `node out/test/e2e/demo.js` and waits for the lines a person reads: URL, password and run folder. */
async function startDemo(bind: string | undefined): Promise<DemoRun> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.SES_GRANTS_DEMO_BIND;
  if (bind) env.SES_GRANTS_DEMO_BIND = bind;
  const child = spawn(process.execPath, [DEMO_SCRIPT], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  const printed = new Promise<{ url: string; password: string; runDir: string }>((resolve, reject) => {
    const look = (): void => {
      const url = /^\s+open\s+(http:\/\/\S+)$/m.exec(output)?.[1];
      const password = /^\s+password\s+(\S+)$/m.exec(output)?.[1];
      const workspace = /^workspace: a copy of examples\/ in (\S+)\/workspace /m.exec(output)?.[1];
      if (url && password && workspace) resolve({ url, password, runDir: join(REPO_ROOT, workspace) });
    };
    child.stdout.on('data', look);
    void exited.then(({ code, signal }) => reject(new Error(`the demo exited (code ${code}, signal ${signal}) before printing its URL:\n${output}`)));
  });
  try {
    const { url, password, runDir } = await withTimeout(printed, START_LIMIT_MS, 'starting the demo');
    return { child, url: new URL(url), password, runDir, exited, output: () => output };
  } catch (error) {
    await forceStop(child);
    throw error;
  }
}

function request(url: URL | string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(REQUEST_LIMIT_MS), ...init });
}

/** (1)–(3): no session means the login page; a wrong password is refused; the printed one opens the workbench. */
async function checkLogin(demo: DemoRun): Promise<void> {
  const anonymous = await request(demo.url);
  const anonymousBody = await anonymous.text();
  assert.equal(anonymous.status, 302, `the workbench URL without a session answered ${anonymous.status}, not a redirect to /login`);
  assert.ok(!anonymousBody.includes(WORKBENCH_MARKER), 'the workbench page was served without a session');
  const loginUrl = new URL(anonymous.headers.get('location') ?? '', demo.url);
  assert.equal(loginUrl.pathname, '/login', `redirected to ${loginUrl.href}, not the login page`);
  const loginPage = await request(loginUrl);
  const loginBody = await loginPage.text();
  assert.equal(loginPage.status, 200);
  assert.ok(loginBody.includes(LOGIN_FORM) && loginBody.includes('name="password"'), 'the login page has no password form');
  say(`(1) ${demo.url.pathname}${demo.url.search.slice(0, 20)}… without a session: 302 to ${loginUrl.pathname}, the login form`);

  const wrong = await postPassword(loginUrl, `${demo.password}x`);
  const wrongBody = await wrong.text();
  assert.equal(wrong.status, 200, `a wrong password answered ${wrong.status}`);
  assert.ok(wrongBody.includes(LOGIN_FORM) && wrongBody.includes(LOGIN_ERROR), 'a wrong password did not get the login page with its error');
  assert.equal(sessionCookie(wrong), undefined, 'a wrong password was given a session cookie');
  say('(2) a wrong password: the login page again with its error, no session cookie');

  const right = await postPassword(loginUrl, demo.password);
  await right.text();
  assert.equal(right.status, 302, `the printed password answered ${right.status}, not a redirect into the workbench`);
  const cookie = sessionCookie(right);
  assert.ok(cookie, 'the printed password was given no session cookie');
  const workbench = await request(demo.url, { headers: { cookie } });
  const workbenchBody = await workbench.text();
  assert.equal(workbench.status, 200, `the workbench URL with the session answered ${workbench.status}`);
  assert.ok(workbenchBody.includes(WORKBENCH_MARKER), 'the workbench URL with the session did not serve the workbench page');
  say(`(3) the printed password: ${SESSION_COOKIE} cookie, then the workbench page (${workbenchBody.length} bytes)`);
}

function postPassword(loginUrl: URL, password: string): Promise<Response> {
  return request(loginUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ password }).toString(),
  });
}

/** `name=value` of code-server's session cookie if the response sets it. */
function sessionCookie(response: Response): string | undefined {
  return response.headers
    .getSetCookie()
    .map((header) => header.split(';', 1)[0] ?? '')
    .find((pair) => pair.startsWith(`${SESSION_COOKIE}=`) && pair.length > SESSION_COOKIE.length + 1);
}

/** (5): SIGINT ends the demo, its server stops answering, and its run folder is gone. */
async function checkStop(demo: DemoRun): Promise<void> {
  assert.ok(existsSync(demo.runDir), `the printed run folder ${demo.runDir} does not exist while the demo runs`);
  demo.child.kill('SIGINT');
  const { code, signal } = await withTimeout(demo.exited, STOP_LIMIT_MS, 'stopping the demo on SIGINT');
  assert.equal(code, 0, `the demo exited with code ${code}, signal ${signal} on SIGINT:\n${demo.output()}`);
  assert.ok(!existsSync(demo.runDir), `the run folder ${demo.runDir} is still there after the demo stopped`);
  await assert.rejects(request(demo.url), `${demo.url.host} still answers after the demo stopped`);
  say(`(5) SIGINT: exit code 0, ${demo.url.host} no longer answers, the run folder is deleted`);
}

/** A port free now, for SES_GRANTS_DEMO_BIND (the kernel picks it; released just before the demo binds it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The demo's password: 18 random bytes in base64url. */
const PASSWORD_SHAPE = /^[A-Za-z0-9_-]{24}$/;

async function main(): Promise<void> {
  const first = await startDemo(undefined);
  say(`demo 1 on ${first.url.host} (its default, a free port), run folder ${first.runDir}`);
  assert.match(first.password, PASSWORD_SHAPE);
  assert.equal(first.url.hostname, '127.0.0.1', 'the demo listens beyond this machine by default');
  await checkLogin(first);
  await checkStop(first);

  const port = await freePort();
  const second = await startDemo(`127.0.0.1:${port}`);
  say(`demo 2 on ${second.url.host} (SES_GRANTS_DEMO_BIND=127.0.0.1:${port})`);
  assert.equal(second.url.port, String(port), 'the demo did not listen where SES_GRANTS_DEMO_BIND said');
  assert.match(second.password, PASSWORD_SHAPE);
  assert.notEqual(second.password, first.password, 'two runs printed the same password');
  say('(4) the second run printed another password');
  await checkStop(second);
}

const stopAll = (): Promise<void[]> => Promise.all([...running].map(forceStop));
process.on('exit', () => {
  for (const child of running) child.kill('SIGTERM');
});
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  process.once(signal, () => void stopAll().finally(() => process.exit(code)));
}

withTimeout(main(), OVERALL_LIMIT_MS, 'the demo check').then(
  () => {
    say('the demo asks for its password and cleans up after itself');
    process.exit(0);
  },
  (error: unknown) => {
    console.error(`[test:e2e demo] FAILED: ${error instanceof Error ? error.message : String(error)}`);
    void stopAll().finally(() => process.exit(1));
  },
);
