import * as vscode from 'vscode';
import { CONFIG_FILE_NAMES, formatConfigProblem, ignoreRules, isIgnoredBy, parseConfigText, type IgnoreRules, type SesGrantsConfig } from '../config';
import { logFailure } from './log';

/** The configuration file that applies to a document: what it says, and where it is. */
export interface ConfigFile {
  readonly uri: vscode.Uri;
  readonly config: SesGrantsConfig;
  /** Whether the file's `ignore` leaves the document out. */
  ignores(document: vscode.Uri): boolean;
}

/**
 * `ses-grants.json` / `.ses-grants.json` for the editor, found as the command-line tool finds it: the nearest
 * one up from the document's folder, read through `vscode.workspace.fs` (so the web extension reads it too).
 * Reads are asynchronous and cached per folder; the features that need the values synchronously (quick
 * fixes, fix-all on save, hovers) read what the diagnostics, which wait for it, have loaded. A file watcher
 * and saves of a configuration file empty the cache, and listeners re-lint.
 *
 * In a workspace VS Code does not trust, no configuration file is read at all: like the workspace's
 * `sesGrants.*` settings (restrictedConfigurations), a file in a cloned repository must not choose the
 * account that fixes write or turn findings off.
 */
export class ConfigFiles implements vscode.Disposable {
  private readonly pending = new Map<string, Promise<ConfigFile | undefined>>();
  private readonly loaded = new Map<string, ConfigFile | undefined>();
  private readonly reported = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Fired when a configuration file was created, changed or deleted, or the workspace became trusted. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/{${CONFIG_FILE_NAMES.join(',')}}`);
    this.subscriptions.push(
      this.changed,
      watcher,
      watcher.onDidCreate(() => this.reset()),
      watcher.onDidChange(() => this.reset()),
      watcher.onDidDelete(() => this.reset()),
      // A configuration outside the workspace folders is not watched; saving it in the editor still counts.
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (isConfigFileName(lastSegment(document.uri))) this.reset();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reset()),
    );
  }

  /** Loads the configuration for a document's folder (and the folders above it, up to the nearest file). */
  async ensure(document: vscode.Uri): Promise<void> {
    const dir = folderOf(document);
    if (!dir || !vscode.workspace.isTrusted) return;
    await this.forFolder(dir);
  }

  /** The configuration already loaded for a document, or undefined (none, not loaded yet, or not trusted). */
  current(document: vscode.Uri): ConfigFile | undefined {
    const dir = folderOf(document);
    if (!dir || !vscode.workspace.isTrusted) return undefined;
    return this.loaded.get(dir.toString());
  }

  private forFolder(dir: vscode.Uri): Promise<ConfigFile | undefined> {
    const key = dir.toString();
    let promise = this.pending.get(key);
    if (!promise) {
      promise = this.read(dir).then((config) => {
        // A reset while this read was on its way: the result may already be stale, and is not kept.
        if (this.pending.get(key) === promise) this.loaded.set(key, config);
        return config;
      });
      this.pending.set(key, promise);
    }
    return promise;
  }

  private async read(dir: vscode.Uri): Promise<ConfigFile | undefined> {
    const found: vscode.Uri[] = [];
    for (const name of CONFIG_FILE_NAMES) {
      const uri = vscode.Uri.joinPath(dir, name);
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        if (stat.type & vscode.FileType.Directory) this.report(uri, [vscode.l10n.t('it is a folder, not a file')]);
        else found.push(uri);
      } catch {
        // No such file: look further up.
      }
    }
    if (found.length > 1) {
      this.report(found[0]!, [vscode.l10n.t('{0} and {1} are both in this folder: keep one', ...CONFIG_FILE_NAMES)]);
      return undefined;
    }
    const uri = found[0];
    if (!uri) {
      const parent = vscode.Uri.joinPath(dir, '..');
      return parent.path === dir.path ? undefined : this.forFolder(parent);
    }
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch (error) {
      logFailure(this.log, `Reading ${uri.toString()}`, error);
      return undefined;
    }
    const parsed = parseConfigText(text);
    if ('problems' in parsed) {
      // The nearest file is the configuration: a broken one is not replaced by another further up.
      this.report(uri, parsed.problems.map(formatConfigProblem));
      return undefined;
    }
    return configFile(uri, dir, parsed.config);
  }

  /** Says once per change why a configuration file is not used (the schema also marks it in its editor). */
  private report(uri: vscode.Uri, problems: readonly string[]): void {
    const key = `${uri.toString()}\u0000${problems.join('\n')}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.log.warn(`${uri.toString()} is not used: ${problems.join('; ')}`);
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} is not used: {1}', lastSegment(uri), problems[0] ?? ''));
  }

  private reset(): void {
    this.pending.clear();
    this.loaded.clear();
    this.reported.clear();
    this.changed.fire();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

function configFile(uri: vscode.Uri, dir: vscode.Uri, config: SesGrantsConfig): ConfigFile {
  const rules: IgnoreRules | undefined = config.ignore.length > 0 ? ignoreRules(config.ignore) : undefined;
  const base = dir.path.endsWith('/') ? dir.path : `${dir.path}/`;
  return {
    uri,
    config,
    ignores(document) {
      if (!rules || document.scheme !== dir.scheme || document.authority !== dir.authority || !document.path.startsWith(base)) return false;
      return isIgnoredBy(rules, document.path.slice(base.length), false);
    },
  };
}

/** The folder a document is in; none for documents that are no file (untitled, output). */
function folderOf(document: vscode.Uri): vscode.Uri | undefined {
  if (document.scheme === 'untitled' || !document.path.includes('/')) return undefined;
  return vscode.Uri.joinPath(document, '..');
}

function lastSegment(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

function isConfigFileName(name: string): boolean {
  return (CONFIG_FILE_NAMES as readonly string[]).includes(name);
}

/**
 * The one instance, set by activate(): settings.ts reads the configuration through it for every feature, so
 * that no feature's signature has to carry it.
 */
let active: ConfigFiles | undefined;

export function registerConfigFiles(log: vscode.LogOutputChannel): ConfigFiles {
  active = new ConfigFiles(log);
  return active;
}

export function configFileFor(document: vscode.Uri): ConfigFile | undefined {
  return active?.current(document);
}

export async function ensureConfigFileFor(document: vscode.Uri): Promise<void> {
  await active?.ensure(document);
}
