import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { fixtureValues } from '../support/fixFixtures';
import { isYamlInput } from '../support/fixProperties/corpus';
import { checkInput } from '../support/fixProperties/index';
import { planInputs, LIMITS, seedFrom, type RunPlan } from '../support/fixProperties/run';
import { PROPERTIES, PROPERTY_NAMES, PropertyChecker, type Property, type Violation } from '../support/fixProperties/properties';
import type { FixInput } from '../support/fixProperties/operations';

/**
 * `npm run fuzz:fix`: the large run of the fix invariants (test/support/fixProperties). Every fixture, then
 * FIX_FUZZ_INPUTS (default 20,000) seeded mutations of them, JSON and YAML, through every quick fix and
 * fix-all attended and unattended; the IAM evaluator on every FIX_FUZZ_EVALUATOR_EVERY-th input (default 1).
 * Worker threads share the inputs (FIX_FUZZ_WORKERS, default 2); an input that takes longer than
 * FIX_FUZZ_TIMEOUT_MS (default 20,000) is a hang: its worker is stopped and replaced. Prints counts per format
 * and per property, the seed and the wall time; every violating or hanging input is written to FIX_FUZZ_OUT
 * (default fuzz-violations/<seed>/) with what it broke, for triage. Exit status 1 when anything was found.
 */

interface Job {
  readonly index: number;
  readonly input: FixInput;
}

interface JobResult {
  readonly index: number;
  readonly operations: number;
  readonly evaluated: number;
  readonly checked: Record<Property, number>;
  readonly violations: Violation[];
}

interface WorkerData {
  readonly evaluatorEvery: number;
}

if (!isMainThread) {
  const { evaluatorEvery } = workerData as WorkerData;
  parentPort!.on('message', (job: Job) => {
    void (async () => {
      const checker = new PropertyChecker();
      let report;
      try {
        report = await checkInput(job.input, checker, { values: fixtureValues(), limits: LIMITS, evaluator: evaluatorEvery > 0 && job.index % evaluatorEvery === 0 });
      } catch (error) {
        checker.violations.push({ input: job.input.name, property: 'a', operation: 'the harness', message: `threw: ${error instanceof Error ? error.stack : String(error)}` });
        report = { operations: 0, evaluated: 0 };
      }
      const result: JobResult = {
        index: job.index,
        operations: report.operations,
        evaluated: report.evaluated,
        checked: Object.fromEntries(checker.checked) as Record<Property, number>,
        violations: checker.violations,
      };
      parentPort!.postMessage(result);
    })();
  });
} else {
  void main();
}

async function main(): Promise<void> {
  const plan: RunPlan = {
    seed: seedFrom(process.env['FIX_FUZZ_SEED']),
    mutations: Number(process.env['FIX_FUZZ_INPUTS'] ?? 20_000),
    fixtures: true,
    evaluatorEvery: Number(process.env['FIX_FUZZ_EVALUATOR_EVERY'] ?? 1),
  };
  const workers = Number(process.env['FIX_FUZZ_WORKERS'] ?? Math.min(2, availableParallelism()));
  const timeout = Number(process.env['FIX_FUZZ_TIMEOUT_MS'] ?? 20_000);
  const out = process.env['FIX_FUZZ_OUT'] ?? join('fuzz-violations', String(plan.seed));
  const started = Date.now();
  console.log(`fuzz:fix seed ${plan.seed}, ${plan.mutations} mutations plus every fixture, ${workers} workers (replay: FIX_FUZZ_SEED=${plan.seed})`);

  const inputs = planInputs(plan);
  const counts = { json: 0, yaml: 0, operations: 0, evaluated: 0, hangs: 0 };
  const checked = new Map<Property, number>(PROPERTIES.map((p) => [p, 0]));
  const violations: Violation[] = [];
  const saved = new Set<number>();
  let next = 0;

  const save = (job: Job, found: readonly Violation[] | string) => {
    if (saved.has(job.index)) return;
    saved.add(job.index);
    mkdirSync(out, { recursive: true });
    const base = join(out, `${String(job.index).padStart(6, '0')}`);
    writeFileSync(`${base}-${job.input.fileName}`, job.input.text);
    writeFileSync(`${base}.txt`, `${job.input.name}\n\n${typeof found === 'string' ? found : found.map((v) => `(${v.property}) ${v.operation}: ${v.message}`).join('\n')}\n`);
  };

  const runWorker = (): Promise<void> =>
    new Promise((resolve) => {
      let worker = new Worker(__filename, { workerData: { evaluatorEvery: plan.evaluatorEvery } satisfies WorkerData });
      let current: Job | undefined;
      let timer: NodeJS.Timeout | undefined;
      const feed = () => {
        const item = inputs.next();
        if (item.done) {
          current = undefined;
          void worker.terminate().then(() => resolve());
          return;
        }
        current = { index: next++, input: item.value };
        if (isYamlInput(current.input)) counts.yaml++;
        else counts.json++;
        timer = setTimeout(() => {
          // A hang: the input is saved, the worker replaced, and the run goes on.
          counts.hangs++;
          save(current!, `hang: no result within ${timeout} ms`);
          worker.removeAllListeners();
          void worker.terminate();
          worker = spawn();
          feed();
        }, timeout);
        worker.postMessage(current);
      };
      const spawn = () => {
        const fresh = new Worker(__filename, { workerData: { evaluatorEvery: plan.evaluatorEvery } satisfies WorkerData });
        attach(fresh);
        return fresh;
      };
      const attach = (w: Worker) => {
        w.on('message', (result: JobResult) => {
          clearTimeout(timer);
          counts.operations += result.operations;
          counts.evaluated += result.evaluated;
          for (const p of PROPERTIES) checked.set(p, checked.get(p)! + result.checked[p]);
          if (result.violations.length > 0) {
            violations.push(...result.violations);
            save(current!, result.violations);
          }
          const done = counts.json + counts.yaml;
          if (done % 1000 === 0) console.log(`  ${done} inputs, ${violations.length} violations, ${counts.hangs} hangs, ${((Date.now() - started) / 1000).toFixed(0)} s`);
          feed();
        });
        w.on('error', (error) => {
          clearTimeout(timer);
          violations.push({ input: current?.input.name ?? '?', property: 'a', operation: 'the worker', message: String(error) });
          if (current) save(current, `worker error: ${String(error)}`);
          worker = spawn();
          feed();
        });
      };
      attach(worker);
      feed();
    });

  await Promise.all(Array.from({ length: workers }, runWorker));

  const seconds = (Date.now() - started) / 1000;
  console.log(`seed ${plan.seed}: ${counts.json} JSON and ${counts.yaml} YAML inputs (${counts.json + counts.yaml} in all), ${counts.operations} fix operations, ${counts.evaluated} before/after verdicts of the IAM evaluator, ${counts.hangs} hangs, ${seconds.toFixed(1)} s wall time`);
  for (const p of PROPERTIES) console.log(`  (${p}) ${PROPERTY_NAMES[p]}: ${checked.get(p)} checked, ${violations.filter((v) => v.property === p).length} violations`);
  if (violations.length > 0 || counts.hangs > 0) {
    console.log(`${violations.length} violations in ${saved.size} inputs; saved to ${out}`);
    for (const v of violations.slice(0, 30)) console.log(`  (${v.property}) ${v.input} — ${v.operation}: ${v.message}`);
    process.exitCode = 1;
  }
}
