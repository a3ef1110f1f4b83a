type IgnorePackage = typeof import('ignore');
let ignorePackage: IgnorePackage | undefined;

/**
 * The `ignore` package, required on first use rather than imported: its module builds its tables of patterns
 * when evaluated (0.43 ms of CPU, a tenth of the whole bundle's 4.5 ms, measured outside the editor), which
 * the extension's activation then does not pay; reading patterns (a configuration's `ignore`, the workspace
 * check, the command line's walk) does, once.
 */
function ignorePackageLoaded(): IgnorePackage {
  return (ignorePackage ??= require('ignore') as IgnorePackage);
}

/**
 * Patterns in .gitignore syntax (the `ignore` package, as eslint and others use it), matched against paths
 * relative to the folder the patterns belong to: the configuration file's folder for its `ignore`, the
 * working folder for `--ignore-pattern`, each .gitignore's own folder for it. Case-sensitive, as git is on
 * Linux and as the paths reach AWS.
 */
export interface IgnoreRules {
  /** `ignored` or `unignored` (a `!pattern` matched) for a `/`-separated path under the base; undefined when no pattern speaks of it. */
  verdict(relativePath: string, isDirectory: boolean): 'ignored' | 'unignored' | undefined;
}

export function ignoreRules(patterns: readonly string[]): IgnoreRules {
  const ignore = ignorePackageLoaded();
  const matcher = ignore({ ignorecase: false }).add(patterns as string[]);
  return {
    verdict(relativePath, isDirectory) {
      const path = isDirectory ? `${relativePath}/` : relativePath;
      // A path outside the base (`../x`) or empty is none of these patterns' business.
      if (relativePath === '' || !ignore.isPathValid(path)) return undefined;
      const result = matcher.test(path);
      return result.ignored ? 'ignored' : result.unignored ? 'unignored' : undefined;
    },
  };
}

/** Whether one set of patterns ignores a path. */
export function isIgnoredBy(rules: IgnoreRules, relativePath: string, isDirectory: boolean): boolean {
  return rules.verdict(relativePath, isDirectory) === 'ignored';
}

/**
 * Several sets of patterns, outermost first (a repository's top .gitignore, then those of the folders below):
 * as in git, a later set's verdict overrides an earlier one's, so `!keep.json` in a subfolder brings back
 * what a parent ignored.
 */
export function isIgnoredByLayers(layers: readonly { readonly rules: IgnoreRules; readonly relativePath: string }[], isDirectory: boolean): boolean {
  let ignored = false;
  for (const layer of layers) {
    const verdict = layer.rules.verdict(layer.relativePath, isDirectory);
    if (verdict !== undefined) ignored = verdict === 'ignored';
  }
  return ignored;
}
