import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { initTerraform } from '../formats/terraform/parser';
import type { WasmLoader } from '../formats/terraform/wasmFiles';

/**
 * The Terraform parser's files read with Node's file system, for the command-line tool and the tests. It lives
 * with the CLI because src/formats goes into the browser bundle too, where there is no file system: a host
 * without Node passes its own loader to initTerraform (the extension's shippedFileReader reads the same files).
 */

/**
 * The file next to the running script (the build copies both beside dist/cli.js and dist/extension.js), else
 * the package's copy in node_modules (the unbundled tests under out/).
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

/** Loads the Terraform parser from its files (once per process; later calls share the first load). */
export function initTerraformInNode(): Promise<void> {
  return initTerraform(nodeWasmLoader());
}
