/** Typing pauses shorter than this do not re-lint: linting every keystroke would only flicker. */
export const DEBOUNCE_MS = 250;

/**
 * How long after an edit a document's diagnostics run starts, given how long its last analysis in the worker
 * took (undefined: it is analysed on the extension host's thread, or not yet). The debounce promises that
 * results come no sooner than DEBOUNCE_MS after the user's last keystroke, not that the analysis starts that
 * late: a worker's reading costs the host nothing while it runs, so it starts early enough to end about when
 * the debounce does (a 1.4 MB policy's ~100 ms analysis no longer comes on top of the 250 ms). It never starts
 * sooner than the analysis itself lasts: a second edit's run then starts after the first run has ended, so a
 * run is not cancelled by the next one (which ends the worker and starts another). On the thread the whole
 * debounce is waited, since the lint blocks the host while it runs. A reading that ends sooner than the
 * debounce (it ran faster than the last one) is held until it ends (diagnostics.ts).
 */
export function debounceFor(workerAnalysisMs: number | undefined): number {
  if (workerAnalysisMs === undefined) return DEBOUNCE_MS;
  const expected = Math.min(Math.max(workerAnalysisMs, 0), DEBOUNCE_MS);
  return Math.max(DEBOUNCE_MS - expected, expected);
}
