import type { Finding } from '../../policy/findings';
import type { FormatHint } from '../../service';

/**
 * The messages between the extension host and the analysis worker. Everything in them survives structured
 * cloning (no functions, promises or class instances): the worker sends what the diagnostics need, not the
 * policy tree, whose fix editors are closures.
 */

/** What a test may ask the worker to do with one job instead of analysing it (the crash and hang checks). */
export type WorkerTrouble = 'crash' | 'hang';

export interface AnalyzeRequest {
  readonly id: number;
  readonly text: string;
  /** The document's language and file name (never a Terraform module's files: those stay on the thread). */
  readonly hint: Pick<FormatHint, 'languageId' | 'fileName'>;
  readonly trouble?: WorkerTrouble;
}

/** One text's findings as the worker read them: what the diagnostics show. */
export interface OffThreadReading {
  readonly findings: readonly Finding[];
}

export type WorkerReply =
  | { readonly id: number; readonly kind: 'read'; readonly reading: OffThreadReading }
  /** The analysis needs what only the extension host has (the Terraform parser of a Markdown code block). */
  | { readonly id: number; readonly kind: 'needsThread' }
  /** The analysis threw (it never should): the same failure the thread would have logged. */
  | { readonly id: number; readonly kind: 'failed'; readonly error: string }
  /** The worker hit an uncaught error and is no longer to be trusted (a web worker keeps running after one). */
  | { readonly id?: undefined; readonly kind: 'crashed'; readonly error: string };
