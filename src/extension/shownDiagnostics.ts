import { samePlan, type DiagnosticPlan } from './diagnosticPlans';

/**
 * The host's last step after a version's reading: VS Code's Diagnostic objects for its diagnostics. With 5,000
 * findings, building them all and setting them in one synchronous run was the extension's longest run on the
 * worker path (editor bench, findings row: 25 ms quiet, 11 of them DiagnosticCollection.set, 7 the objects,
 * 7 garbage collection). An edit changes the findings of one place, so the objects of the diagnostics before
 * and after it are kept from the last list set, and the others are built at most BUILT_PER_RUN per
 * synchronous run; the collection is still set once per version, with the whole list. No `vscode` here (the
 * objects are made by the caller's `build`).
 */

/** A diagnostic as shown: its plain data and the severity the settings gave it (a `vscode.DiagnosticSeverity`). */
export interface Shown {
  readonly plan: DiagnosticPlan;
  readonly severity: number;
}

/** A document's diagnostics as last set: what they show, and the objects set, in the same order. */
export interface ShownSet<T> {
  readonly shown: readonly Shown[];
  readonly objects: readonly T[];
}

/**
 * How many objects one synchronous run builds: ~1.4 ms on a quiet machine, a few times that under load, so that
 * no run of the conversion comes near the 50 ms target and DiagnosticCollection.set runs on its own.
 */
export const BUILT_PER_RUN = 1000;

export type Rebuilt<T> =
  /** Every diagnostic shows as the last list set: nothing to set. */
  | { readonly kind: 'same' }
  /** The list to set; `built` of its objects are new, the others the last list's. */
  | { readonly kind: 'built'; readonly objects: readonly T[]; readonly built: number }
  /** `current` said no after a pause: a newer version (or closing the document) made this one stale. */
  | { readonly kind: 'stale' };

/**
 * The objects for `next`: those of `before` for the diagnostics that show the same at the start and the end of
 * the list, new ones (`build`) in between, BUILT_PER_RUN per synchronous run with a pause (`pause`, the next
 * macrotask) after each when there are more than that, `current` asked after each pause.
 */
export async function rebuild<T>(before: ShownSet<T> | undefined, next: readonly Shown[], build: (shown: Shown) => T, current: () => boolean, pause: () => Promise<void> = nextTask): Promise<Rebuilt<T>> {
  const old = before?.shown ?? [];
  const shorter = Math.min(old.length, next.length);
  let prefix = 0;
  while (prefix < shorter && sameShown(old[prefix]!, next[prefix]!)) prefix++;
  if (before && prefix === old.length && prefix === next.length) return { kind: 'same' };
  let suffix = 0;
  while (suffix < shorter - prefix && sameShown(old[old.length - 1 - suffix]!, next[next.length - 1 - suffix]!)) suffix++;
  const kept = before?.objects ?? [];
  const objects: T[] = kept.slice(0, prefix);
  const toBuild = next.length - suffix - prefix;
  for (let i = 0; i < toBuild; i++) {
    objects.push(build(next[prefix + i]!));
    // A pause after each run's share, and after the last: DiagnosticCollection.set then runs on its own.
    if (toBuild > BUILT_PER_RUN && ((i + 1) % BUILT_PER_RUN === 0 || i + 1 === toBuild)) {
      await pause();
      if (!current()) return { kind: 'stale' };
    }
  }
  for (let i = old.length - suffix; i < old.length; i++) objects.push(kept[i]!);
  return { kind: 'built', objects, built: toBuild };
}

function sameShown(a: Shown, b: Shown): boolean {
  return a.severity === b.severity && samePlan(a.plan, b.plan);
}

/** Lets the event loop run what waits (a keystroke, a hover) before the next part. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
