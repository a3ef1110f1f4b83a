import * as vscode from 'vscode';
import { loadTerraformOnDemand, terraformParserAvailability } from '../../formats/terraform/parser';
import { shippedFileReader } from '../extensionFiles';
import { logFailure } from '../log';

/**
 * Registers the Terraform parser (WebAssembly shipped in dist/, read through vscode.workspace.fs so the
 * web-worker host loads it too) to load on first use: the first Terraform document (or Markdown block, or
 * file the workspace check reads) starts it, so a workspace without Terraform never pays for it. When the load
 * settles, `ready` lets the documents linted empty meanwhile be linted again; a parser that cannot load is
 * logged, and the lint then reports why.
 */
export function registerTerraformParser(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, ready: () => void): void {
  loadTerraformOnDemand(shippedFileReader(extensionUri, 'dist')).then(() => {
    const availability = terraformParserAvailability();
    if (availability.kind === 'failed') logFailure(log, 'Loading the Terraform parser', new Error(availability.reason));
    ready();
  });
}
