import { deltaOf, withDelta } from '../diagnosticDelta';
import type { DiagnosticPlan } from '../diagnosticPlans';
import type { OffThreadReading } from './protocol';

/**
 * The diagnostics list of each document last passed between the extension host and one analysis worker, with
 * the id of the reply that carried it: the worker's side sends a version's diagnostics as the change from that
 * list (diagnosticDelta.ts) when the host says it holds the same one (`AnalyzeRequest.diagnosticsBase`), and
 * the host's side makes the whole list again from it. Each side keeps one instance per worker: a worker
 * started again holds nothing, and its first reading of a document comes whole.
 */
export class DiagnosticLists {
  private readonly lists = new Map<string, { readonly id: number; readonly plans: readonly DiagnosticPlan[] }>();

  /** The worker's side: reply `id`'s reading of `plans`, as a change when `base` is the reply whose list it sent last. */
  reading(uri: string, id: number, base: number | undefined, plans: readonly DiagnosticPlan[]): OffThreadReading {
    const last = this.lists.get(uri);
    this.lists.set(uri, { id, plans });
    return base !== undefined && last?.id === base ? { diagnostics: [], delta: deltaOf(last.plans, plans, base) } : { diagnostics: plans };
  }

  /** The host's side: the reply whose list it holds for the document, which the next request names. */
  baseOf(uri: string): number | undefined {
    return this.lists.get(uri)?.id;
  }

  /**
   * The host's side: reply `id`'s reading with its whole list (made from the one held when it came as a change),
   * held as the base of the next. Undefined when it is a change of a list not held (which the worker never sends).
   */
  received(uri: string, id: number, reading: OffThreadReading): OffThreadReading | undefined {
    const { delta } = reading;
    const last = this.lists.get(uri);
    const plans = !delta ? reading.diagnostics : last?.id === delta.base ? withDelta(last.plans, delta) : undefined;
    if (!plans) {
      this.lists.delete(uri);
      return undefined;
    }
    this.lists.set(uri, { id, plans });
    return delta ? { diagnostics: plans } : reading;
  }

  forget(uri: string): void {
    this.lists.delete(uri);
  }
}
