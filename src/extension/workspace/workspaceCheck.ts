import * as vscode from 'vscode';
import { analyze, needsTerraformParser, type FormatHint, type FormatLintResult } from '../../service';
import { receivingSetupOf, type FileSetup, type LocatedSetup } from '../../formats/receivingSetup';
import { terraformParserAvailability } from '../../formats/terraform/parser';
import { ensureConfigFileFor } from '../configFiles';
import { diagnosticPlansOf } from '../diagnosticPlans';
import { diagnosticOf, severityFor } from '../diagnostics';
import { logFailure } from '../log';
import { getSettings, SECTION, WORKSPACE_CHECK_SETTING, workspaceCheckMode } from '../settings';
import { editorLintsFileName, excludeGlob, GitignoreLayers, isPolicyFileName, POLICY_FILES_GLOB } from './fileSelection';

export const CHECK_WORKSPACE_COMMAND = 'sesGrants.checkWorkspace';
/** Its own collection: the open documents' live diagnostics stay the editor's, never doubled by a stale copy. */
export const WORKSPACE_DIAGNOSTICS = 'ses-grants-workspace';

/** The command's argument (tests, keybindings): a glob relative to the workspace folders, and a way to stop it. */
export interface CheckArguments {
  readonly include?: string;
  readonly token?: vscode.CancellationToken;
}

export interface CheckSummary {
  /** Files analysed (after the excludes). */
  readonly files: number;
  /** Files holding a receipt rule or an SES grant. */
  readonly withSetup: number;
  /** Diagnostics published for files that are not open. */
  readonly diagnostics: number;
  readonly cancelled: boolean;
}

/** Bigger files are generated data, not policies: reading them would stall the extension host. */
const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** How many files are read ahead of the one analysed: enough to hide the file system's round trips. */
const READ_AHEAD = 8;
/** How many listed files are sorted out (policy file name, .gitignore) between two turns for the editor. */
const LISTING_SLICE = 250;
/** How long a watcher update waits for more before the view is rebuilt: short enough to feel immediate. */
const NOTICE_DELAY_MS = 100;

/**
 * "SES: Check Workspace": lints every policy-bearing file of the workspace and publishes diagnostics for the
 * files that are not open; their receiving setup feeds the "SES Grants" view. Cost is bounded: one file is
 * read and analysed at a time (every analysis goes through one queue), and the event loop gets a turn between
 * files. After a first check a file-system watcher keeps the results current.
 */
export class WorkspaceCheck implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(WORKSPACE_DIAGNOSTICS);
  private readonly setups = new Map<string, LocatedSetup<vscode.Uri>>();
  private readonly updated = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Every analysis runs after the previous one: never two at a time on the extension host's thread. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Set once a check ran: the watcher and re-checks only keep current what a check has read. */
  private active = false;
  /** The files a check has read: closing one brings its file's diagnostics back. */
  private readonly checked = new Set<string>();
  /** The files the running check has still to read: a watcher event for one of them is the check's to handle. */
  private aheadOfCheck = new Set<string>();
  /** A watcher update's notice, held back briefly so that a burst of file events rebuilds the view once. */
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  /** Fired after a check or a watcher update changed what is known. */
  readonly onDidUpdate = this.updated.event;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    /** Fired when a ses-grants.json was created, changed or deleted: its `ignore` and `rules` decide what is reported. */
    onConfigFilesChange: vscode.Event<void>,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(POLICY_FILES_GLOB);
    this.subscriptions.push(
      this.collection,
      this.updated,
      watcher,
      watcher.onDidCreate((uri) => this.onDiskChange(uri)),
      watcher.onDidChange((uri) => this.onDiskChange(uri)),
      watcher.onDidDelete((uri) => {
        this.checked.delete(uri.toString());
        this.forget(uri);
      }),
      // An open document's live diagnostics take over; once closed, the file on disk counts again.
      vscode.workspace.onDidOpenTextDocument((document) => this.collection.delete(document.uri)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.checked.has(document.uri.toString())) {
          void this.enqueue(document.uri).then(() => this.notifySoon());
        }
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(WORKSPACE_CHECK_SETTING)) this.startIfWanted();
        else if (this.active && (event.affectsConfiguration(SECTION) || event.affectsConfiguration('files.exclude') || event.affectsConfiguration('search.exclude'))) {
          void this.checkQuietly();
        }
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.startIfWanted()),
      onConfigFilesChange(() => void this.recheckRead()),
    );
  }

  /** The receiving setup of every file read, for the view. */
  get locatedSetups(): LocatedSetup<vscode.Uri>[] {
    return [...this.setups.values()];
  }

  /**
   * Runs the check on open when `sesGrants.workspaceCheck` is `onOpen`, and only in a trusted workspace: the
   * setting is restricted, so a cloned repository cannot turn it on, and nothing runs before trust is given.
   */
  startIfWanted(): void {
    if (!vscode.workspace.isTrusted) return;
    if (workspaceCheckMode() !== 'onOpen') return;
    void this.checkQuietly();
  }

  private async checkQuietly(): Promise<void> {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('SES: Checking the workspace') }, (progress) =>
      this.checkAll({}, undefined, progress),
    );
  }

  /** The command: a cancellable notification while it runs. */
  async run(argument?: CheckArguments): Promise<CheckSummary> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('SES: Checking the workspace'), cancellable: true },
      (progress, token) => this.checkAll(argument ?? {}, token, progress),
    );
  }

  private async checkAll(argument: CheckArguments, uiToken: vscode.CancellationToken | undefined, progress: vscode.Progress<{ message?: string; increment?: number }>): Promise<CheckSummary> {
    this.active = true;
    const cancelled = () => uiToken?.isCancellationRequested === true || argument.token?.isCancellationRequested === true;
    const files: vscode.Uri[] = [];
    try {
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const exclude = excludeGlob(folder);
        const gitignore = await GitignoreLayers.read(folder, exclude);
        const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, argument.include ?? POLICY_FILES_GLOB), exclude);
        // Thousands of names matched against the .gitignore patterns: a slice at a time, a turn for the editor between.
        for (let start = 0; start < found.length; start += LISTING_SLICE) {
          for (const uri of found.slice(start, start + LISTING_SLICE)) if (isPolicyFileName(uri.path) && !gitignore.ignores(uri)) files.push(uri);
          await turnForTheEditor();
        }
      }
    } catch (error) {
      logFailure(this.log, 'Listing the workspace files', error);
    }
    const keys = new Map(files.map((uri) => [uri, uri.toString()]));
    files.sort((a, b) => (keys.get(a)! < keys.get(b)! ? -1 : 1));
    this.aheadOfCheck = new Set(keys.values());
    let done = 0;
    let stopped = false;
    let reported = 0;
    // Reads run a few files ahead (they wait on the file system, not on this thread); analyses stay one at a time.
    const reads = new Map<number, Promise<Uint8Array>>();
    const readAhead = (index: number) => {
      const uri = files[index];
      if (uri && !reads.has(index)) reads.set(index, Promise.resolve(vscode.workspace.fs.readFile(uri)));
    };
    for (let index = 0; index < files.length; index++) {
      if (cancelled()) {
        stopped = true;
        break;
      }
      for (let ahead = index; ahead < index + READ_AHEAD; ahead++) readAhead(ahead);
      const bytes = reads.get(index)!;
      reads.delete(index);
      this.aheadOfCheck.delete(files[index]!.toString());
      await this.enqueue(files[index]!, bytes);
      done++;
      if (done - reported >= files.length / 100 || done === files.length) {
        progress.report({ message: vscode.l10n.t('{0} of {1} files', done, files.length), increment: ((done - reported) * 100) / files.length });
        reported = done;
      }
      // A turn for the editor between files: the check never holds the thread for more than one analysis.
      await turnForTheEditor();
    }
    // Reads started for files the cancellation left out: their results are not wanted.
    for (const read of reads.values()) read.catch(() => undefined);
    this.aheadOfCheck = new Set();
    if (!stopped && argument.include === undefined) {
      // A full check: files no longer found (deleted, now excluded) keep nothing.
      const seen = new Set(files.map((uri) => uri.toString()));
      for (const key of [...this.checked]) if (!seen.has(key)) this.checked.delete(key);
      for (const [key, located] of [...this.setups]) if (!seen.has(key)) this.forget(located.file, false);
      this.collection.forEach((uri) => {
        if (!seen.has(uri.toString())) this.collection.delete(uri);
      });
    }
    this.notifyNow();
    let diagnostics = 0;
    this.collection.forEach((_, list) => (diagnostics += list.length));
    return { files: done, withSetup: this.setups.size, diagnostics, cancelled: stopped };
  }

  /**
   * A configuration file changed: every file a check has read is analysed again, since its `ignore` and `rules`
   * apply to files other than itself (ignored files were read too, so un-ignoring one brings its findings back).
   * One file at a time with a turn for the editor between files, as in a check.
   */
  private async recheckRead(): Promise<void> {
    if (!this.active) return;
    for (const key of [...this.checked]) {
      await this.enqueue(vscode.Uri.parse(key));
      await turnForTheEditor();
    }
    this.notifyNow();
  }

  private onDiskChange(uri: vscode.Uri): void {
    // Files written just before or during a check (a checkout, a generator) reach the watcher while the check
    // runs: the check reads each of them once, in its turn, instead of a second analysis per event.
    if (!this.active || !isPolicyFileName(uri.path) || this.aheadOfCheck.has(uri.toString())) return;
    void this.enqueue(uri).then(() => this.notifySoon());
  }

  /** A watcher update: the view is rebuilt once for a burst of events (a checkout changes hundreds of files). */
  private notifySoon(): void {
    if (this.noticeTimer !== undefined) return;
    this.noticeTimer = setTimeout(() => {
      this.noticeTimer = undefined;
      this.updated.fire();
    }, NOTICE_DELAY_MS);
  }

  /** A check's end: the view shows its result at once (callers of the command read the tree next). */
  private notifyNow(): void {
    if (this.noticeTimer !== undefined) clearTimeout(this.noticeTimer);
    this.noticeTimer = undefined;
    this.updated.fire();
  }

  /** Analyses one file after whatever is already queued. */
  private enqueue(uri: vscode.Uri, bytes?: Promise<Uint8Array>): Promise<void> {
    const next = this.queue.then(() => this.checkFile(uri, bytes));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async checkFile(uri: vscode.Uri, read?: Promise<Uint8Array>): Promise<void> {
    this.checked.add(uri.toString());
    try {
      const bytes = await (read ?? vscode.workspace.fs.readFile(uri));
      if (bytes.byteLength > MAX_FILE_BYTES) return this.forget(uri, false);
      const text = new TextDecoder().decode(bytes);
      await ensureConfigFileFor(uri);
      const settings = getSettings(uri);
      if (!settings.enable) return this.forget(uri, false);
      const hint: FormatHint = { fileName: uri.path };
      const result = needsTerraformParser(hint) ? await this.lintTerraform(uri, text) : analyze(text, hint).result;
      if (!result) return this.forget(uri, false);
      const setup = receivingSetupOf(result);
      const key = uri.toString();
      if (setup.rules.length > 0 || setup.grants.length > 0) this.setups.set(key, { file: uri, folder: folderOf(uri), setup });
      else this.setups.delete(key);
      const open = vscode.workspace.textDocuments.some((document) => document.uri.toString() === key);
      if (open || !editorLintsFileName(uri.path) || result.findings.length === 0) {
        this.collection.delete(uri);
        return;
      }
      // Placed and worded as an open document's (the files are not open: no TextDocument to ask).
      const diagnostics: vscode.Diagnostic[] = [];
      for (const plan of diagnosticPlansOf(text, result.findings, vscode.env.language)) {
        const severity = severityFor(plan, settings);
        if (severity !== undefined) diagnostics.push(diagnosticOf(plan, severity));
      }
      this.collection.set(uri, diagnostics);
    } catch (error) {
      // A file that vanished or cannot be read keeps nothing; the others go on.
      this.forget(uri, false);
      logFailure(this.log, `Checking ${uri.toString()}`, error);
    }
  }

  /**
   * Terraform reads the module: the other `.tf` files of the folder, as the command-line tool does. The first
   * Terraform file the check meets starts loading the parser (it loads on first use), and the check waits for it.
   */
  private async lintTerraform(uri: vscode.Uri, text: string): Promise<FormatLintResult | undefined> {
    const availability = terraformParserAvailability();
    if (availability.kind === 'pending') await availability.settled;
    if (terraformParserAvailability().kind !== 'ready') return undefined;
    const folder = vscode.Uri.joinPath(uri, '..');
    const moduleFiles: { fileName: string; text: string }[] = [];
    for (const [name, type] of await vscode.workspace.fs.readDirectory(folder)) {
      const sibling = vscode.Uri.joinPath(folder, name);
      if (type !== vscode.FileType.File || sibling.toString() === uri.toString() || !needsTerraformParser({ fileName: name })) continue;
      moduleFiles.push({ fileName: sibling.path, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(sibling)) });
    }
    return analyze(text, { fileName: uri.path, moduleFiles }).result;
  }

  private forget(uri: vscode.Uri, notify = true): void {
    const had = this.setups.delete(uri.toString());
    this.collection.delete(uri);
    if (notify && had) this.notifySoon();
  }

  dispose(): void {
    if (this.noticeTimer !== undefined) clearTimeout(this.noticeTimer);
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/** Gives the event loop a turn between two analyses: the check never holds the thread for more than one. */
function turnForTheEditor(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function folderOf(uri: vscode.Uri): string {
  return vscode.Uri.joinPath(uri, '..').toString();
}

export type { FileSetup };
