import type { FormattingPreferences, OffsetEdit } from '../../policy/fixes';
import type { GrantValues, InsertKind } from '../../policy/templates';
import type { FormatHint, InsertPlan } from '../../service';
import type { DiagnosticsDelta } from '../diagnosticDelta';
import type { DiagnosticPlan } from '../diagnosticPlans';
import type { FindingFixPlan, FindingTarget, FixRequestSettings, HoverPlan, SettingValues } from '../featurePlans';
import type { TextChanges } from './textChanges';

/**
 * The messages between the extension host and the analysis worker. Everything in them survives structured
 * cloning (no functions, promises or class instances): the worker keeps the analysis (policy tree, fix
 * editors) of the latest version it read of each document, and sends what the features show of it as plain
 * data (findings, offset edits, Markdown).
 */

/**
 * What a test may ask the worker to do with one job instead of doing it (the crash and hang checks), or
 * before it (`loseText`: forget the text it holds, so that edits sent for it find no version to apply to).
 */
export type WorkerTrouble = 'crash' | 'hang' | 'loseText';

/** Which version of which document: a question about another version than the one the worker holds is not answered. */
export interface VersionOf {
  readonly uri: string;
  readonly version: number;
  readonly languageId: string;
}

/**
 * Read this version's text: its findings come back, and the worker keeps its analysis (in place of the older
 * one) and its text. The text comes whole, or as the edits since the version the worker holds (`changes`):
 * a worker that holds another version, or whose text after the edits has another length, answers `needsText`.
 */
export interface AnalyzeRequest extends VersionOf {
  readonly kind: 'analyze';
  readonly id: number;
  readonly text?: string;
  readonly changes?: TextChanges;
  /** The document's language and file name (never a Terraform module's files: those stay on the thread). */
  readonly hint: Pick<FormatHint, 'languageId' | 'fileName'>;
  /** `vscode.env.language`: the diagnostics' messages come back in it. */
  readonly locale: string | undefined;
  /**
   * The id of the last reply whose diagnostics the host holds for this document (diagnosticLists.ts): when it
   * is the last the worker sent, the diagnostics come back as the change from that list (`OffThreadReading.delta`).
   */
  readonly diagnosticsBase?: number;
  readonly trouble?: WorkerTrouble;
}

/**
 * What a feature asks of a version the worker holds (featurePlans.ts writes the answers; grantPlans.ts those
 * of Add SES Grant: its defaults, and the plan of a grant of `grant`'s kind).
 */
export type FeatureQuery =
  | { readonly kind: 'codeActions'; readonly targets: readonly FindingTarget[]; readonly settings: FixRequestSettings }
  | { readonly kind: 'hover'; readonly offset: number; readonly locale: string | undefined }
  | { readonly kind: 'fixAll'; readonly settingValues: SettingValues; readonly formatting: FormattingPreferences }
  | { readonly kind: 'grantDefaults'; readonly settingValues: SettingValues }
  | { readonly kind: 'grantPlan'; readonly grant: InsertKind; readonly values: GrantValues; readonly formatting: FormattingPreferences }
  /** Tests: the text the worker holds of the version (the edits it applied must give the document's text). */
  | { readonly kind: 'heldText' };

export type FeatureAnswer =
  | { readonly kind: 'codeActions'; readonly plans: readonly (FindingFixPlan | undefined)[] }
  | { readonly kind: 'hover'; readonly hover: HoverPlan | undefined }
  | { readonly kind: 'fixAll'; readonly replacement: OffsetEdit | undefined }
  | { readonly kind: 'grantDefaults'; readonly values: GrantValues }
  | { readonly kind: 'grantPlan'; readonly plan: InsertPlan }
  | { readonly kind: 'heldText'; readonly text: string };

export interface QueryRequest extends VersionOf {
  readonly kind: 'query';
  readonly id: number;
  readonly query: FeatureQuery;
  readonly trouble?: WorkerTrouble;
}

/** The document closed: the worker drops what it keeps of it. No reply. */
export interface ForgetRequest {
  readonly kind: 'forget';
  readonly uri: string;
}

export type WorkerRequest = AnalyzeRequest | QueryRequest | ForgetRequest;

/** One text's diagnostics as the worker read them (diagnosticPlans.ts): ranges and messages ready for the host. */
export interface OffThreadReading {
  readonly diagnostics: readonly DiagnosticPlan[];
  /**
   * In a worker's reply only: the diagnostics as the change from the list of the request's `diagnosticsBase`
   * (`diagnostics` is then empty). The host makes the whole list of it before anything else reads the reading.
   */
  readonly delta?: DiagnosticsDelta;
}

export type WorkerReply =
  /** `analysisMs`: how long `analyze` took in the worker (the editor bench tells it from the round trip). */
  | { readonly id: number; readonly kind: 'read'; readonly reading: OffThreadReading; readonly analysisMs: number }
  | { readonly id: number; readonly kind: 'answered'; readonly answer: FeatureAnswer }
  /** The worker holds no analysis of the version asked about (another version, or a worker started since). */
  | { readonly id: number; readonly kind: 'gone' }
  /** The analysis needs what only the extension host has (the Terraform parser of a Markdown code block). */
  | { readonly id: number; readonly kind: 'needsThread' }
  /** Edits came for a version the worker does not hold (or did not give the length expected): send the whole text. */
  | { readonly id: number; readonly kind: 'needsText' }
  /** The analysis or the answer threw (it never should): the same failure the thread would have logged. */
  | { readonly id: number; readonly kind: 'failed'; readonly error: string }
  /** The worker hit an uncaught error and is no longer to be trusted (a web worker keeps running after one). */
  | { readonly id?: undefined; readonly kind: 'crashed'; readonly error: string };
