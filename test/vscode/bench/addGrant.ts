import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { SesGrantsApi } from '../../../src/extension/extension';
import { describeStall, firstAnalysis, median, report, stallMonitor, type StallReport } from './measure';

/** A grant the large policy does not hold, added without prompts (its other values are the document's defaults). */
const NEW_GRANT = { kind: 's3', bucket: 'granted-by-the-bench', ifExists: 'add' } as const;
const ROUNDS = 3;

/**
 * "Add SES Grant" on the large policy, the defaults and plan made on the extension host's thread and in the
 * analysis worker, alternately (thread, worker, thread, …: both sides under the same load): the extension
 * host's longest stall while the command runs, and the command's time. The document is open and analysed
 * first (for its diagnostics: on the thread, or in the worker), as when a user runs the command; the command's
 * prompts are skipped (an argument object).
 */
export async function benchAddGrant(text: string, offThread: SesGrantsApi['offThread']): Promise<void> {
  const size = `${(text.length / 1e6).toFixed(2)} MB policy`;
  const runs: Record<'thread' | 'worker', { stall: StallReport; ms: number }[]> = { thread: [], worker: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const where of ['thread', 'worker'] as const) {
      offThread.setMinLength(where === 'thread' ? Number.MAX_SAFE_INTEGER : 0);
      const document = await vscode.workspace.openTextDocument({ language: 'json', content: text });
      await vscode.window.showTextDocument(document);
      if (!(await firstAnalysis(document))) throw new Error(`the ${size} was not analysed within 60 s`);
      const stalls = stallMonitor();
      const start = performance.now();
      const result = await vscode.commands.executeCommand<{ readonly outcome: string } | undefined>('sesGrants.addGrant', NEW_GRANT);
      const ms = performance.now() - start;
      const stall = stalls.stop();
      if (result?.outcome !== 'added') throw new Error(`Add SES Grant on the ${size}: ${result?.outcome ?? 'nothing'}`);
      runs[where].push({ stall, ms });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  }
  offThread.setMinLength(undefined);
  for (const where of ['thread', 'worker'] as const) {
    const longest = runs[where].map((run) => run.stall.longest);
    const worst = runs[where].reduce((a, b) => (b.stall.longest > a.stall.longest ? b : a));
    report(
      `editor bench: Add SES Grant on the ${size}, defaults and plan on the ${where}: longest event-loop stall median ${median(longest).toFixed(0)} ms ` +
        `(${longest.map((ms) => ms.toFixed(0)).join(', ')} ms), command median ${median(runs[where].map((run) => run.ms)).toFixed(0)} ms; the worst: ${describeStall(worst.stall)}`,
    );
  }
}
