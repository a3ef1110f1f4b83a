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

/** Where the bytes come from: files in Node (src/cli/nodeWasmLoader.ts); a browser bundle will pass a loader that fetches them. */
export type WasmLoader = (file: WasmFile) => Promise<Uint8Array>;
