import type { Parser as ParserType, Tree } from 'web-tree-sitter';
import { nodeWasmLoader, RUNTIME_WASM, TERRAFORM_GRAMMAR_WASM, type WasmLoader } from './wasmFiles';

/**
 * The Terraform parser (tree-sitter's HCL grammar, Terraform dialect) is WebAssembly: loading it is
 * asynchronous and happens once per process. Linting stays synchronous: before the parser is ready a
 * Terraform file is reported as pending (`parserLoading`), and the caller lints it again when that resolves.
 */

type LoadState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading'; readonly done: Promise<void> }
  | { readonly kind: 'ready'; readonly parser: ParserType }
  | { readonly kind: 'failed'; readonly reason: string; readonly done: Promise<void> };

let state: LoadState = { kind: 'idle' };

/**
 * Loads the parser; every later call returns the same promise. Rejects when the WebAssembly files cannot be
 * read or instantiated (the CLI reports that); `loadingTerraformParser` never rejects.
 */
export function initTerraform(loader: WasmLoader = nodeWasmLoader()): Promise<void> {
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
        },
        (error: unknown) => {
          const reason = error instanceof Error ? error.message : String(error);
          state = { kind: 'failed', reason, done };
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

/** What a Terraform lint can do right now. */
export type ParserAvailability =
  | { readonly kind: 'ready' }
  /** Loading (started now if nobody had): lint again when it settles. Never rejects. */
  | { readonly kind: 'loading'; readonly settled: Promise<void> }
  | { readonly kind: 'failed'; readonly reason: string };

export function terraformParserAvailability(): ParserAvailability {
  if (state.kind === 'idle') initTerraform().catch(() => undefined);
  const current: LoadState = state;
  switch (current.kind) {
    case 'ready':
      return { kind: 'ready' };
    case 'failed':
      return { kind: 'failed', reason: current.reason };
    case 'loading':
      return { kind: 'loading', settled: current.done.catch(() => undefined) };
    case 'idle':
      // initTerraform above always leaves the idle state.
      return { kind: 'failed', reason: 'the parser was not started' };
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
