import { samePlan, type DiagnosticPlan } from './diagnosticPlans';

/**
 * A version's diagnostics as the change from the list the analysis worker sent last for the document: an edit
 * changes the findings of one place, so the ~1,000 diagnostics of a 1 MB template come back as the few that
 * changed. Sending the whole list made the extension host decode ~1,000 objects and their messages per edit
 * (~0.6 MB, all of it kept until the next edit and so promoted to the old generation), which its garbage
 * collector then paid for in pauses while the user typed (editor bench, templateWorker). The host rebuilds the
 * list from the one it holds, keeping the very objects of the diagnostics before and after the change, so that
 * the Diagnostic objects made of them are kept too (shownDiagnostics.ts). No `vscode` here: both sides use it.
 */
export interface DiagnosticsDelta {
  /** The id of the reply whose list this changes (the request's `diagnosticsBase`). */
  readonly base: number;
  /** How many diagnostics at the start of that list stay as they are. */
  readonly prefix: number;
  /** How many at its end stay, their lines moved by `lineShift` (lines inserted or removed before them). */
  readonly suffix: number;
  readonly lineShift: number;
  /** The diagnostics between the two, as they are now. */
  readonly middle: readonly DiagnosticPlan[];
}

/** The change from `before` (the list of reply `base`) to `after`. */
export function deltaOf(before: readonly DiagnosticPlan[], after: readonly DiagnosticPlan[], base: number): DiagnosticsDelta {
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shorter && samePlan(before[prefix]!, after[prefix]!)) prefix++;
  // The last diagnostics' line difference: the lines an edit inserted or removed before them, if they are the same.
  const lineShift = prefix < shorter ? after[after.length - 1]!.range[0] - before[before.length - 1]!.range[0] : 0;
  let suffix = 0;
  while (suffix < shorter - prefix && samePlan(before[before.length - 1 - suffix]!, after[after.length - 1 - suffix]!, lineShift)) suffix++;
  return { base, prefix, suffix, lineShift, middle: after.slice(prefix, after.length - suffix) };
}

/**
 * The list `delta` describes, from `before` (the list of its base): the objects of the start kept, those of the
 * end kept when their lines did not move (else new objects sharing their id and message). Undefined when the
 * delta cannot be of that list (it keeps more diagnostics than the list holds).
 */
export function withDelta(before: readonly DiagnosticPlan[], delta: DiagnosticsDelta): DiagnosticPlan[] | undefined {
  const { prefix, suffix, lineShift, middle } = delta;
  if (prefix < 0 || suffix < 0 || prefix + suffix > before.length) return undefined;
  const list = before.slice(0, prefix);
  for (const plan of middle) list.push(plan);
  for (let i = before.length - suffix; i < before.length; i++) list.push(moved(before[i]!, lineShift));
  return list;
}

function moved(plan: DiagnosticPlan, lines: number): DiagnosticPlan {
  if (lines === 0) return plan;
  const r = plan.range;
  return { ...plan, range: [r[0] + lines, r[1], r[2] + lines, r[3]] };
}
