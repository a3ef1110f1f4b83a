import * as vscode from 'vscode';
import { TERRAFORM_EXTENSIONS } from '../../service';
import type { ModuleFile } from '../../formats/terraform';
import { logFailure } from '../log';

/**
 * The other files of a Terraform document's module (its folder), which the checks across resources need: a
 * receipt rule in main.tf and its bucket policy in policies.tf belong together, as the command-line tool
 * reads them. Read through vscode.workspace.fs (the web host too), once per folder, asynchronously: the
 * diagnostics wait for it, and the features that lint synchronously (quick fixes, hovers) read what is
 * loaded. An open document counts with its editor text. A file watcher and saves empty the cache.
 */
export class TerraformModules implements vscode.Disposable {
  private readonly pending = new Map<string, Promise<void>>();
  private readonly loaded = new Map<string, readonly ModuleFile[]>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Fired when a Terraform file of a folder already read was created, changed or deleted. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{tf,tf.json}');
    const reset = (uri: vscode.Uri): void => this.reset(uri);
    this.subscriptions.push(
      this.changed,
      watcher,
      watcher.onDidCreate(reset),
      watcher.onDidChange(reset),
      watcher.onDidDelete(reset),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (isTerraformName(document.uri)) this.reset(document.uri);
      }),
    );
  }

  /** Reads the module of a document (no-op for an untitled document, which has no folder). */
  async ensure(document: vscode.Uri): Promise<void> {
    const folder = folderOf(document);
    if (!folder) return;
    const key = folder.toString();
    let promise = this.pending.get(key);
    if (!promise) {
      promise = this.read(folder).then((files) => {
        if (this.pending.get(key) === promise) this.loaded.set(key, files);
      });
      this.pending.set(key, promise);
    }
    await promise;
  }

  /** The module's other files as loaded, each with the text of its open document when it is open. */
  siblingsOf(document: vscode.Uri): ModuleFile[] {
    const folder = folderOf(document);
    if (!folder) return [];
    const files = this.loaded.get(folder.toString()) ?? [];
    const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
    return files
      .filter((file) => file.fileName !== document.toString())
      .map((file) => {
        const editor = open.get(file.fileName);
        return editor ? { fileName: file.fileName, text: editor.getText() } : file;
      });
  }

  private async read(folder: vscode.Uri): Promise<ModuleFile[]> {
    try {
      const entries = await vscode.workspace.fs.readDirectory(folder);
      const names = entries.filter(([name, type]) => type === vscode.FileType.File && isTerraformName(vscode.Uri.joinPath(folder, name)));
      const decoder = new TextDecoder();
      const files = await Promise.all(
        names.map(async ([name]) => {
          const uri = vscode.Uri.joinPath(folder, name);
          try {
            // fileName is the URI: the reader goes by its ending (`.tf.json`), the cache by the whole of it.
            return { fileName: uri.toString(), text: decoder.decode(await vscode.workspace.fs.readFile(uri)) };
          } catch {
            return undefined;
          }
        }),
      );
      return files.filter((file): file is ModuleFile => file !== undefined);
    } catch (error) {
      logFailure(this.log, `Reading the Terraform module ${folder.toString()}`, error);
      return [];
    }
  }

  private reset(uri: vscode.Uri): void {
    const folder = folderOf(uri);
    if (!folder) return;
    const key = folder.toString();
    if (!this.pending.delete(key)) return;
    this.loaded.delete(key);
    this.changed.fire();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

function isTerraformName(uri: vscode.Uri): boolean {
  const name = uri.path.toLowerCase();
  return TERRAFORM_EXTENSIONS.some((extension) => name.endsWith(extension));
}

function folderOf(document: vscode.Uri): vscode.Uri | undefined {
  if (document.scheme === 'untitled' || !document.path.includes('/')) return undefined;
  return vscode.Uri.joinPath(document, '..');
}

/** The one instance, set by activate(), as for the configuration files: features read it without carrying it. */
let active: TerraformModules | undefined;

export function registerTerraformModules(log: vscode.LogOutputChannel): TerraformModules {
  active = new TerraformModules(log);
  return active;
}

export function terraformSiblingsOf(document: vscode.Uri): ModuleFile[] {
  return active?.siblingsOf(document) ?? [];
}

export async function ensureTerraformModuleFor(document: vscode.Uri): Promise<void> {
  await active?.ensure(document);
}
