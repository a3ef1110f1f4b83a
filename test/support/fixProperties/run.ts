import { mulberry32 } from '../random';
import { fixtureValues } from '../fixFixtures';
import { fixtureInputs, isYamlInput } from './corpus';
import { checkInput, type HarnessOptions } from './index';
import { mutate } from './mutations';
import type { FixInput } from './operations';
import { PROPERTIES, PROPERTY_NAMES, PropertyChecker } from './properties';

/** A seeded run: every fixture once, then `mutations` mutated fixtures, JSON and YAML alike. */
export interface RunPlan {
  readonly seed: number;
  readonly mutations: number;
  /** Fixtures themselves, before the mutations. */
  readonly fixtures: boolean;
  /** The evaluator on every n-th input (1: all; 0: none). */
  readonly evaluatorEvery: number;
}

export interface RunSummary {
  readonly seed: number;
  readonly inputs: { json: number; yaml: number };
  readonly operations: number;
  readonly evaluated: number;
  readonly checker: PropertyChecker;
  readonly milliseconds: number;
  /** The inputs with a violation, for triage. */
  readonly violating: FixInput[];
}

/** The seed from the environment (to replay a run), else a fresh one. */
export function seedFrom(variable: string | undefined): number {
  return variable !== undefined && variable !== '' ? Number(variable) >>> 0 : (Date.now() ^ (process.pid << 8)) >>> 0;
}

/** The inputs of a plan, in order: a generator, so that a large run holds one input at a time. */
export function* planInputs(plan: RunPlan): Generator<FixInput> {
  const corpus = fixtureInputs();
  if (plan.fixtures) yield* corpus;
  const random = mulberry32(plan.seed);
  for (let i = 0; i < plan.mutations; i++) {
    const base = corpus[Math.floor(random() * corpus.length)]!;
    const mutated = mutate(base, random, isYamlInput(base));
    yield { ...mutated, name: `#${i} ${mutated.name}` };
  }
}

export const LIMITS = { findings: 6 } as const;

export async function runPlan(plan: RunPlan): Promise<RunSummary> {
  const started = Date.now();
  const checker = new PropertyChecker();
  const inputs = { json: 0, yaml: 0 };
  const violating: FixInput[] = [];
  let operations = 0;
  let evaluated = 0;
  let index = 0;
  for (const input of planInputs(plan)) {
    const options: HarnessOptions = { values: fixtureValues(), limits: LIMITS, evaluator: plan.evaluatorEvery > 0 && index % plan.evaluatorEvery === 0 };
    const report = await checkInput(input, checker, options);
    if (isYamlInput(input)) inputs.yaml++;
    else inputs.json++;
    operations += report.operations;
    evaluated += report.evaluated;
    if (report.violations > 0) violating.push(input);
    index++;
  }
  return { seed: plan.seed, inputs, operations, evaluated, checker, milliseconds: Date.now() - started, violating };
}

export function describeSummary(summary: RunSummary): string[] {
  const lines = [
    `seed ${summary.seed}: ${summary.inputs.json} JSON and ${summary.inputs.yaml} YAML inputs, ${summary.operations} fix operations, ${summary.evaluated} before/after verdicts of the IAM evaluator, ${(summary.milliseconds / 1000).toFixed(1)} s`,
  ];
  for (const p of PROPERTIES) {
    const violations = summary.checker.violations.filter((v) => v.property === p).length;
    lines.push(`(${p}) ${PROPERTY_NAMES[p]}: ${summary.checker.checked.get(p)} checked, ${violations} violations`);
  }
  return lines;
}
