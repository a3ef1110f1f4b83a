import { availableParallelism } from 'node:os';
import { parentPort, Worker } from 'node:worker_threads';
import { runLintJob, type JobOutcome, type LintJob } from './lintJob';
import { TerraformModules } from './terraformModules';
import { plainFinding } from './located';

/**
 * `SES_GRANTS_THREADS=<n>` lints in n threads (this one and n-1 workers), 1 keeps every run in this thread;
 * unset, the CLI uses a pool by itself only where one was measured to pay (workerCountFor).
 */
export const THREADS_VARIABLE = 'SES_GRANTS_THREADS';
/** Marks a thread started by startLintWorkers (main.ts runs the worker loop instead of a command line). */
export const LINT_WORKER_ROLE = 'ses-grants-lint-worker';

/**
 * From how many files, and on how many cores, a run uses a pool when SES_GRANTS_THREADS does not say. Each
 * thread pays its own start (a worker loads the bundle: ~290 M instructions) and its own warm-up: its first
 * few hundred KB of policies run 3-4 times slower, and V8 compiles the same hot functions again on a
 * background thread (TurboFan: a third of all instructions of a one-thread run of 1,000 to 16,000 small files).
 * One thread already keeps about one and a half cores busy, so on two cores a pool was slower at every size
 * measured (per-thread callgrind counts: 1,000, 4,000 and 16,000 small files, 24 policies of 100 KB; the
 * bench's pool row 0.81-0.88 at 1,000 files). The same counts, spread over four cores, put a pool of two
 * ahead by 1.1x at 1,000 files, 1.15x at 4,000 and 1.25x at 16,000 (a model, not a run on four cores): the
 * CLI chooses it by itself where the gain is clear of the model's error.
 */
export const POOL_FROM_FILES = 8_000;
export const POOL_FROM_CORES = 4;
/** Threads a pool uses by itself at most: each more thread repeats the start and the warm-up. */
const MOST_AUTOMATIC_THREADS = 4;

/**
 * How many workers lint `fileCount` files beside this thread (0 keeps the run in this thread): as
 * SES_GRANTS_THREADS says, else from POOL_FROM_FILES files on POOL_FROM_CORES cores or more, one thread per
 * two cores (up to four threads), the other cores left to V8's compiler and collector threads.
 */
export function workerCountFor(fileCount: number, env: NodeJS.ProcessEnv = process.env, cores: number = availableParallelism()): number {
  const forced = env[THREADS_VARIABLE];
  if (forced !== undefined && /^\d+$/.test(forced.trim())) {
    const count = Number(forced.trim());
    return Math.max(0, Math.min(count, fileCount) - 1);
  }
  if (fileCount < POOL_FROM_FILES || cores < POOL_FROM_CORES) return 0;
  return Math.min(Math.floor(cores / 2), MOST_AUTOMATIC_THREADS) - 1;
}

interface Batch {
  readonly start: number;
  readonly jobs: readonly LintJob[];
}

interface BatchResult {
  readonly start: number;
  /** `null` where the job threw: the caller lints that file again in its own thread, where the error surfaces. */
  readonly outcomes: readonly (JobOutcome | null)[];
}

/** What a worker posts once its bundle is loaded, before any batch: only then is it sent work. */
const READY = 'ready';

/** Workers started ahead of the jobs: they load the bundle while this thread builds the jobs and lints. */
export interface LintWorkers {
  readonly workers: readonly Worker[];
}

/** Starts `count` workers running `script` (the CLI's own bundle); they wait for lintInWorkers' batches. */
export function startLintWorkers(script: string, count: number): LintWorkers {
  return { workers: Array.from({ length: count }, () => new Worker(script, { workerData: { role: LINT_WORKER_ROLE } })) };
}

/**
 * Files per batch when `remaining` are left for `threads` threads: large batches while many files are left
 * (fewer messages), smaller towards the end so that no thread is left with a long batch while the others idle.
 */
export function batchSizeFor(remaining: number, threads: number): number {
  return Math.max(MIN_BATCH, Math.min(MAX_BATCH, Math.ceil(remaining / (threads * 4))));
}

const MIN_BATCH = 4;
const MAX_BATCH = 32;

/** The outcomes of jobs linted by a pool, taken in the jobs' order as they come. */
export interface PooledLint {
  /**
   * Job `index`'s outcome once it is linted, undefined where the job failed (the caller lints it again in its
   * own thread, where the error surfaces). Each index is taken once: the pool lets go of the outcome then.
   */
  outcome(index: number): Promise<JobOutcome | undefined>;
}

/**
 * Lints the jobs in this thread (`lintHere`) and in the started workers, each taking the next batch when free:
 * this thread lints while the workers load, and a worker is sent a batch only once it says it is ready, so a
 * pool is never much slower than one thread. The caller takes the outcomes by index, in the order a single
 * thread would print them, each as soon as it is there: outcomes are not all held until the last file.
 */
export function lintInWorkers(jobs: readonly LintJob[], pool: LintWorkers, lintHere: (job: LintJob) => Promise<JobOutcome>): PooledLint {
  const settle: ((outcome: JobOutcome | undefined) => void)[] = [];
  const pending = jobs.map(() => new Promise<JobOutcome | undefined>((resolve) => settle.push(resolve)));
  const threads = pool.workers.length + 1;
  let next = 0;
  const takeBatch = (): Batch | undefined => {
    if (next >= jobs.length) return undefined;
    const start = next;
    next = Math.min(jobs.length, next + batchSizeFor(jobs.length - next, threads));
    return { start, jobs: jobs.slice(start, next) };
  };
  // Workers that have said they are ready: those still loading when this thread has linted everything are stopped.
  const ready = new Set<Worker>();
  const runWorker = (worker: Worker) =>
    new Promise<void>((resolve) => {
      const finish = () => {
        void worker.terminate().finally(resolve);
      };
      worker.on('message', (result: BatchResult | typeof READY) => {
        if (result === READY) ready.add(worker);
        else result.outcomes.forEach((outcome, i) => settle[result.start + i]!(outcome ?? undefined));
        const batch = takeBatch();
        if (batch) worker.postMessage(batch);
        else finish();
      });
      // A worker that cannot start or dies: its batch is settled undefined below, the others carry on.
      worker.on('error', () => resolve());
      worker.on('exit', () => resolve());
    });
  const runHere = async () => {
    for (let batch = takeBatch(); batch; batch = takeBatch()) {
      for (const [i, job] of batch.jobs.entries()) settle[batch.start + i]!(await lintHere(job).catch(() => undefined));
      // The lint's awaits are microtasks: yield to the event loop so that workers' messages are taken in between.
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (const worker of pool.workers) if (!ready.has(worker)) void worker.terminate();
  };
  // Jobs whose worker died are settled undefined once every thread is done (settling twice changes nothing).
  void Promise.all([runHere(), ...pool.workers.map(runWorker)]).then(() => settle.forEach((resolve) => resolve(undefined)));
  return {
    outcome(index) {
      const outcome = pending[index]!;
      pending[index] = NOTHING_PENDING;
      return outcome;
    },
  };
}

const NOTHING_PENDING = Promise.resolve(undefined);

/** Stops workers started for jobs that will not be linted after all (the run ended early). */
export function stopLintWorkers(pool: LintWorkers | undefined): void {
  for (const worker of pool?.workers ?? []) void worker.terminate();
}

/** The worker's side: lints each batch it is sent, the Terraform parser loaded once per worker, on first need. */
export function serveLintJobs(): void {
  const port = parentPort;
  if (!port) return;
  const terraformModules = new TerraformModules();
  port.on('message', (batch: Batch) => {
    void (async () => {
      const outcomes: (JobOutcome | null)[] = [];
      for (const job of batch.jobs) {
        outcomes.push(plainOutcome(await runLintJob(job, terraformModules).catch(() => null)));
      }
      port.postMessage({ start: batch.start, outcomes } satisfies BatchResult);
    })();
  });
  port.postMessage(READY);
}

/** An outcome as it crosses to the main thread: its findings plain objects, their messages written out. */
function plainOutcome(outcome: JobOutcome | null): JobOutcome | null {
  if (outcome?.kind !== 'linted') return outcome;
  return { kind: 'linted', file: { ...outcome.file, findings: outcome.file.findings.map(plainFinding) } };
}
