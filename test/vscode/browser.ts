// Headless Debian chromium driven by playwright-core, both installed by scripts/setup-vscode-server.sh.
// playwright-core lives in test/vscode-server/node_modules, not in the extension's dependencies, so it is
// loaded at run time and typed here by the small part of its API the harness uses (the type check must
// pass on a machine where the setup script has not run).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SERVER_DIR, SETUP_HINT } from './codeServer';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Flags for a quiet, offline chromium in a container (no sandbox as root, no GPU, no background traffic). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--disable-default-apps',
  '--disable-extensions',
];

/** A rectangle of the page, in CSS pixels. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface ConsoleMessage {
  type(): string;
  text(): string;
}

export interface Page {
  goto(url: string, options?: { timeout?: number; waitUntil?: 'load' | 'domcontentloaded' | 'commit' }): Promise<unknown>;
  exposeFunction(name: string, callback: (...args: never[]) => unknown): Promise<void>;
  screenshot(options: { path: string; fullPage?: boolean; clip?: Box }): Promise<unknown>;
  on(event: 'console', listener: (message: ConsoleMessage) => void): unknown;
  on(event: 'pageerror', listener: (error: Error) => void): unknown;
  on(event: 'crash', listener: () => void): unknown;
  /** Requests of the page, its frames and their dedicated workers. */
  on(event: 'request', listener: (request: { url(): string }) => void): unknown;
}

export interface Browser {
  newPage(options?: { viewport?: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}

interface PlaywrightCore {
  chromium: {
    launch(options: {
      executablePath: string;
      headless: boolean;
      args: string[];
      timeout?: number;
      handleSIGINT?: boolean;
      handleSIGTERM?: boolean;
      handleSIGHUP?: boolean;
    }): Promise<Browser>;
  };
}

export function loadPlaywright(): PlaywrightCore {
  const requireFromServerDir = createRequire(join(SERVER_DIR, 'package.json'));
  try {
    return requireFromServerDir('playwright-core') as PlaywrightCore;
  } catch (error) {
    throw new Error(`playwright-core is not installed in test/vscode-server (${(error as Error).message}): ${SETUP_HINT}`);
  }
}

/** The caller owns the browser: close it (the runners do so on every path out, signals included). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`chromium is not installed at ${CHROMIUM_PATH}: ${SETUP_HINT}`);
  return loadPlaywright().chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
    // The runners handle signals themselves so that the server's process group goes down too.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}
