import * as vscode from 'vscode';
import { ignoreRules, isIgnoredByLayers, type IgnoreRules } from '../../config';
import { FORMAT_ADAPTERS } from '../../service';
import { LANGUAGES } from '../documents';

/**
 * Which files of the workspace the workspace check reads: the formats the core reads (the command-line
 * tool's folder walk lists the same), less what `files.exclude`, `search.exclude` and `.gitignore` files leave
 * out. The configuration file's `ignore` is applied per file by the settings (getSettings().enable).
 */

const CORE_EXTENSIONS = FORMAT_ADAPTERS.flatMap((adapter) => adapter.extensions);

/** One glob for findFiles and the file watcher: `**∕*.{json,jsonc,…}`. */
export const POLICY_FILES_GLOB = `**/*.{${[...new Set(CORE_EXTENSIONS.map((extension) => extension.slice(extension.lastIndexOf('.') + 1)))].join(',')}}`;

/** Never worth reading, whatever the settings say (the command-line walk skips them too). */
const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/.git/**', '**/.terraform/**'];

/** The editor language a file opens in, as far as its name tells. */
export function languageOfFileName(name: string): string | undefined {
  const lower = name.toLowerCase();
  return FORMAT_ADAPTERS.find((adapter) => adapter.extensions.some((extension) => lower.endsWith(extension)))?.languageIds[0];
}

/**
 * Whether the editor lints this file's language as the user types: only those get diagnostics from the
 * workspace check, so a closed file never shows findings its open editor would not.
 */
export function editorLintsFileName(name: string): boolean {
  const language = languageOfFileName(name);
  return language !== undefined && LANGUAGES.includes(language);
}

/**
 * `files.exclude` and `search.exclude` as one exclude glob. findFiles applies `files.exclude` only when given no
 * exclude at all, so both sets are merged here; patterns with a `when` clause (sibling conditions) are skipped.
 */
export function excludeGlob(folder: vscode.WorkspaceFolder): string {
  const patterns = new Set(ALWAYS_EXCLUDED);
  const files = vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude') ?? {};
  const search = vscode.workspace.getConfiguration('search', folder.uri).get<Record<string, unknown>>('exclude') ?? {};
  for (const excludes of [files, search]) {
    for (const [pattern, value] of Object.entries(excludes)) {
      if (value === true) patterns.add(pattern);
    }
  }
  return `{${[...patterns].join(',')}}`;
}

/** The .gitignore files of a workspace folder, read once per check: git's layering, outermost first. */
export class GitignoreLayers {
  private constructor(private readonly layers: readonly { readonly base: string; readonly rules: IgnoreRules }[]) {}

  static async read(folder: vscode.WorkspaceFolder, exclude: string): Promise<GitignoreLayers> {
    const layers: { base: string; rules: IgnoreRules }[] = [];
    for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/.gitignore'), exclude)) {
      try {
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        const patterns = text.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('#'));
        if (patterns.length > 0) layers.push({ base: uri.path.slice(0, uri.path.lastIndexOf('/') + 1), rules: ignoreRules(patterns) });
      } catch {
        // An unreadable .gitignore leaves everything in, as git would not read it either.
      }
    }
    layers.sort((a, b) => a.base.length - b.base.length);
    return new GitignoreLayers(layers);
  }

  ignores(uri: vscode.Uri): boolean {
    const applicable = this.layers.filter((layer) => uri.path.startsWith(layer.base)).map((layer) => ({ rules: layer.rules, relativePath: uri.path.slice(layer.base.length) }));
    return applicable.length > 0 && isIgnoredByLayers(applicable, false);
  }
}

/** Whether a file name ends in a format the core reads (watcher events for other files are dropped). */
export function isPolicyFileName(name: string): boolean {
  return languageOfFileName(name) !== undefined;
}
