import * as vscode from 'vscode';
import { ANALYSES } from '../analysis';
import { AnalysisWorker, type OffThreadStats } from './analysisWorker';
import type { WorkerTrouble } from './protocol';

/** The worker runs the extension's own bundle (package.json's `main` and `browser`). */
const BUNDLE_PATH = ['dist', 'extension.js'] as const;

/** What the extension-host tests reach through the extension's exports. */
export interface OffThreadTestHooks {
  stats(): OffThreadStats;
  troubleNextJob(trouble: WorkerTrouble): void;
  setTimeoutMs(ms: number | undefined): void;
  setMinLength(length: number | undefined): void;
  /** The text the worker holds of the document's current version (undefined: it holds none), to compare with the document's. */
  heldText(document: vscode.TextDocument): Promise<string | undefined>;
}

/**
 * The editor's analysis worker, started on first use: large documents' diagnostics are read there (the
 * analysis cache sends them). The bundle is read through vscode.workspace.fs, which both extension hosts
 * have; failures go to the "SES Grants" log.
 */
export function startAnalysisWorker(extensionUri: vscode.Uri, log: vscode.LogOutputChannel): vscode.Disposable & { readonly testHooks: OffThreadTestHooks } {
  let bundle: Promise<string> | undefined;
  const readBundle = () => (bundle ??= Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, ...BUNDLE_PATH))).then((bytes) => new TextDecoder().decode(bytes)));
  const worker = new AnalysisWorker(readBundle, (message) => log.error(message));
  ANALYSES.useWorker(worker);
  // Every document's edits, in the order they happen: the worker is sent the edits since the version it holds.
  const changes = vscode.workspace.onDidChangeTextDocument((event) => {
    if (event.contentChanges.length === 0) return;
    ANALYSES.noteChanges(
      event.document.uri.toString(),
      event.document.version,
      event.contentChanges.map((change) => ({ offset: change.rangeOffset, length: change.rangeLength, text: change.text })),
    );
  });
  return {
    testHooks: {
      stats: () => worker.stats(),
      troubleNextJob: (trouble) => worker.troubleNextJob(trouble),
      setTimeoutMs: (ms) => worker.setTimeoutMs(ms),
      setMinLength: (length) => ANALYSES.setOffThreadMinLength(length),
      heldText: async (document) => {
        const answer = await ANALYSES.askWorker(document, { kind: 'heldText' }, vscode.env.language);
        return answer.kind === 'answered' && answer.answer.kind === 'heldText' ? answer.answer.text : undefined;
      },
    },
    dispose() {
      changes.dispose();
      ANALYSES.useWorker(undefined);
      ANALYSES.setOffThreadMinLength(undefined);
      worker.dispose();
    },
  };
}
