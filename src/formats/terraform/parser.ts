import type { Parser as ParserType, Tree } from 'web-tree-sitter';
import { RUNTIME_WASM, TERRAFORM_GRAMMAR_WASM, type WasmLoader } from './wasmFiles';

/**
 * The Terraform parser (tree-sitter's HCL grammar, Terraform dialect) is WebAssembly: loading it is
 * asynchronous and happens once per process, started by the host (the CLI, a test setup) or, for the editor, by the
 * first lint that needs it (`loadTerraformOnDemand`), with a loader for its files (src/cli/nodeWasmLoader.ts in
 * Node). Linting stays synchronous: before the parser
 * is ready a Terraform file is reported as pending (`parserLoading`), and the caller lints it again when that
 * resolves. Nothing here uses a Node API, so a browser bundle can take it as it is.
 */

type LoadState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading'; readonly done: Promise<void> }
  | { readonly kind: 'ready'; readonly parser: ParserType }
  | { readonly kind: 'failed'; readonly reason: string; readonly done: Promise<void> };

let state: LoadState = { kind: 'idle' };

/** Resolves when the first load settles, whoever starts it: what a lint that came too early waits for. */
let announceSettled: () => void = () => undefined;
const firstLoadSettled = new Promise<void>((resolve) => {
  announceSettled = resolve;
});

/**
 * Loads the parser; every later call returns the same promise (the first loader is the one used). Rejects
 * when the WebAssembly files cannot be read or instantiated.
 */
export function initTerraform(loader: WasmLoader): Promise<void> {
  switch (state.kind) {
    case 'ready':
      return Promise.resolve();
    case 'loading':
    case 'failed':
      return state.done;
    case 'idle': {
      const done = load(loader).then(
        (parser) => {
          state = { kind: 'ready', parser };
          announceSettled();
        },
        (error: unknown) => {
          const reason = error instanceof Error ? error.message : String(error);
          state = { kind: 'failed', reason, done };
          announceSettled();
          throw new Error(`the Terraform parser could not be loaded: ${reason}`);
        },
      );
      state = { kind: 'loading', done };
      return done;
    }
  }
}

async function load(loader: WasmLoader): Promise<ParserType> {
  // Required here, not imported: the runtime's code is evaluated only by a process that reads Terraform, and a
  // `require` makes bundlers pick the package's CommonJS build, which never reads `import.meta.url`.
  const TreeSitter = require('web-tree-sitter') as typeof import('web-tree-sitter');
  const [runtime, grammar] = await Promise.all([loader(RUNTIME_WASM), loader(TERRAFORM_GRAMMAR_WASM)]);
  // With the bytes given, the runtime never looks for its file; `locateFile` keeps it from building a URL anyway.
  await TreeSitter.Parser.init({ wasmBinary: runtime, locateFile: (name: string) => name });
  const language = await TreeSitter.Language.load(grammar);
  const parser = new TreeSitter.Parser();
  parser.setLanguage(language);
  return parser;
}

/**
 * The loader a host registers instead of loading at start (the extension: most workspaces hold no Terraform,
 * and the WebAssembly costs tens of milliseconds): the first lint that needs the parser starts the load with
 * it, reports the file as pending, and the host lints it again when `settled` resolves.
 */
let loaderOnDemand: WasmLoader | undefined;

export function loadTerraformOnDemand(loader: WasmLoader): Promise<void> {
  loaderOnDemand = loader;
  return firstLoadSettled;
}

/** What a Terraform lint can do right now. */
export type ParserAvailability =
  | { readonly kind: 'ready' }
  /** Not loaded yet (loading, or not started): lint again when `settled` resolves. It never rejects. */
  | { readonly kind: 'pending'; readonly settled: Promise<void> }
  | { readonly kind: 'failed'; readonly reason: string };

export function terraformParserAvailability(): ParserAvailability {
  // Failure is kept in the state and reported by the lint; the promise itself is not awaited here.
  if (state.kind === 'idle' && loaderOnDemand) initTerraform(loaderOnDemand).catch(() => undefined);
  switch (state.kind) {
    case 'ready':
      return { kind: 'ready' };
    case 'failed':
      return { kind: 'failed', reason: state.reason };
    default:
      return { kind: 'pending', settled: firstLoadSettled };
  }
}

/**
 * Parses a text and hands its tree to `read`, then frees the tree: trees live in the WebAssembly heap, which
 * is not garbage-collected. Undefined when the parser is not ready.
 */
export function withTerraformTree<T>(text: string, read: (tree: Tree) => T): T | undefined {
  if (state.kind !== 'ready') return undefined;
  const tree = state.parser.parse(text);
  if (!tree) return undefined;
  try {
    return read(tree);
  } finally {
    tree.delete();
  }
}
