import { STALE_RUN_WAIT_MS } from '../debounce';

/** What becomes of a worker's running reading when a newer version of its document arrives. */
export type StaleRunDecision =
  /** Let it end (its result is not shown; the worker keeps its analysis for the newer version's edited reading), for `forMs` at most. */
  | { readonly kind: 'wait'; readonly forMs: number }
  /** End it now, with its worker (started again for the newer version, which is then read whole). */
  | { readonly kind: 'end' };

const END: StaleRunDecision = { kind: 'end' };

/**
 * Whether a newer version waits for the running reading of an older one or ends it, from how long that reading
 * has run (`elapsedMs`, from posting it) and how long the document's last reading in this worker took
 * (`expectedMs`, the same clock; undefined when none was timed: a first reading, whose length nothing tells).
 * Ending a running job ends its worker: a restart and a full reading of the newer version, where waiting costs
 * only the rest of the older one. So it is waited for when it is expected to end within STALE_RUN_WAIT_MS, and
 * until it has run twice its expected time and STALE_RUN_WAIT_MS more: a reading that overruns that far (a hang,
 * most likely) is ended as before. (`waitMs`: tests on a loaded machine wait longer.)
 */
export function onNewerVersion(elapsedMs: number, expectedMs: number | undefined, waitMs = STALE_RUN_WAIT_MS): StaleRunDecision {
  if (expectedMs === undefined || !Number.isFinite(expectedMs) || !Number.isFinite(elapsedMs)) return END;
  const remaining = expectedMs - Math.max(elapsedMs, 0);
  if (remaining > waitMs) return END;
  // Until twice its expected time and waitMs more: on a loaded machine a reading often takes twice its last,
  // and ending it costs more (a worker started again and a full reading, which alone takes about twice an edited one).
  const forMs = remaining + expectedMs + waitMs;
  return forMs > 0 ? { kind: 'wait', forMs } : END;
}

/** A document's last reading times (posted to findings back) in the worker, of a text sent whole and of one sent as edits. */
export interface ReadingTimesByKind {
  readonly whole?: number;
  readonly edits?: number;
}

/**
 * How long a running reading is expected to take: the document's last of the same kind. A version sent as edits
 * is mostly read from the older analysis (a 1 MB template: ~200 ms against ~450 ms whole), so a full reading's
 * time (the first, or the one after a worker restart) would have every next edited reading ended; without an
 * edited one timed yet, it is expected to take as long as a whole one.
 */
export function expectedReadingMs(times: ReadingTimesByKind | undefined, asEdits: boolean): number | undefined {
  return asEdits ? (times?.edits ?? times?.whole) : times?.whole;
}
