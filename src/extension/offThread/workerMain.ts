import { analyze } from '../../service';
import type { AnalyzeRequest, WorkerReply } from './protocol';

/** The worker's side of its connection to the extension host, the same in a Web Worker and a Node worker thread. */
export interface WorkerPort {
  post(reply: WorkerReply): void;
  listen(onRequest: (request: AnalyzeRequest) => void): void;
  /** Calls back on an uncaught error or rejection inside the worker. */
  onUncaught(report: (error: string) => void): void;
}

/**
 * Runs inside the analysis worker (spawn.ts loads the extension's own bundle there and calls this): each
 * request is analysed with the facade's `analyze`, as on the extension host's thread, and answered with its
 * findings. Nothing here touches `vscode`, which does not exist in the worker.
 */
export function runAnalysisWorker(port: WorkerPort): void {
  port.onUncaught((error) => port.post({ kind: 'crashed', error }));
  port.listen((request) => {
    if (request.trouble === 'crash') {
      // Uncaught, as a real bug in the worker would be: the host must notice, restart the worker and re-analyse.
      setTimeout(() => {
        throw new Error('analysis worker crash requested by a test');
      });
      return;
    }
    if (request.trouble === 'hang') {
      for (;;) {
        // Busy forever, as an analysis stuck in a loop would be: only the host's timeout or a newer version ends it.
      }
    }
    port.post(answer(request));
  });
}

function answer(request: AnalyzeRequest): WorkerReply {
  try {
    const result = analyze(request.text, request.hint).result;
    // A parser promise cannot cross to the host, and only the host can load the Terraform parser.
    if (result.parserLoading) return { id: request.id, kind: 'needsThread' };
    return { id: request.id, kind: 'read', reading: { findings: result.findings } };
  } catch (error) {
    return { id: request.id, kind: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}
