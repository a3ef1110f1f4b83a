import { parentPort, Worker } from 'node:worker_threads';
import { runLintJob, type JobOutcome, type LintJob } from './lintJob';
import { TerraformModules } from './terraformModules';
import { plainFinding } from './located';

/**
 * The pool is opt-in: measured on an idle 2-core machine, 1,000 small files took as long with it as in one
 * thread (0.98×: a worker takes about 150 ms to start, since it loads the whole bundle, as long as this thread
 * takes for a few hundred small files). `SES_GRANTS_THREADS=<n>` lints in n threads (this one and n-1
 * workers); unset or 1, every run stays in one thread.
 */
export const THREADS_VARIABLE = 'SES_GRANTS_THREADS';
/** Marks a thread started by lintInWorkers (main.ts runs the worker loop instead of a command line). */
export const LINT_WORKER_ROLE = 'ses-grants-lint-worker';

/** How many workers lint `fileCount` files beside this thread: 0 keeps the run in this thread. */
export function workerCountFor(fileCount: number, env: NodeJS.ProcessEnv = process.env): number {
  const forced = env[THREADS_VARIABLE];
  if (forced !== undefined && /^\d+$/.test(forced.trim())) {
    const count = Number(forced.trim());
    return Math.max(0, Math.min(count, fileCount) - 1);
  }
  return 0;
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

/**
 * Lints the jobs in this thread (`lintHere`) and in `workers` worker threads running `script` (the CLI's own
 * bundle), each taking the next small batch when free: this thread lints while the workers start, so a pool is
 * never much slower than one thread. Outcomes are kept at the jobs' indexes, so the caller prints them in the
 * order a single thread would. A job that failed is left undefined, for the caller to lint again itself.
 */
export async function lintInWorkers(
  jobs: readonly LintJob[],
  script: string,
  workers: number,
  lintHere: (job: LintJob) => Promise<JobOutcome>,
): Promise<(JobOutcome | undefined)[]> {
  const outcomes: (JobOutcome | undefined)[] = new Array(jobs.length).fill(undefined);
  // Small batches balance the load; not so small that messages cost more than the lint.
  const batchSize = Math.max(1, Math.min(32, Math.ceil(jobs.length / ((workers + 1) * 8))));
  let next = 0;
  const takeBatch = (): Batch | undefined => {
    if (next >= jobs.length) return undefined;
    const start = next;
    next = Math.min(jobs.length, next + batchSize);
    return { start, jobs: jobs.slice(start, next) };
  };
  const runWorker = () =>
    new Promise<void>((resolve) => {
      const worker = new Worker(script, { workerData: { role: LINT_WORKER_ROLE } });
      const finish = () => {
        void worker.terminate().finally(resolve);
      };
      const send = () => {
        const batch = takeBatch();
        if (batch) worker.postMessage(batch);
        else finish();
      };
      worker.on('message', (result: BatchResult) => {
        result.outcomes.forEach((outcome, i) => {
          if (outcome !== null) outcomes[result.start + i] = outcome;
        });
        send();
      });
      // A worker that cannot start or dies: its batch stays undefined, the others carry on.
      worker.on('error', () => resolve());
      worker.on('exit', () => resolve());
      send();
    });
  const runHere = async () => {
    for (let batch = takeBatch(); batch; batch = takeBatch()) {
      for (const [i, job] of batch.jobs.entries()) outcomes[batch.start + i] = await lintHere(job).catch(() => undefined);
      // The lint's awaits are microtasks: yield to the event loop so that workers' results are taken in between.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await Promise.all([runHere(), ...Array.from({ length: workers }, runWorker)]);
  return outcomes;
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
}

/** An outcome as it crosses to the main thread: its findings plain objects, their messages written out. */
function plainOutcome(outcome: JobOutcome | null): JobOutcome | null {
  if (outcome?.kind !== 'linted') return outcome;
  return { kind: 'linted', file: { ...outcome.file, findings: outcome.file.findings.map(plainFinding) } };
}
