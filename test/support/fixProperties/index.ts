import type { FormattingPreferences } from '../../../src/policy/fixes';
import type { GrantValues } from '../../../src/policy/templates';
import { fixAllRun, FIX_ALL_MODES, formattingOf, linterFor, quickFixRuns, type FixInput, type RunLimits } from './operations';
import { compareWithEvaluator } from './oracle';
import { PropertyChecker } from './properties';

/**
 * The fix-invariant harness: every fix operation on an input (each quick fix, fix-all attended and
 * unattended) checked against properties (a)–(g). Used by `npm test` on every fixture and a seeded set of
 * mutations (test/unit/fix-properties.test.ts), and by `npm run fuzz:fix` on a large seeded run.
 */

export { PropertyChecker, PROPERTIES, PROPERTY_NAMES, type Property, type Violation } from './properties';
export type { FixInput } from './operations';

export interface HarnessOptions {
  readonly values: GrantValues;
  readonly limits: RunLimits;
  /** Ask the IAM evaluator too (property f's second half). */
  readonly evaluator: boolean;
}

export interface InputReport {
  readonly operations: number;
  readonly evaluated: number;
  readonly violations: number;
}

export async function checkInput(input: FixInput, checker: PropertyChecker, options: HarnessOptions): Promise<InputReport> {
  const formatting: FormattingPreferences = formattingOf(input.text);
  const before = linterFor(input)(input.text);
  const context = { input, before, values: options.values, formatting };
  const violationsBefore = checker.violations.length;
  const runs = [...quickFixRuns(input, before, options.values, formatting, options.limits), ...FIX_ALL_MODES.map((mode) => fixAllRun(input, mode, options.values, formatting))];
  let evaluated = 0;
  for (const run of runs) {
    const after = checker.check(context, run);
    if (options.evaluator && after && after !== before) {
      const result = await compareWithEvaluator(before, after, run.kind === 'fix-all');
      evaluated += result.evaluated;
      for (const message of result.widened) checker.violations.push({ input: input.name, property: 'f', operation: run.label, message });
    }
  }
  return { operations: runs.length, evaluated, violations: checker.violations.length - violationsBefore };
}
