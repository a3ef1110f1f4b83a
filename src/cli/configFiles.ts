import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CONFIG_FILE_NAMES, EMPTY_CONFIG, formatConfigProblem, parseConfigText, type SesGrantsConfig } from '../config';
import { describeFsError } from './collectFiles';
import { readSourceFile } from './readSource';

/** The configuration that applies in a folder: the nearest file up from it, none, or why it cannot be used. */
export type FolderConfig =
  | { readonly kind: 'none'; readonly config: SesGrantsConfig }
  | { readonly kind: 'file'; readonly path: string; readonly dir: string; readonly config: SesGrantsConfig }
  | { readonly kind: 'broken'; readonly path: string; readonly problems: readonly string[] };

const NONE: FolderConfig = { kind: 'none', config: EMPTY_CONFIG };

/**
 * Finds `ses-grants.json` / `.ses-grants.json` by walking up from a folder to the file system's root, as the
 * extension does through `vscode.workspace.fs`; the nearest file wins and files further up are not merged.
 * Each folder is looked at once per run, however many files it holds.
 */
export class ConfigFinder {
  private readonly byDir = new Map<string, FolderConfig>();

  /** The configuration for a file, by its absolute path. */
  forFile(path: string): FolderConfig {
    return this.forDir(dirname(path));
  }

  forDir(start: string): FolderConfig {
    // A folder's files come one after another (walk, ignore filter, jobs): the last folder asked for is kept.
    if (start === this.lastDir) return this.lastFound;
    this.lastFound = this.find(start);
    this.lastDir = start;
    return this.lastFound;
  }

  private lastDir: string | undefined;
  private lastFound: FolderConfig = NONE;

  private find(start: string): FolderConfig {
    const visited: string[] = [];
    let found: FolderConfig = NONE;
    for (let dir = start; ; dir = dirname(dir)) {
      const known = this.byDir.get(dir);
      if (known) {
        found = known;
        break;
      }
      visited.push(dir);
      const here = configIn(dir);
      if (here) {
        found = here;
        break;
      }
      if (dirname(dir) === dir) break;
    }
    for (const dir of visited) this.byDir.set(dir, found);
    return found;
  }

  /** Every broken configuration met so far, each once. */
  broken(): Extract<FolderConfig, { kind: 'broken' }>[] {
    const seen = new Map<string, Extract<FolderConfig, { kind: 'broken' }>>();
    for (const config of this.byDir.values()) if (config.kind === 'broken') seen.set(config.path, config);
    return [...seen.values()];
  }
}

function configIn(dir: string): FolderConfig | undefined {
  const present: { path: string; problem?: string }[] = [];
  for (const name of CONFIG_FILE_NAMES) {
    const path = join(dir, name);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      present.push({ path, problem: describeFsError(error) });
      continue;
    }
    present.push(isDirectory ? { path, problem: 'is a folder: the configuration is a file holding a JSON object' } : { path });
  }
  if (present.length === 0) return undefined;
  if (present.length > 1) {
    return { kind: 'broken', path: present[0]!.path, problems: [`${CONFIG_FILE_NAMES.join(' and ')} are both in this folder: keep one`] };
  }
  const { path, problem } = present[0]!;
  if (problem) return { kind: 'broken', path, problems: [problem] };
  const source = readSourceFile(path);
  if ('problem' in source) return { kind: 'broken', path, problems: [source.problem] };
  const parsed = parseConfigText(source.text);
  if ('problems' in parsed) return { kind: 'broken', path, problems: parsed.problems.map(formatConfigProblem) };
  return { kind: 'file', path, dir, config: parsed.config };
}
