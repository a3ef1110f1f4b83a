import { spawnSync, type StdioOptions } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

/** The shipped bundle, exactly as users run it; `npm test` builds it first. */
export const CLI_PATH = join(REPO_ROOT, 'dist', 'cli.js');

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], cwd = REPO_ROOT): CliRun {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run node scripts/build.mjs first`);
  const result = spawnSync(process.execPath, [CLI_PATH, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface MeasuredCliRun extends CliRun {
  /** The signal that ended the CLI, e.g. SIGTERM when it ran past the time limit. */
  readonly signal: string | null;
  readonly elapsedMs: number;
  /** The child's own peak resident set size; undefined when it died before it could report it. */
  readonly peakRssBytes: number | undefined;
  /** With `liveHeap`: the most heap the child still used after a full collection, read before each file it opened and at exit. */
  readonly liveHeap?: { readonly largestBytes: number; readonly readings: number };
}

export interface MeasuredCliOptions {
  readonly cwd?: string;
  /** Killed (SIGTERM) after this long, so a hang fails the test instead of stalling the run. */
  readonly timeoutMs: number;
  /** Where the CLI's stdout goes: captured (default) or an open file descriptor such as /dev/full's. */
  readonly stdout?: 'pipe' | number;
  /** Also read the heap the child still uses after a full collection, file by file (liveHeap.ts). */
  readonly liveHeap?: boolean;
}

const PEAK_RSS_PRELOAD = join(__dirname, 'peakRss.js');
const LIVE_HEAP_PRELOAD = join(__dirname, 'liveHeap.js');

/**
 * Runs the built CLI and measures it: wall time, and peak RSS reported by the child itself (getrusage on exit,
 * through a preloaded module), so the figure does not depend on `/usr/bin/time` being installed.
 */
export function runCliMeasured(args: readonly string[], options: MeasuredCliOptions): MeasuredCliRun {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run node scripts/build.mjs first`);
  const reportDir = mkdtempSync(join(tmpdir(), 'ses-grants-rss-'));
  const reportFile = join(reportDir, 'peak-rss-kb');
  const heapFile = join(reportDir, 'live-heap.json');
  const heapArgs = options.liveHeap ? ['--expose-gc', '--require', LIVE_HEAP_PRELOAD] : [];
  try {
    const stdio: StdioOptions = ['ignore', options.stdout ?? 'pipe', 'pipe'];
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [...heapArgs, '--require', PEAK_RSS_PRELOAD, CLI_PATH, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      encoding: 'utf8',
      stdio,
      timeout: options.timeoutMs,
      maxBuffer: 512 * 1024 * 1024,
      env: { ...process.env, SES_GRANTS_PEAK_RSS_FILE: reportFile, ...(options.liveHeap ? { SES_GRANTS_LIVE_HEAP_FILE: heapFile } : {}) },
    });
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    const peakKb = existsSync(reportFile) ? Number(readFileSync(reportFile, 'utf8')) : undefined;
    const heap = existsSync(heapFile) ? (JSON.parse(readFileSync(heapFile, 'utf8')) as { largest: number; readings: number }) : undefined;
    return {
      status: result.status,
      signal: result.signal,
      stdout: result.stdout ?? '',
      stderr: result.stderr ?? '',
      elapsedMs,
      peakRssBytes: peakKb === undefined ? undefined : peakKb * 1024,
      ...(heap ? { liveHeap: { largestBytes: heap.largest, readings: heap.readings } } : {}),
    };
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

/** The shape of one finding in `--format json` output. */
export interface JsonFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: string;
  readonly id: string;
  readonly message: string;
}
