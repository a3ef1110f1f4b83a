import { appendFileSync } from 'node:fs';
import { performance, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { SesGrantsApi } from '../../../src/extension/extension';
import { OUTPUT_FILE_ENV } from '../suite/runEnv';

/** What the editor bench's parts share: the extension, the report, the stall monitor, the wait for an analysis. */

export const EXTENSION_ID = 'ses-grants.ses-grants';

/** Prints a row of the bench and appends it to the runner's output file. */
export function report(line: string): void {
  console.log(line);
  const file = process.env[OUTPUT_FILE_ENV];
  if (file) appendFileSync(file, line + '\n');
}

/** Whether the document's first version was analysed within 60 s (polled: an analysis fires no event). */
export async function firstAnalysis(document: vscode.TextDocument): Promise<boolean> {
  const api = vscode.extensions.getExtension(EXTENSION_ID)?.exports as SesGrantsApi | undefined;
  if (!api) return false;
  const deadline = performance.now() + 60_000;
  while (api.lintCount(document.uri.toString(), document.version) === 0) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return true;
}

/** The longest stall of the extension host's event loop until `stop`: a 5 ms timer's longest late tick. */
export interface StallReport {
  /** The longest late tick of a 5 ms timer (ms). */
  readonly longest: number;
  /** When it ended, from the monitor's start (ms). */
  readonly at: number;
  /** Garbage-collection pauses meanwhile: how many, the longest, and those inside the longest stall. */
  readonly gcPauses: number;
  readonly longestGcPause: number;
  readonly gcInLongestStall: readonly number[];
  /** The pauses by kind (scavenge, mark-compact, incremental marking, weak callbacks): how many, the longest, their total (ms). */
  readonly gcByKind: readonly GcKindTotals[];
}

export interface GcKindTotals {
  readonly kind: string;
  readonly count: number;
  readonly longest: number;
  readonly total: number;
}

/** perf_hooks' `NODE_PERFORMANCE_GC_*` flags, named as V8 names the collections. */
const GC_KINDS: Readonly<Record<number, string>> = { 1: 'scavenge', 2: 'minor mark-sweep', 4: 'mark-compact', 8: 'incremental marking', 16: 'weak callbacks' };

function gcKindOf(entry: PerformanceEntry): string {
  // Node ≥ 16 puts the kind in `detail`; older ones on the entry itself.
  const kind = (entry as { detail?: { kind?: number } }).detail?.kind ?? (entry as { kind?: number }).kind ?? 0;
  return GC_KINDS[kind] ?? `kind ${kind}`;
}

/**
 * The longest stall of the extension host's event loop (a 5 ms timer's longest late tick), with the
 * garbage-collection pauses seen meanwhile: a stall that holds one is the heap's, not one analysis's.
 */
export function stallMonitor(): { stop(): StallReport } {
  const started = performance.now();
  let longest = 0;
  let longestEnd = started;
  let last = started;
  const ticker = setInterval(() => {
    const now = performance.now();
    if (now - last - 5 > longest) {
      longest = now - last - 5;
      longestEnd = now;
    }
    last = now;
  }, 5);
  const pauses: { start: number; duration: number; kind: string }[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push({ start: entry.startTime, duration: entry.duration, kind: gcKindOf(entry) });
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  return {
    stop() {
      clearInterval(ticker);
      gcObserver.disconnect();
      const inLongest = pauses.filter((pause) => pause.start + pause.duration > longestEnd - longest - 5 && pause.start < longestEnd);
      return {
        longest,
        at: longestEnd - started,
        gcPauses: pauses.length,
        longestGcPause: pauses.reduce((max, pause) => Math.max(max, pause.duration), 0),
        gcInLongestStall: inLongest.map((pause) => pause.duration),
        gcByKind: totalsByKind(pauses),
      };
    },
  };
}

function totalsByKind(pauses: readonly { duration: number; kind: string }[]): GcKindTotals[] {
  const byKind = new Map<string, { count: number; longest: number; total: number }>();
  for (const { kind, duration } of pauses) {
    const totals = byKind.get(kind) ?? { count: 0, longest: 0, total: 0 };
    totals.count++;
    totals.longest = Math.max(totals.longest, duration);
    totals.total += duration;
    byKind.set(kind, totals);
  }
  return [...byKind].map(([kind, totals]) => ({ kind, ...totals })).sort((a, b) => b.total - a.total);
}

export function describeStall(stall: StallReport): string {
  const inside = stall.gcInLongestStall.length > 0 ? stall.gcInLongestStall.map((ms) => `${ms.toFixed(1)} ms`).join(', ') : 'none';
  return `${stall.longest.toFixed(1)} ms (target ≤ 50 ms; at ${stall.at.toFixed(0)} ms; garbage collection: ${stall.gcPauses} pauses, longest ${stall.longestGcPause.toFixed(1)} ms, in the longest stall: ${inside})`;
}

/** The garbage collection of a stall report by kind, per edit when `edits` is given: `scavenge 41 × ≤ 3.2 ms = 52.0 ms; …`. */
export function describeGc(stall: StallReport, edits?: number): string {
  if (stall.gcByKind.length === 0) return 'none';
  const per = edits ? ` (per edit: ${(stall.gcByKind.reduce((sum, kind) => sum + kind.total, 0) / edits).toFixed(1)} ms)` : '';
  return stall.gcByKind.map((k) => `${k.kind} ${k.count} × ≤ ${k.longest.toFixed(1)} ms = ${k.total.toFixed(1)} ms`).join('; ') + per;
}

/** A session of the extension host's own inspector (CPU and heap profiles of the host from inside it). */
export async function inspectorSession(): Promise<{ post(method: string, params?: object): Promise<any>; close(): void }> {
  const inspector = await import('node:inspector');
  const session = new inspector.Session();
  session.connect();
  return {
    post: (method, params) => new Promise<any>((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result)))),
    close: () => session.disconnect(),
  };
}

/** Writes a profile to <prefix>-<name> when SES_GRANTS_BENCH_PROFILE=<prefix> asks for the files. */
export async function keepProfile(name: string, profile: unknown): Promise<void> {
  const prefix = process.env['SES_GRANTS_BENCH_PROFILE'];
  if (!prefix) return;
  const { writeFileSync } = await import('node:fs');
  writeFileSync(`${prefix}-${name}`, JSON.stringify(profile));
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

