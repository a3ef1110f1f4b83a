import * as vscode from 'vscode';
import { initTerraform } from '../../formats/terraform';
import { shippedFileReader } from '../extensionFiles';
import { logFailure } from '../log';

/**
 * Loads the Terraform parser (WebAssembly shipped in dist/, read through vscode.workspace.fs so the web-worker
 * host loads it too) once, at activation, then calls `ready` so the Terraform documents already open, linted
 * empty while it loaded, are linted again. A parser that cannot load is logged; the lint then reports why.
 */
export function startTerraformParser(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, ready: () => void): void {
  initTerraform(shippedFileReader(extensionUri, 'dist')).then(
    () => ready(),
    (error: unknown) => {
      logFailure(log, 'Loading the Terraform parser', error);
      ready();
    },
  );
}
