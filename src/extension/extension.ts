// First: the clock starts before any other module of the bundle is evaluated.
import { BUNDLE_EVALUATION_STARTED, BUNDLE_EVALUATION_STARTED_CPU, processCpuMs } from './loadClock';
import * as vscode from 'vscode';
import { isKnownRuleId } from '../policy/catalogue';
import { registerAddGrant } from './addGrant';
import { ANALYSES, type LintCounts } from './analysis';
import { SesGrantsCodeActions, showRuleDocs } from './codeActions';
import { SHOW_RULE_DOCS_COMMAND } from './ruleDocsLink';
import { registerConfigFiles } from './configFiles';
import { DiagnosticsController, type DiagnosticsRun } from './diagnostics';
import { docsUri, SELECTOR } from './documents';
import { FIX_ALL_COMMAND, runFixAllCommand } from './fixAll';
import { SesGrantsHover } from './hover';
import { shippedFileReader } from './extensionFiles';
import { createLog, logFailure } from './log';
import { startAnalysisWorker, type OffThreadTestHooks } from './offThread/editorWorker';
import { RULE_PAGES_SCHEME, RulePages } from './rulePages';
import { registerWorkspace } from './workspace';
import { registerTerraformParser } from './terraform/parser';
import { registerTerraformModules } from './terraform/modules';

/** The bundle's modules are evaluated once this line runs. */
const BUNDLE_EVALUATED = performance.now();
const BUNDLE_EVALUATED_CPU = processCpuMs();

/** Wiring only: each feature lives in its own module and owns its listeners. */
export function activate(context: vscode.ExtensionContext): SesGrantsApi {
  const activateStarted = performance.now();
  const activateStartedCpu = processCpuMs();
  const log = createLog();
  const configFiles = registerConfigFiles(log);
  const terraformModules = registerTerraformModules(log);
  const offThread = startAnalysisWorker(context.extensionUri, log);
  context.subscriptions.push(offThread);
  const diagnostics = new DiagnosticsController(log);
  // The Terraform parser loads when first needed; the documents that waited for it are linted again then.
  registerTerraformParser(context.extensionUri, log, () => diagnostics.relintAll());
  context.subscriptions.push(
    terraformModules,
    terraformModules.onDidChange(() => diagnostics.relintAll()),
    log,
    configFiles,
    diagnostics,
    configFiles.onDidChange(() => diagnostics.relintAll()),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new SesGrantsCodeActions(log), SesGrantsCodeActions.metadata),
    vscode.languages.registerHoverProvider(SELECTOR, new SesGrantsHover(log)),
    vscode.workspace.registerTextDocumentContentProvider(RULE_PAGES_SCHEME, new RulePages(shippedFileReader(context.extensionUri, 'dist'), log)),
    vscode.commands.registerCommand(FIX_ALL_COMMAND, () => runFixAllCommand(log)),
    vscode.workspace.onDidCloseTextDocument((document) => ANALYSES.forget(document.uri)),
    { dispose: () => ANALYSES.clear() },
    vscode.commands.registerCommand(SHOW_RULE_DOCS_COMMAND, (id: unknown) =>
      typeof id === 'string' && isKnownRuleId(id) ? showRuleDocs(docsUri(id), log) : undefined,
    ),
  );
  try {
    registerAddGrant(context, log);
  } catch (error) {
    // The other features keep working without the command.
    logFailure(log, 'Registering "Add SES grant"', error);
  }
  try {
    registerWorkspace(context, log, configFiles.onDidChange);
  } catch (error) {
    logFailure(log, 'Registering the workspace check and the SES Grants view', error);
  }
  const activateCpu = cpuSince(activateStartedCpu);
  const evaluationCpu = BUNDLE_EVALUATED_CPU === undefined || BUNDLE_EVALUATION_STARTED_CPU === undefined ? undefined : BUNDLE_EVALUATED_CPU - BUNDLE_EVALUATION_STARTED_CPU;
  const activation = {
    evaluationMs: BUNDLE_EVALUATED - BUNDLE_EVALUATION_STARTED,
    activateMs: performance.now() - activateStarted,
    ...(evaluationCpu === undefined || activateCpu === undefined ? {} : { cpu: { evaluationMs: evaluationCpu, activateMs: activateCpu } }),
  };
  return { lintCount: (uri, version) => ANALYSES.lintCount(uri, version), lintCounts: (uri, version) => ANALYSES.lintCounts(uri, version), offThread: offThread.testHooks, activation, diagnosticsSetAt: (uri) => diagnostics.lastSetAt(uri), editArrivedAt: (uri) => diagnostics.lastEditAt(uri), lastDiagnosticsRun: (uri) => diagnostics.lastRun(uri) };
}

/**
 * What the extension exports: how many times a document version was linted, so that the extension-host
 * tests can hold every feature to one analysis per version, and the analysis worker's counters and test
 * hooks (crash or hang its next job, a shorter timeout, the length from which documents go to it).
 */
export interface SesGrantsApi {
  lintCount(uri: string, version: number): number;
  /** The same, as linted on the extension host's thread and in the analysis worker. */
  lintCounts(uri: string, version: number): LintCounts;
  offThread: OffThreadTestHooks;
  /**
   * How long evaluating the bundle's modules and running `activate` took (the editor bench reports them), and
   * the CPU time the extension host's process used meanwhile (Node host only).
   */
  readonly activation: { readonly evaluationMs: number; readonly activateMs: number; readonly cpu?: { readonly evaluationMs: number; readonly activateMs: number } };
  /** When the extension last set the document's diagnostics (performance.now()); the editor bench times edits to it. */
  diagnosticsSetAt(uri: string): number | undefined;
  /** Tests: when the document's last edit reached the extension's change listener (performance.now()). */
  editArrivedAt(uri: string): number | undefined;
  /** The document's last diagnostics run that got to the end: its version, and whether it set them (false: the same as shown). */
  lastDiagnosticsRun(uri: string): DiagnosticsRun | undefined;
}

/** The analysis worker's entry: the worker runs this same bundle and calls it (offThread/spawn.ts). */
export { runAnalysisWorker } from './offThread/workerMain';

export function deactivate(): void {}

function cpuSince(startedMs: number | undefined): number | undefined {
  const now = processCpuMs();
  return now === undefined || startedMs === undefined ? undefined : now - startedMs;
}
