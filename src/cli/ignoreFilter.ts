import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { ignoreRules, isIgnoredBy, isIgnoredByLayers, type IgnoreRules } from '../config';
import type { EntryFilter } from './collectFiles';
import type { ConfigFinder } from './configFiles';
import { readSourceFile } from './readSource';

/**
 * What the lint command leaves out:
 * - inside folders: what .gitignore files say (those from the repository's top folder down, and the
 *   repository's `.git/info/exclude`; outside a repository, those inside the folder named), what the
 *   configuration file's `ignore` says, and `--ignore-pattern`;
 * - files named on the command line: the configuration's `ignore` and `--ignore-pattern` only. A hook such
 *   as pre-commit names files one by one, and the configuration must hold there too; .gitignore does not
 *   apply to a file someone names (git itself tracks such files when told to).
 */
export class IgnoreFilter implements EntryFilter {
  private readonly commandLine: IgnoreRules | undefined;
  private readonly gitignores = new Map<string, IgnoreRules | undefined>();
  private readonly repositoryTops = new Map<string, string | undefined>();
  private readonly configRules = new Map<string, IgnoreRules>();
  private readonly gitLayers = new Map<string, readonly GitLayer[]>();

  constructor(
    private readonly cwd: string,
    patterns: readonly string[],
    private readonly configs: ConfigFinder,
  ) {
    this.commandLine = patterns.length > 0 ? ignoreRules(patterns) : undefined;
  }

  ignoresFound(path: string, isDirectory: boolean, root: string): boolean {
    return this.ignoredByCommandLine(path, isDirectory) || this.ignoredByConfig(path, isDirectory) || this.ignoredByGit(path, isDirectory, root);
  }

  ignoresNamed(path: string): boolean {
    return this.ignoredByCommandLine(path, false) || this.ignoredByConfig(path, false);
  }

  private ignoredByCommandLine(path: string, isDirectory: boolean): boolean {
    if (!this.commandLine) return false;
    const rel = relativeInside(this.cwd, path);
    return rel !== undefined && isIgnoredBy(this.commandLine, rel, isDirectory);
  }

  private ignoredByConfig(path: string, isDirectory: boolean): boolean {
    const found = this.configs.forFile(path);
    if (found.kind !== 'file' || found.config.ignore.length === 0) return false;
    let rules = this.configRules.get(found.path);
    if (!rules) {
      rules = ignoreRules(found.config.ignore);
      this.configRules.set(found.path, rules);
    }
    const rel = relativeInside(found.dir, path);
    return rel !== undefined && isIgnoredBy(rules, rel, isDirectory);
  }

  private ignoredByGit(path: string, isDirectory: boolean, root: string): boolean {
    const layers = this.gitLayersFor(dirname(path), root);
    if (layers.length === 0) return false;
    const name = basename(path);
    return isIgnoredByLayers(
      layers.map((layer) => ({ rules: layer.rules, relativePath: layer.folderPrefix + name })),
      isDirectory,
    );
  }

  /**
   * The ignore files that rule over the entries of `folder` (the repository's exclude file, then each .gitignore
   * from the top down), each with `folder`'s path relative to it: found once per folder, not once per entry
   * (a folder of a thousand files asked for the same chain of paths a thousand times).
   */
  private gitLayersFor(folder: string, root: string): readonly GitLayer[] {
    const key = `${root}\0${folder}`;
    const known = this.gitLayers.get(key);
    if (known) return known;
    const top = this.repositoryTop(root) ?? root;
    const layers: GitLayer[] = [];
    const exclude = this.gitignoreAt(join(top, '.git', 'info', 'exclude'));
    if (exclude) layers.push({ rules: exclude, folderPrefix: prefixInside(top, folder) });
    // The folders from the top down to the entry's own folder, each with its .gitignore.
    const chain: string[] = [];
    for (let dir = folder; ; dir = dirname(dir)) {
      chain.push(dir);
      if (dir === top || dirname(dir) === dir) break;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const dir = chain[i]!;
      const rules = this.gitignoreAt(join(dir, '.gitignore'));
      if (rules) layers.push({ rules, folderPrefix: prefixInside(dir, folder) });
    }
    this.gitLayers.set(key, layers);
    return layers;
  }

  /** The repository's top folder: the nearest folder up from `dir` (itself included) holding `.git`. */
  private repositoryTop(dir: string): string | undefined {
    if (this.repositoryTops.has(dir)) return this.repositoryTops.get(dir);
    let top: string | undefined;
    if (existsSync(join(dir, '.git'))) top = dir;
    else if (dirname(dir) !== dir) top = this.repositoryTop(dirname(dir));
    this.repositoryTops.set(dir, top);
    return top;
  }

  private gitignoreAt(file: string): IgnoreRules | undefined {
    if (this.gitignores.has(file)) return this.gitignores.get(file);
    // A .gitignore that cannot be read (a folder of that name, no permission) ignores nothing, as in git.
    const source = existsSync(file) ? readSourceFile(file) : undefined;
    const rules = source && 'text' in source ? ignoreRules(source.text.split(/\r?\n/)) : undefined;
    this.gitignores.set(file, rules);
    return rules;
  }
}

/** An ignore file's rules, and the path of the folder being walked relative to the ignore file's folder. */
interface GitLayer {
  readonly rules: IgnoreRules;
  /** `folder/` relative to the ignore file's folder ('' for that folder itself): an entry's name completes it. */
  readonly folderPrefix: string;
}

/** `folder` relative to `base` followed by `/`, or '' when it is `base` itself (or not inside it). */
function prefixInside(base: string, folder: string): string {
  const rel = relativeInside(base, folder);
  return rel === undefined ? '' : `${rel}/`;
}

/** `path` relative to `base` with `/` separators, or undefined when it is not inside it. */
export function relativeInside(base: string, path: string): string | undefined {
  const rel = relative(base, path);
  if (rel === '' || rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) return undefined;
  return sep === '/' ? rel : rel.split(sep).join('/');
}
