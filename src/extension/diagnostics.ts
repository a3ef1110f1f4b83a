import * as vscode from 'vscode';
import type { Severity } from '../policy/catalogue';
import type { Finding } from '../policy/findings';
import { DEBOUNCE_MS, debounceFor } from './debounce';
import type { DiagnosticPlan } from './diagnosticPlans';
import { diagnosticsReading, docsUri, isPolicyDocument, workerAnalysisMs } from './documents';
import { ensureConfigFileFor } from './configFiles';
import { isTerraformDocument } from './terraform/documents';
import { ensureTerraformModuleFor } from './terraform/modules';
import { logFailure } from './log';
import { getSettings, SECTION, type RuleLevel, type SesGrantsSettings } from './settings';
import { ShardedCollection } from './shardedCollection';
import { rebuild, type Shown, type ShownSet } from './shownDiagnostics';

/** `diagnostic.source` of everything this extension reports; code actions filter on it (never on text). */
export const DIAGNOSTIC_SOURCE = 'ses-grants';

const LEVELS: Record<Exclude<RuleLevel, 'off'>, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

const DEFAULT_LEVEL: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** The severity a finding shows with, or undefined when `sesGrants.rules` turns its id off. */
export function severityFor(finding: Pick<Finding, 'id' | 'severity'>, settings: SesGrantsSettings): vscode.DiagnosticSeverity | undefined {
  const level = settings.rules[finding.id];
  if (level === 'off') return undefined;
  return (level !== undefined ? LEVELS[level] : undefined) ?? DEFAULT_LEVEL[finding.severity];
}

/** The finding id a diagnostic of ours carries, or undefined for anyone else's diagnostic. */
export function findingIdOf(diagnostic: vscode.Diagnostic): string | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const code = diagnostic.code;
  const value = typeof code === 'object' && code !== null ? code.value : code;
  return typeof value === 'string' ? value : undefined;
}

/**
 * A finding's diagnostic from its plain data (diagnosticPlans.ts: range and message made on the thread or in
 * the analysis worker); only VS Code's objects are made here.
 */
export function diagnosticOf(plan: DiagnosticPlan, severity: vscode.DiagnosticSeverity): vscode.Diagnostic {
  const [startLine, startCharacter, endLine, endCharacter] = plan.range;
  const diagnostic = new vscode.Diagnostic(new vscode.Range(startLine, startCharacter, endLine, endCharacter), plan.message, severity);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: plan.id, target: docsUri(plan.id) };
  return diagnostic;
}

/**
 * A diagnostics run of a document version that got to the end: `set` false when it showed what was shown
 * already; `built`, how many Diagnostic objects it made (the others were kept from the list set before).
 */
export interface DiagnosticsRun {
  readonly version: number;
  readonly set: boolean;
  readonly built: number;
  /** How many of the document's collections (bands of lines, shardedCollection.ts) it set. */
  readonly bands: number;
}

/**
 * Lints open JSON documents as the user types. Each document has a generation number: a result computed
 * for an older generation (the text changed, the document closed, settings changed) is dropped.
 */
export class DiagnosticsController implements vscode.Disposable {
  /** One collection per band of lines of a large document, so that an edit sets only the bands it changed (shardedCollection.ts). */
  private readonly collection = new ShardedCollection(DIAGNOSTIC_SOURCE);
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly generations = new Map<string, number>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /**
   * When each document's diagnostics were last set (performance.now()): the editor bench times an edit to
   * here, the extension's own part, since VS Code delays its onDidChangeDiagnostics event by another 50 ms.
   */
  private readonly setAt = new Map<string, number>();
  /** When the document's last edit arrived (performance.now()): tests time the hold from the extension's own clock. */
  private readonly editAt = new Map<string, number>();
  /** What each document's diagnostics show now, and their objects: a version that shows the same is not set again. */
  private readonly shown = new Map<string, ShownSet<vscode.Diagnostic>>();
  /** Each document's last diagnostics run that got to the end: its version, and whether it set the collection. */
  private readonly lastRuns = new Map<string, DiagnosticsRun>();

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.subscriptions.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        // However early the reading starts (debounce.ts), the diagnostics are set no sooner than the debounce.
        if (event.contentChanges.length === 0) return;
        const arrived = performance.now();
        this.editAt.set(event.document.uri.toString(), arrived);
        this.schedule(event.document, debounceFor(workerAnalysisMs(event.document)), arrived + DEBOUNCE_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
      // VS Code keeps a document alive for minutes after its last editor closes (onDidCloseTextDocument waits
      // for that), so squiggles are also cleared when the last tab showing it closes, and return with a tab.
      vscode.window.tabGroups.onDidChangeTabs((event) => this.onTabsChanged(event)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SECTION)) this.relintAll();
      }),
    );
    this.relintAll();
  }

  relintAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  /** `notBefore`: the performance.now() before which the run does not set the diagnostics (0: as soon as read). */
  private schedule(document: vscode.TextDocument, delay: number, notBefore = 0): void {
    if (!isPolicyDocument(document)) {
      // A document whose language changed away from JSON keeps no stale squiggles.
      if (this.collection.has(document.uri)) this.forget(document.uri);
      return;
    }
    const key = document.uri.toString();
    const generation = this.nextGeneration(key);
    const pending = this.timers.get(key);
    if (pending !== undefined) clearTimeout(pending);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.lint(document, key, generation, notBefore);
      }, delay),
    );
  }

  private nextGeneration(key: string): number {
    const generation = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, generation);
    return generation;
  }

  private async lint(document: vscode.TextDocument, key: string, generation: number, notBefore: number): Promise<void> {
    try {
      // The configuration file's values and levels: read once per folder, then from the cache.
      await ensureConfigFileFor(document.uri);
      // Terraform: the other files of the module, for the checks across resources.
      if (isTerraformDocument(document)) await ensureTerraformModuleFor(document.uri);
      if (document.isClosed || this.generations.get(key) !== generation) return;
      const settings = getSettings(document.uri);
      const shown: Shown[] = [];
      if (settings.enable) {
        // A large document is read in the worker meanwhile; undefined: a newer version cancelled this one.
        const result = await diagnosticsReading(document);
        if (!result) return;
        // The Terraform parser is still loading: the document is linted again when it is ready (this result is empty).
        if (result.parserLoading) {
          void result.parserLoading.then(() => this.schedule(document, 0));
          return;
        }
        // Once per id, not per diagnostic: `sesGrants.rules` is VS Code's configuration proxy, whose every read of a
        // key allocates (~0.14 MB per edit of a 1,000-diagnostic template, in the editor bench's heap profile).
        const severities = new Map<string, vscode.DiagnosticSeverity | undefined>();
        // Indexed: this runs once per edit, never optimized, and `for…of` there allocates an iterator result per diagnostic.
        for (let i = 0; i < result.diagnostics.length; i++) {
          const plan = result.diagnostics[i]!;
          let severity = severities.get(plan.id);
          if (severity === undefined && !severities.has(plan.id)) severities.set(plan.id, (severity = severityFor(plan, settings)));
          if (severity !== undefined) shown.push({ plan, severity });
        }
      }
      // A reading that ended before the debounce (it ran faster than the document's last one) waits for it: a
      // keystroke meanwhile makes it stale, so typing does not flicker diagnostics of versions already gone.
      const hold = notBefore - performance.now();
      // Whole milliseconds up: a timer may fire a fraction of a millisecond before performance.now() says it is due.
      if (hold > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(hold) + 1));
      // Stale: the text changed or the document closed while this ran.
      const current = () => this.generations.get(key) === generation && !document.isClosed;
      if (!current()) return;
      // The objects of the diagnostics that show as before are kept; the others are built a share per run.
      const rebuilt = await rebuild(this.shown.get(key), shown, ({ plan, severity }) => diagnosticOf(plan, severity), current);
      if (rebuilt.kind === 'stale') return;
      // The same diagnostics as set already (an edit that moved no finding): setting them again would only make
      // VS Code convert, send and draw them again (DiagnosticCollection.set: 11 ms for 5,000 on a quiet machine).
      if (rebuilt.kind === 'same') {
        this.lastRuns.set(key, { version: document.version, set: false, built: 0, bands: 0 });
        return;
      }
      const bands = await this.collection.set(document.uri, rebuilt.objects, current);
      if (bands === false) {
        // Some bands show this version, some an older one: the next version's run compares with no list, and sets every band that differs.
        this.shown.delete(key);
        return;
      }
      this.shown.set(key, { shown, objects: rebuilt.objects });
      this.lastRuns.set(key, { version: document.version, set: true, built: rebuilt.built, bands });
      this.setAt.set(key, performance.now());
    } catch (error) {
      logFailure(this.log, `Linting ${document.uri.toString()}`, error);
    }
  }

  /** Tests: when the document's diagnostics were last set (performance.now()), if ever since it opened. */
  lastSetAt(uri: string): number | undefined {
    return this.setAt.get(uri);
  }

  /** Tests: when the document's last edit reached the extension (performance.now()), if ever since it opened. */
  lastEditAt(uri: string): number | undefined {
    return this.editAt.get(uri);
  }

  /** Tests: the document's last diagnostics run that got to the end (its version, and whether it set the collection). */
  lastRun(uri: string): DiagnosticsRun | undefined {
    return this.lastRuns.get(uri);
  }

  private onTabsChanged(event: vscode.TabChangeEvent): void {
    try {
      const shown = new Set(allTabUris());
      for (const uri of event.closed.flatMap(tabUris)) {
        if (!shown.has(uri.toString())) this.forget(uri);
      }
      for (const uri of event.opened.flatMap(tabUris)) {
        const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (document && !this.collection.has(document.uri)) this.schedule(document, 0);
      }
    } catch (error) {
      logFailure(this.log, 'Following editor tabs', error);
    }
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const pending = this.timers.get(key);
    if (pending !== undefined) clearTimeout(pending);
    this.timers.delete(key);
    // Without a generation, any result still on its way for the closed document no longer matches.
    this.generations.delete(key);
    this.setAt.delete(key);
    this.editAt.delete(key);
    this.shown.delete(key);
    this.lastRuns.delete(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

function tabUris(tab: vscode.Tab): vscode.Uri[] {
  const input = tab.input;
  if (input instanceof vscode.TabInputText) return [input.uri];
  if (input instanceof vscode.TabInputTextDiff) return [input.original, input.modified];
  return [];
}

function allTabUris(): string[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs.flatMap(tabUris)).map((uri) => uri.toString());
}
