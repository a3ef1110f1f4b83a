/**
 * Typing pauses shorter than this do not show new diagnostics: showing every keystroke's would only flicker.
 * The squiggle paints later than this by VS Code's own trips (keystroke to the extension host, markers to the
 * painted squiggle: 40–110 ms on 1 MB files, `npm run bench:ui`): at 250 ms a 1.39 MB policy's squiggle painted
 * 304–309 ms after the keystroke and a 1 MB YAML template's 342–371 ms; at 200 ms, 258–268 and 296–306 ms,
 * within the 300 ms that `npm run bench:ui` holds a 1 MB policy to. Keys typed less than 200 ms apart (most keys
 * within a word, for a typist at 60 words a minute) still show nothing in between.
 */
export const DEBOUNCE_MS = 200;

/**
 * A newer version waits for a running worker reading of an older one (whose result is never shown) when it is
 * expected to end within this long, and ends it (with its worker) when it has run twice its expected time and
 * this long more (staleRuns.ts). The same as the debounce: a wait no longer than the hold the user already has, and
 * shorter than what ending it costs (a worker started again, ~100–300 ms, and a full reading of the newer
 * version instead of the edited reading from the older one: a 1 MB template's ~450 ms instead of ~200 ms).
 */
export const STALE_RUN_WAIT_MS = DEBOUNCE_MS;

/**
 * How long after an edit a document's diagnostics run starts, given how long its last analysis in the worker
 * took (`e`; undefined: it is analysed on the extension host's thread, or not yet). The debounce promises
 * that results come no sooner than DEBOUNCE_MS after the user's last keystroke, not that the analysis starts
 * that late: a worker's reading costs the host nothing while it runs, so it starts early enough to end about
 * when the debounce does (DEBOUNCE_MS − e; a reading that ends sooner is held until the debounce ends,
 * diagnostics.ts). A keystroke while it runs does not end it: the newer version waits for it
 * (analysisWorker.ts, staleRuns.ts), since ending a running job ends its worker, with the analysis the newer
 * version's edited reading starts from. A reading longer than the debounce (e > DEBOUNCE_MS) starts
 * e − STALE_RUN_WAIT_MS after the edit, the whole debounce at most: a keystroke later than that finds it
 * within STALE_RUN_WAIT_MS of its end, so it is waited for, never ended (a sooner start would only start
 * readings that each next keystroke ends, with their worker). On the thread the whole debounce is waited,
 * since the lint blocks the host while it runs.
 */
export function debounceFor(workerAnalysisMs: number | undefined): number {
  if (workerAnalysisMs === undefined) return DEBOUNCE_MS;
  const expected = Math.max(workerAnalysisMs, 0);
  if (expected <= DEBOUNCE_MS) return DEBOUNCE_MS - expected;
  return Math.min(expected - STALE_RUN_WAIT_MS, DEBOUNCE_MS);
}
