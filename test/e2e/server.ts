// code-server with the packaged extension installed from its VSIX, as a user installs it, on a fresh copy of
// a workspace folder. Shared by the UI suite (run.ts) and `npm run demo` (demo.ts); the server itself is
// started and stopped by the extension-host harness (test/vscode/codeServer.ts).
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, startCodeServer, type CodeServer } from '../vscode/codeServer';

/** Where `npm run package:vsix` writes the VSIX: ses-grants-<version>.vsix in the repository folder. */
export function vsixPath(): string {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const path = join(REPO_ROOT, `${manifest.name}-${manifest.version}.vsix`);
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run package:vsix first`);
  return path;
}

/**
 * User settings on top of the harness's quiet ones. New untitled files are JSON (the snippet flow starts
 * from one); suggestions open only on request (Ctrl+Space), so a list that pops up while typing into a
 * snippet placeholder cannot swallow the Tab that moves to the next one.
 */
export const UI_USER_SETTINGS = {
  'files.defaultLanguage': 'json',
  'workbench.editor.untitled.hint': 'hidden',
  'editor.hover.delay': 100,
  '[json]': { 'editor.quickSuggestions': { other: false, comments: false, strings: false }, 'editor.suggestOnTriggerCharacters': false },
  '[jsonc]': { 'editor.quickSuggestions': { other: false, comments: false, strings: false }, 'editor.suggestOnTriggerCharacters': false },
} as const;

export interface ServedWorkspace {
  readonly server: CodeServer;
  /** The copy of the workspace the workbench opens. */
  readonly workspace: string;
  readonly url: string;
}

/** Copies `workspaceSource` into the run folder and starts code-server on it with the VSIX(s) installed. */
export async function serveWorkspace(
  runDir: string,
  workspaceSource: string,
  options: {
    vsix: string | readonly string[];
    extraArgs?: readonly string[];
    /** User settings on top of the harness's quiet ones; UI_USER_SETTINGS unless given. */
    userSettings?: Readonly<Record<string, unknown>>;
    /** See CodeServerOptions: a password to ask for, and workspace trust kept on. */
    password?: string;
    workspaceTrust?: boolean;
  },
): Promise<ServedWorkspace> {
  const workspace = join(runDir, 'workspace');
  cpSync(workspaceSource, workspace, { recursive: true });
  const server = await startCodeServer(runDir, {
    installExtensions: typeof options.vsix === 'string' ? [options.vsix] : options.vsix,
    userSettings: options.userSettings ?? UI_USER_SETTINGS,
    ...(options.extraArgs ? { extraArgs: options.extraArgs } : {}),
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(options.workspaceTrust ? { workspaceTrust: true } : {}),
  });
  return { server, workspace, url: server.workbenchUrl(workspace) };
}
