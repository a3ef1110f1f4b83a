import { DiagnosticLists } from './diagnosticLists';
import type { AnalyzeRequest, FeatureAnswer, OffThreadReading, QueryRequest, WorkerReply, WorkerTrouble } from './protocol';
import { spawnAnalysisWorker, type WorkerHandle } from './spawn';
import { STALE_RUN_WAIT_MS } from '../debounce';
import { expectedReadingMs, onNewerVersion, type ReadingTimesByKind } from './staleRuns';
import type { TextEdit } from './textChanges';

/** How one request ended: read in the worker, superseded by a newer version, or to be read on the thread. */
export type OffThreadOutcome =
  /**
   * `worker`: which worker read it (workerHolds tells whether that worker still keeps the analysis);
   * `roundTripMs`: from posting the version to its findings back here, the analysis (`analysisMs`) included.
   */
  | { readonly kind: 'read'; readonly reading: OffThreadReading; readonly worker: number; readonly analysisMs: number; readonly roundTripMs: number }
  | { readonly kind: 'cancelled' }
  /** No worker (none can start, or it failed this job twice), or the text needs the host: analyse on the thread. */
  | { readonly kind: 'onThread' };

/** How a feature's question ended: answered, or to be answered on the thread (`onThread`, `gone`), or dropped. */
export type QueryOutcome =
  | { readonly kind: 'answered'; readonly answer: FeatureAnswer }
  /** The worker holds no analysis of that version (read again since, or a worker started since). */
  | { readonly kind: 'gone' }
  | { readonly kind: 'cancelled' }
  /** No worker, or the worker failed on the question: a restarted worker holds nothing to answer from. */
  | { readonly kind: 'onThread' };

type Replied = Extract<WorkerReply, { readonly kind: 'read' | 'answered' | 'gone' }>;
type Settled = { readonly kind: 'replied'; readonly reply: Replied; readonly worker: number; readonly roundTripMs: number } | { readonly kind: 'cancelled' } | { readonly kind: 'onThread' };

/** A version to read: its text, and the edits that lead to it when the caller logged them. */
export interface AnalyzeInput extends Pick<AnalyzeRequest, 'version' | 'languageId' | 'hint' | 'locale'> {
  /**
   * The version's text, or how to read it, only when the worker needs it whole (joining a large document's
   * lines costs); undefined when the document has left the version since.
   */
  readonly text: string | (() => string | undefined);
  /** Its length (the job's timeout, the edits' check): the text's own when `text` is a string. */
  readonly length?: number;
  /** The edits from an earlier version of the document to this one, if known (ChangeLogs.between). */
  changesSince?(version: number): readonly TextEdit[] | undefined;
  /** The version went to the worker, whole or as edits: its edits are logged from here. */
  sent?(): void;
}

interface Job {
  readonly id: number;
  /** The document's uri: a newer analysis of it cancels an older one (never a question), closing it both. */
  readonly key: string;
  /** An analysis's text is added when it is posted (`source`): whole, or the edits since the version the worker holds. */
  readonly request: AnalyzeRequest | QueryRequest;
  readonly source?: AnalyzeInput;
  readonly timeoutMs: number;
  /** Times a worker died or hung on this job; a second time the thread reads it instead. */
  failures: number;
  settle(outcome: Settled): void;
  /** When it was queued and when posted to a worker (performance.now()), for the timing of the last reading. */
  readonly queuedAt: number;
  postedAt?: number;
  /** Whether its text went as the edits since the version the worker held (its reading is then, mostly, an edited one). */
  asEdits?: boolean;
}

/** Where the time of the last reading went (ms): waiting for the worker, the analysis in it, the rest of the round trip. */
export interface ReadingTimes {
  readonly queuedMs: number;
  readonly analysisMs: number;
  /** From posting the text to the findings back on this thread, the analysis included: cloning both ways, the worker's start. */
  readonly roundTripMs: number;
}

/** Counters the extension-host tests read (through the extension's exports) and the log's last error. */
export interface OffThreadStats {
  readonly read: number;
  /** Questions of quick fixes, hover and fix-all the worker answered. */
  readonly answered: number;
  readonly cancelled: number;
  /** Newer versions that waited for a running reading of an older one (not shown) instead of ending its worker. */
  readonly waited: number;
  readonly restarts: number;
  readonly onThread: number;
  /** Versions sent to the worker as the edits since the version it held, and edits it could not apply (the text sent whole then). */
  readonly sentAsEdits: number;
  readonly textResent: number;
  /** Readings whose diagnostics came as the change from the list held (diagnosticLists.ts), not whole. */
  readonly diagnosticsAsChanges: number;
  readonly lastError: string | undefined;
  /** The key of the job the worker is on, if any. */
  readonly running: string | undefined;
  /** Whether a worker is started (it stops after a minute without work). */
  readonly started: boolean;
  readonly lastReading: ReadingTimes | undefined;
}

const GIVE_UP_AFTER_FAILURES = 2;
/** A worker holds a copy of the extension's code and heap: it stops when no large document needed it for this long. */
const IDLE_STOP_MS = 60_000;

/**
 * Time a job may take before its worker counts as hung: generous, since a 1 MB policy takes about a second
 * and a slow machine several; a worker that hangs is restarted and the job tried once more.
 */
export function defaultTimeoutMs(textLength: number): number {
  return 15_000 + Math.ceil(textLength / 1000) * 15;
}

/** The job a worker is on: its timeout, and once a newer version made it stale and waits for it, when it is ended anyway. */
interface Running {
  readonly job: Job;
  readonly timer: ReturnType<typeof setTimeout>;
  stale?: ReturnType<typeof setTimeout>;
}

/**
 * One analysis worker for the large documents of the editor, one job at a time. A newer request for a
 * document cancels the older one: a queued job is dropped; a running one whose reading is expected to end
 * soon (staleRuns.ts) is let end, its result shown to no one, since the worker keeps its analysis as the base
 * of the newer version's edited reading (the newer job waits behind it, replacing any older one queued);
 * any other running one ends with its worker (terminated, and started again for the next job), so a stale
 * analysis never keeps the worker from the current text for long. A worker
 * that dies or hangs past the job's timeout is restarted with an error in the log and the job re-analysed;
 * after a second failure, or when no worker can start at all, the job is read on the extension host's thread
 * as it was before the worker existed: no diagnostics are lost.
 */
export class AnalysisWorker {
  private readonly queue: Job[] = [];
  private running: Running | undefined;
  private worker: WorkerHandle | undefined;
  private starting: Promise<WorkerHandle | undefined> | undefined;
  private unavailable = false;
  private nextId = 1;
  private troubleForNext: WorkerTrouble | undefined;
  private timeoutOverrideMs: number | undefined;
  private counts = { read: 0, answered: 0, cancelled: 0, waited: 0, restarts: 0, onThread: 0, sentAsEdits: 0, textResent: 0, diagnosticsAsChanges: 0 };
  /**
   * How long each document's last reading took, from posting it to its findings back here (the clock a running
   * one's elapsed time is read by), of a text sent whole and of one sent as edits: what a newer version expects
   * of a running reading when it decides to wait. Apart, since a 1 MB template's full reading takes about twice
   * its edited one: after a worker restart, the full reading's time would have every next edited reading ended.
   */
  private readonly readingMs = new Map<string, ReadingTimesByKind>();
  /** The version whose text the running worker holds, by document (posted to it: messages arrive in order). */
  private readonly heldVersions = new Map<string, number>();
  /** The diagnostics the running worker last sent of each document: its next reading of one comes as the change from them. */
  private diagnosticLists = new DiagnosticLists();
  /** Counts the workers started: the number of the one running, which alone keeps what it read. */
  private generation = 0;
  private lastError: string | undefined;
  private lastReading: ReadingTimes | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * `bundle` reads the script the worker runs (the extension's bundle); `logError` writes to the "SES Grants"
   * log; `staleWaitMs`, how long a newer version waits for a stale reading's end (staleRuns.ts; tests on a
   * loaded machine, where a small document's reading may take longer than that, give it more).
   */
  constructor(
    private readonly bundle: () => Promise<string>,
    private readonly logError: (message: string) => void,
    private readonly idleStopMs = IDLE_STOP_MS,
    private readonly staleWaitMs = STALE_RUN_WAIT_MS,
  ) {}

  /** Reads a version of the document `key` names, cancelling the analysis of an older one. */
  analyze(key: string, input: AnalyzeInput): Promise<OffThreadOutcome> {
    this.cancelQueued(key, (job) => job.request.kind === 'analyze');
    this.supersedeRunning(key);
    // Questions still queued about an older version would be answered for a text the document has left (the
    // asker drops such an answer): they go, so the new version's reading does not wait behind them (a quick-fix
    // request on a 1 MB template lints it again, seconds on a busy machine). One already running finishes:
    // ending it would end the worker and what it holds.
    this.cancelQueued(key, (job) => job.request.kind === 'query' && job.request.version < input.version, false);
    const length = input.length ?? (typeof input.text === 'string' ? input.text.length : 0);
    const request = { kind: 'analyze' as const, uri: key, version: input.version, languageId: input.languageId, hint: input.hint, locale: input.locale };
    return new Promise((settle) => {
      this.enqueue(
        key,
        request,
        defaultTimeoutMs(length),
        (outcome) => settle(outcome.kind !== 'replied' ? outcome : outcome.reply.kind === 'read' ? { kind: 'read', reading: outcome.reply.reading, worker: outcome.worker, analysisMs: outcome.reply.analysisMs, roundTripMs: outcome.roundTripMs } : { kind: 'onThread' }),
        input,
      );
    });
  }

  /**
   * Asks about a version the worker read (`workerHolds`): answered after the jobs before it. `textLength`, the
   * version's, sets how long the worker may take (fix-all lints the text again, round by round).
   */
  ask(key: string, request: Omit<QueryRequest, 'kind' | 'id' | 'trouble' | 'uri'>, textLength: number): Promise<QueryOutcome> {
    return new Promise((settle) => {
      this.enqueue(key, { kind: 'query', uri: key, ...request }, defaultTimeoutMs(textLength), (outcome) =>
        settle(outcome.kind !== 'replied' ? outcome : outcome.reply.kind === 'answered' ? { kind: 'answered', answer: outcome.reply.answer } : { kind: 'gone' }),
      );
    });
  }

  /** Whether the worker that read a version (OffThreadOutcome's `worker`) is the one running: it keeps what it read last. */
  workerHolds(worker: number): boolean {
    return this.worker !== undefined && this.generation === worker;
  }

  /** The document closed: its queued and running jobs are dropped, and the worker forgets its analysis. */
  forget(key: string): void {
    this.cancelJobs(key, () => true);
    this.heldVersions.delete(key);
    this.readingMs.delete(key);
    this.diagnosticLists.forget(key);
    this.worker?.post({ kind: 'forget', uri: key });
  }

  stats(): OffThreadStats {
    return { ...this.counts, lastError: this.lastError, running: this.running?.job.key, started: this.worker !== undefined, lastReading: this.lastReading };
  }

  private enqueue(key: string, request: Omit<AnalyzeRequest, 'id' | 'trouble'> | Omit<QueryRequest, 'id' | 'trouble'>, defaultTimeout: number, settle: (outcome: Settled) => void, source?: AnalyzeInput): void {
    const id = this.nextId++;
    const trouble = this.troubleForNext;
    this.troubleForNext = undefined;
    const timeoutMs = this.timeoutOverrideMs ?? defaultTimeout;
    const job: Job = { id, key, request: { ...request, id, ...(trouble ? { trouble } : {}) } as AnalyzeRequest | QueryRequest, timeoutMs, failures: 0, settle, queuedAt: performance.now(), ...(source ? { source } : {}) };
    this.queue.push(job);
    void this.pump();
  }

  /**
   * The job's message, an analysis's text added now: the edits since the version the running worker holds
   * when the caller logged them (checked there by the version and the length), else the whole text.
   * Undefined when the document has left the version meanwhile (its text is gone: the job is cancelled).
   */
  private posted(job: Job, whole = false): AnalyzeRequest | QueryRequest | undefined {
    const { request, source } = job;
    if (request.kind !== 'analyze' || !source) return request;
    const held = this.heldVersions.get(job.key);
    const edits = !whole && held !== undefined && source.length !== undefined ? source.changesSince?.(held) : undefined;
    let message: AnalyzeRequest;
    // The diagnostics this side holds of the document: the worker answers with the change from them when it sent them last.
    const base = this.diagnosticLists.baseOf(job.key);
    const diagnosticsBase = base !== undefined ? { diagnosticsBase: base } : {};
    if (edits && held !== undefined && source.length !== undefined) message = { ...request, ...diagnosticsBase, changes: { from: held, edits, length: source.length } };
    else {
      const text = typeof source.text === 'string' ? source.text : source.text();
      if (text === undefined) return undefined;
      message = { ...request, ...diagnosticsBase, text };
    }
    if (message.changes) this.counts.sentAsEdits++;
    job.asEdits = message.changes !== undefined;
    this.heldVersions.set(job.key, request.version);
    source.sent?.();
    return message;
  }

  /** The running job's version is no longer the document's: dropped, as a newer version would have dropped it. */
  private dropRunning(job: Job): void {
    this.stopRunning();
    this.counts.cancelled++;
    job.settle({ kind: 'cancelled' });
    void this.pump();
  }

  /** Drops the document's queued or running jobs that `which` picks (the document closed). */
  private cancelJobs(key: string, which: (job: Job) => boolean): void {
    this.cancelQueued(key, which);
    if (this.running?.job.key === key && which(this.running.job)) this.endRunning(this.running);
  }

  /** Ends the running job with its worker (started again for the next job); a stale one was counted and settled already. */
  private endRunning(running: Running): void {
    const { job } = running;
    this.stopRunning();
    this.stopWorker();
    if (!running.stale) {
      this.counts.cancelled++;
      job.settle({ kind: 'cancelled' });
    }
    void this.pump();
  }

  /**
   * A newer version of `key` arrived: a reading of an older one still running is stale. Its outcome is
   * `cancelled` now; the reading itself goes on when it is expected to end soon (its worker keeps the analysis
   * the newer version is read from as edits), else it is ended with its worker as before; one that was let go
   * on is ended all the same if it has not ended by the time the decision gave it.
   */
  private supersedeRunning(key: string): void {
    const running = this.running;
    if (!running || running.job.key !== key || running.job.request.kind !== 'analyze' || running.stale) return;
    const { job } = running;
    const decision = job.postedAt === undefined ? undefined : onNewerVersion(performance.now() - job.postedAt, expectedReadingMs(this.readingMs.get(key), job.asEdits === true), this.staleWaitMs);
    if (decision?.kind !== 'wait') {
      this.endRunning(running);
      return;
    }
    running.stale = setTimeout(() => {
      if (this.running === running) this.endRunning(running);
    }, decision.forMs);
    this.counts.cancelled++;
    this.counts.waited++;
    job.settle({ kind: 'cancelled' });
  }

  /** Drops the document's queued jobs that `which` picks, none running; `counted` in the stats' `cancelled` (analyses). */
  private cancelQueued(key: string, which: (job: Job) => boolean, counted = true): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const job = this.queue[i]!;
      if (job.key !== key || !which(job)) continue;
      this.queue.splice(i, 1);
      if (counted) this.counts.cancelled++;
      job.settle({ kind: 'cancelled' });
    }
  }

  /** Tests: the next job crashes or hangs its worker (once; the re-analysis runs normally). */
  troubleNextJob(trouble: WorkerTrouble): void {
    this.troubleForNext = trouble;
  }

  /** Tests: a shorter timeout, to see a hang handled without waiting the real one; undefined restores it. */
  setTimeoutMs(ms: number | undefined): void {
    this.timeoutOverrideMs = ms;
  }

  dispose(): void {
    clearTimeout(this.idleTimer);
    for (const job of this.queue.splice(0)) job.settle({ kind: 'cancelled' });
    if (this.running) {
      const { job } = this.running;
      this.stopRunning();
      job.settle({ kind: 'cancelled' }); // a stale job's second settle changes nothing
    }
    this.stopWorker();
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    if (this.queue.length === 0) {
      this.stopWhenIdle();
      return;
    }
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const job = this.queue.shift()!;
    const timer = setTimeout(() => this.failed(job, `did not answer within ${job.timeoutMs} ms`), job.timeoutMs);
    this.running = { job, timer };
    const worker = await this.startedWorker();
    if (this.running?.job !== job) return; // cancelled while the worker started
    if (!worker) {
      this.stopRunning();
      this.onThread(job);
      return;
    }
    job.postedAt = performance.now();
    const message = this.posted(job);
    if (message) worker.post(message);
    else this.dropRunning(job);
  }

  private startedWorker(): Promise<WorkerHandle | undefined> {
    if (this.worker || this.unavailable) return Promise.resolve(this.worker);
    // One start at a time: a job cancelled while its worker started leaves the start to the next job.
    this.starting ??= this.start().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async start(): Promise<WorkerHandle | undefined> {
    try {
      const bundle = await this.bundle();
      this.generation++;
      const worker: WorkerHandle = spawnAnalysisWorker(bundle, {
        reply: (reply) => this.replied(reply),
        died: (why) => {
          if (this.worker === worker) this.died(why);
        },
      });
      this.worker = worker;
      return worker;
    } catch (error) {
      this.unavailable = true;
      this.note(`The analysis worker cannot start, large documents are analysed on the extension host's thread: ${describe(error)}`);
      return undefined;
    }
  }

  private replied(reply: WorkerReply): void {
    if (reply.kind === 'crashed') {
      this.died(reply.error);
      return;
    }
    const running = this.running;
    if (!running || running.job.id !== reply.id) return; // a cancelled job's late answer
    const { queuedAt, postedAt = queuedAt } = running.job;
    const roundTripMs = performance.now() - postedAt;
    if (reply.kind === 'read') this.readingMs.set(running.job.key, { ...this.readingMs.get(running.job.key), [running.job.asEdits ? 'edits' : 'whole']: roundTripMs });
    if (running.stale) {
      // A newer version waited for this reading: shown to no one (its job settled already), its analysis kept
      // in the worker. Edits that fitted nothing there leave the worker without the document's text.
      if (reply.kind === 'needsText') this.heldVersions.delete(running.job.key);
      // Its diagnostics are still the list the worker will send the next reading's change from: held here too.
      if (reply.kind === 'read') this.wholeReading(running.job, reply);
      this.stopRunning();
      void this.pump();
      return;
    }
    if (reply.kind === 'needsText') {
      // The worker held another version than this side thought (or the edits did not fit): the text, whole.
      this.counts.textResent++;
      const message = this.posted(running.job, true);
      if (message) this.worker?.post(withoutTrouble(message));
      else this.dropRunning(running.job);
      return;
    }
    this.stopRunning();
    if (reply.kind === 'read') reply = this.wholeReading(running.job, reply);
    if (reply.kind === 'read' || reply.kind === 'answered' || reply.kind === 'gone') {
      if (reply.kind !== 'gone') this.counts[reply.kind]++;
      if (reply.kind === 'read') this.lastReading = { queuedMs: postedAt - queuedAt, analysisMs: reply.analysisMs, roundTripMs };
      running.job.settle({ kind: 'replied', reply, worker: this.generation, roundTripMs });
    } else {
      // The analysis failed in the worker (or needs the host's Terraform parser): the thread reads it, and
      // logs a failure there as it always has.
      this.onThread(running.job);
    }
    void this.pump();
  }

  /**
   * A reading with its whole list of diagnostics (diagnosticLists.ts: it may come as the change from the list
   * held); a change of a list not held, which the worker never sends, is a failure: the thread reads the version.
   */
  private wholeReading(job: Job, reply: Extract<WorkerReply, { readonly kind: 'read' }>): WorkerReply {
    const reading = this.diagnosticLists.received(job.key, reply.id, reply.reading);
    if (reading === reply.reading) return reply;
    if (reading) {
      this.counts.diagnosticsAsChanges++;
      return { ...reply, reading };
    }
    this.note(`The analysis worker sent diagnostics as a change of a list this side does not hold; the document is read on the extension host's thread.`);
    return { id: reply.id, kind: 'failed', error: 'diagnostics delta of an unknown list' };
  }

  private died(why: string): void {
    const job = this.running?.job;
    if (job) this.failed(job, `stopped: ${why}`);
    else {
      this.stopWorker();
      this.note(`The analysis worker stopped while idle: ${why}`);
    }
  }

  /**
   * The worker died or hung on `job`: a new worker, and an analysis once more (or on the thread the second
   * time); a question goes to the thread at once, since the new worker holds no analysis to answer it from.
   */
  private failed(job: Job, what: string): void {
    const running = this.running;
    if (running?.job !== job) return;
    this.stopRunning();
    this.stopWorker();
    this.counts.restarts++;
    if (running.stale) {
      // A stale reading: nobody waits for its result, the newer version queued is read by the new worker.
      this.note(`The analysis worker ${what} on an older version of a document; it is restarted.`);
      void this.pump();
      return;
    }
    job.failures++;
    const retry = job.request.kind === 'analyze' && job.failures < GIVE_UP_AFTER_FAILURES;
    const then = job.request.kind === 'query' ? "its question answered on the extension host's thread" : `the document analysed ${retry ? 'again' : "on the extension host's thread"}`;
    this.note(`The analysis worker ${what}; it is restarted and ${then}.`);
    if (retry) this.queue.unshift({ ...job, request: withoutTrouble(job.request) });
    else this.onThread(job);
    void this.pump();
  }

  private stopWhenIdle(): void {
    if (!this.worker || this.idleTimer !== undefined) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (!this.running && this.queue.length === 0) this.stopWorker();
    }, this.idleStopMs);
  }

  private onThread(job: Job): void {
    this.counts.onThread++;
    job.settle({ kind: 'onThread' });
  }

  private stopRunning(): void {
    if (this.running) {
      clearTimeout(this.running.timer);
      clearTimeout(this.running.stale);
    }
    this.running = undefined;
  }

  private stopWorker(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.heldVersions.clear();
    this.diagnosticLists = new DiagnosticLists();
  }

  private note(message: string): void {
    this.lastError = message;
    this.logError(message);
  }
}

function withoutTrouble(request: AnalyzeRequest | QueryRequest): AnalyzeRequest | QueryRequest {
  const { trouble: _trouble, ...rest } = request;
  return rest;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
