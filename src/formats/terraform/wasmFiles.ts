import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * The two WebAssembly files the Terraform reader runs on: tree-sitter's runtime and the Terraform grammar.
 * They are loaded once, lazily, as bytes handed to tree-sitter (`wasmBinary`), so no bundle has to let the
 * runtime find them by URL (a CommonJS bundle has no `import.meta.url` to resolve against).
 */
export interface WasmFile {
  /** The file name, the same in the package and next to a bundle. */
  readonly name: string;
  /** The package that ships it, for development runs straight from node_modules. */
  readonly packageName: string;
}

export const RUNTIME_WASM: WasmFile = { name: 'web-tree-sitter.wasm', packageName: 'web-tree-sitter' };
export const TERRAFORM_GRAMMAR_WASM: WasmFile = { name: 'tree-sitter-terraform.wasm', packageName: '@tree-sitter-grammars/tree-sitter-hcl' };
export const WASM_FILES: readonly WasmFile[] = [RUNTIME_WASM, TERRAFORM_GRAMMAR_WASM];

/** Where the bytes come from: files in Node; a browser bundle will pass a loader that fetches them. */
export type WasmLoader = (file: WasmFile) => Promise<Uint8Array>;

/**
 * Node: the file next to the running script (the build copies both beside dist/cli.js and dist/extension.js),
 * else the package's copy in node_modules (the unbundled tests under out/).
 */
export function nodeWasmLoader(folder: string = __dirname): WasmLoader {
  return async (file) => {
    try {
      return await readFile(join(folder, file.name));
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') throw error;
      return readFile(createRequire(__filename).resolve(`${file.packageName}/${file.name}`));
    }
  };
}
