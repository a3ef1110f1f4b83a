import * as vscode from 'vscode';

/**
 * Providers never throw (ARCHITECTURE.md, house rule 6): a failure is written to the "SES Grants" log with its stack and
 * the provider answers with nothing, so one odd document cannot break the editor's other features.
 */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('SES Grants', { log: true });
}

export function logFailure(log: vscode.LogOutputChannel, where: string, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  log.error(`${where} failed: ${detail}`);
}
