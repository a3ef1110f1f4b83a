import * as vscode from 'vscode';

/** A file the extension ships, by name (the Terraform reader's WebAssembly files have this shape too). */
export interface ShippedFile {
  readonly name: string;
}

/** Reads one shipped file as bytes. */
export type ShippedFileReader = (file: ShippedFile) => Promise<Uint8Array>;

/**
 * Reads files the extension ships in `folder` (e.g. WebAssembly modules under dist/) through
 * vscode.workspace.fs and the extension's own URI. The same call works in every extension host: a `file:`
 * URI in desktop VS Code, `vscode-remote:` in code-server's web worker, an https location in vscode.dev; a
 * bundle for the web cannot read files itself, nor resolve a path next to its own script.
 *
 * A WebAssembly runtime takes the bytes as they are (tree-sitter: `Parser.init({ wasmBinary })`,
 * `Language.load(bytes)`); pass the Uint8Array, not its `.buffer`, which may be larger than the file.
 */
export function shippedFileReader(extensionUri: vscode.Uri, ...folder: string[]): ShippedFileReader {
  return async (file) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, ...folder, file.name));
}
