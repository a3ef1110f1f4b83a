/**
 * The analysis worker's read-ahead: after a version's diagnostics are sent, what its first quick fix would read
 * of the whole file (service.ts `fixesReadAheadOf`) is read between the worker's messages, `CHUNK` characters'
 * worth per macrotask, so a newer version or a question waits a few milliseconds at most, never the reading. A
 * document's reading ends when its held analysis is no longer the one it reads (a newer version, `forget`, a
 * failed reading); one document's at a time, the latest started first. Plain timers: the same in a Node worker
 * thread and a Web Worker.
 */

/** Characters read per macrotask: ~2–5 ms of a YAML template's style here. */
export const READ_AHEAD_CHUNK = 64 * 1024;

interface Job {
  readonly step: (chars: number) => boolean;
  readonly alive: () => boolean;
}

export class ReadAhead {
  private readonly jobs = new Map<string, Job>();
  private scheduled = false;

  constructor(
    private readonly later: (run: () => void) => void = (run) => void setTimeout(run, 0),
    private readonly chunk = READ_AHEAD_CHUNK,
  ) {}

  /** Reads `step` ahead for `uri` while `alive()` says its analysis is still the one held. */
  start(uri: string, step: (chars: number) => boolean, alive: () => boolean): void {
    this.jobs.delete(uri);
    this.jobs.set(uri, { step, alive });
    this.schedule();
  }

  /** Whether a reading is still to do (tests). */
  get pending(): boolean {
    return this.jobs.size > 0;
  }

  private schedule(): void {
    if (this.scheduled || this.jobs.size === 0) return;
    this.scheduled = true;
    this.later(() => this.run());
  }

  private run(): void {
    this.scheduled = false;
    const [uri, job] = [...this.jobs].at(-1)!;
    let done = true;
    try {
      done = !job.alive() || job.step(this.chunk);
    } catch {
      // The fix that needs it reads it again and reports what fails there: a reading ahead never ends the worker.
    }
    if (done) this.jobs.delete(uri);
    this.schedule();
  }
}
