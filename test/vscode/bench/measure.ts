import { appendFileSync } from 'node:fs';
import { performance, PerformanceObserver } from 'node:perf_hooks';
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
  const pauses: { start: number; duration: number }[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push({ start: entry.startTime, duration: entry.duration });
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
      };
    },
  };
}

export function describeStall(stall: StallReport): string {
  const inside = stall.gcInLongestStall.length > 0 ? stall.gcInLongestStall.map((ms) => `${ms.toFixed(1)} ms`).join(', ') : 'none';
  return `${stall.longest.toFixed(1)} ms (target ≤ 50 ms; at ${stall.at.toFixed(0)} ms; garbage collection: ${stall.gcPauses} pauses, longest ${stall.longestGcPause.toFixed(1)} ms, in the longest stall: ${inside})`;
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

