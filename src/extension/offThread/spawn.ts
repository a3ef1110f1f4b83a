import type { WorkerReply, WorkerRequest } from './protocol';

/** One running analysis worker, as the scheduler (analysisWorker.ts) drives it in either extension host. */
export interface WorkerHandle {
  post(request: WorkerRequest): void;
  /** Stops the worker at once, whatever it is doing; no event follows. */
  terminate(): void;
}

export interface WorkerEvents {
  reply(reply: WorkerReply): void;
  /** The worker died (an uncaught error, an exit) without being asked to. */
  died(why: string): void;
}

interface WebWorker {
  onmessage: ((event: { readonly data: WorkerReply }) => void) | null;
  onerror: ((event: { readonly message?: string }) => void) | null;
  postMessage(message: WorkerRequest): void;
  terminate(): void;
}
type WebWorkerConstructor = new (url: string) => WebWorker;

interface NodeWorker {
  on(event: 'message', listener: (reply: WorkerReply) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'exit', listener: (code: number) => void): void;
  postMessage(message: WorkerRequest): void;
  terminate(): Promise<number>;
  unref(): void;
}
interface NodeWorkerThreads {
  Worker: new (script: string, options: { eval: true }) => NodeWorker;
}

/**
 * What the worker runs: the extension's own bundle (dist/extension.js, read by the caller), wrapped as
 * CommonJS with a `vscode` module that answers every use with itself. The bundle's top level touches `vscode`
 * only to build constants (code action kinds, severities), and the worker's entry, `runAnalysisWorker`, never
 * does. One bundle for both roles keeps the VSIX small: a second bundle of the same analysis code would add
 * about 130 KB compressed to it. `port` is the host's own way to talk to its parent.
 */
function workerScript(bundle: string, port: string): string {
  return `(function () {
var port = ${port};
var anything = new Proxy(function () {}, {
  get: function (_target, key) { return key === Symbol.toPrimitive ? function () { return ''; } : key === 'then' ? undefined : anything; },
  apply: function () { return anything; },
  construct: function () { return anything; },
  getPrototypeOf: function () { return anything; }
});
var module = { exports: {} };
(function (module, exports, require) {
${bundle}
})(module, module.exports, function (name) {
  if (name === 'vscode') return anything;
  throw new Error('the analysis worker has no module ' + name);
});
module.exports.runAnalysisWorker(port);
})();
`;
}

const WEB_PORT = `{
  post: function (reply) { self.postMessage(reply); },
  listen: function (onRequest) { self.addEventListener('message', function (event) { onRequest(event.data); }); },
  onUncaught: function (report) {
    // Handled here (preventDefault), the error goes no further: the host reports it once, in the log.
    self.addEventListener('error', function (event) { event.preventDefault(); report(String(event.message || event)); });
    self.addEventListener('unhandledrejection', function (event) { event.preventDefault(); report(String(event.reason)); });
  }
}`;

/**
 * The worker's port in a Node worker thread, the only text of the bundle that loads a Node module (it runs in
 * the worker thread, never in a host). An uncaught error ends a worker thread, and the host hears of it
 * through the worker's 'error' and 'exit' events.
 */
export const NODE_WORKER_PORT = `(function () {
  var threads = require('node:worker_threads');
  return {
    post: function (reply) { threads.parentPort.postMessage(reply); },
    listen: function (onRequest) { threads.parentPort.on('message', onRequest); },
    onUncaught: function () {}
  };
})()`;

/**
 * Starts a worker running `bundle`: a Web Worker where the host has one (the web-worker extension host gives
 * its extensions one), else a Node worker thread (the Node extension host). Throws when neither can start.
 */
export function spawnAnalysisWorker(bundle: string, events: WorkerEvents): WorkerHandle {
  const WebWorkerClass = (globalThis as { Worker?: WebWorkerConstructor }).Worker;
  if (typeof WebWorkerClass === 'function') return spawnWebWorker(WebWorkerClass, bundle, events);
  const threads = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:worker_threads') as NodeWorkerThreads | undefined;
  if (threads) return spawnWorkerThread(threads, bundle, events);
  throw new Error('this extension host offers neither Web Workers nor worker threads');
}

function spawnWebWorker(WebWorkerClass: WebWorkerConstructor, bundle: string, events: WorkerEvents): WorkerHandle {
  // A blob URL of the script, since the host's worker can only load from its own origin.
  const url = URL.createObjectURL(new Blob([workerScript(bundle, WEB_PORT)], { type: 'text/javascript' }));
  const worker = new WebWorkerClass(url);
  let live = true;
  worker.onmessage = (event) => {
    if (live) events.reply(event.data);
  };
  worker.onerror = (event) => {
    if (live) events.died(event.message ?? 'the worker failed');
  };
  return {
    post: (request) => worker.postMessage(request),
    terminate() {
      live = false;
      worker.terminate();
      URL.revokeObjectURL(url);
    },
  };
}

function spawnWorkerThread(threads: NodeWorkerThreads, bundle: string, events: WorkerEvents): WorkerHandle {
  const worker = new threads.Worker(workerScript(bundle, NODE_WORKER_PORT), { eval: true });
  // The extension host may end while the worker is busy; the worker does not hold it open.
  worker.unref();
  let live = true;
  const died = (why: string) => {
    if (!live) return;
    live = false;
    events.died(why);
  };
  worker.on('message', (reply) => {
    if (live) events.reply(reply);
  });
  worker.on('error', (error) => died(error.stack ?? String(error)));
  worker.on('exit', (code) => died(`the worker exited with code ${code}`));
  return {
    post: (request) => worker.postMessage(request),
    terminate() {
      live = false;
      void worker.terminate();
    },
  };
}
