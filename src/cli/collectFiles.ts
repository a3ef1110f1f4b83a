import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { endingInAny } from '../formats/extensionPattern';
import { FORMAT_ADAPTERS } from '../service';

/** Folders never worth reading: dependencies, version-control internals, Terraform's downloaded modules. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.terraform']);

export interface CollectedFiles {
  /** Files to lint, in a stable order: arguments in the order given, folder contents sorted by name. */
  readonly files: string[];
  /** Paths that could not be read, each with the reason. */
  readonly problems: { readonly path: string; readonly reason: string }[];
  /** Files named on the command line that an ignore pattern leaves out. */
  readonly ignored: string[];
}

/**
 * Which paths ignore patterns leave out (ignoreFilter.ts): `found` decides for a file or folder met inside a
 * folder being walked (`root`), `named` for a file named on the command line. An ignored folder is not entered.
 */
export interface EntryFilter {
  ignoresFound(path: string, isDirectory: boolean, root: string): boolean;
  ignoresNamed(path: string): boolean;
}

export function isLintedFileName(name: string): boolean {
  return LINTED_NAME.test(name) || LINTED_NAME_ANY_CASE.test(name.toLowerCase());
}

/**
 * The extensions of every format as two patterns (extensionPattern.ts): those of JSON, YAML and Terraform in
 * lower case only, as they were first written, the others in any case (the name lowered as `toLowerCase`
 * lowers it, not by the pattern's `i` flag, whose folding differs outside ASCII).
 */
const LINTED_NAME = endingInAny(FORMAT_ADAPTERS.filter((adapter) => !adapter.extensionsAnyCase).flatMap((adapter) => adapter.extensions));
const LINTED_NAME_ANY_CASE = endingInAny(FORMAT_ADAPTERS.filter((adapter) => adapter.extensionsAnyCase).flatMap((adapter) => adapter.extensions));

/**
 * Expands the command-line paths: a file named on the command line is always listed (fileKinds.ts decides
 * whether it is read); inside folders, the extensions above. Symbolic links to folders are not followed, so
 * a link loop cannot make the walk endless; a link to a file is followed only when the file lies inside the
 * folder being walked, so a checked-out `passwd.json -> /etc/passwd` is never read. A link named on the
 * command line is read wherever it points: the user chose it.
 */
export function collectFiles(paths: readonly string[], filter?: EntryFilter): CollectedFiles {
  const files: string[] = [];
  const problems: { path: string; reason: string }[] = [];
  const ignored: string[] = [];
  const seen = new Set<string>();
  const add = (path: string) => {
    if (!seen.has(path)) {
      seen.add(path);
      files.push(path);
    }
  };
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (error) {
      problems.push({ path, reason: describeFsError(error) });
      continue;
    }
    if (isDirectory) walk(path, add, problems, filter);
    else if (filter?.ignoresNamed(path)) ignored.push(path);
    else add(path);
  }
  return { files, problems, ignored };
}

function walk(dir: string, add: (path: string) => void, problems: { path: string; reason: string }[], filter: EntryFilter | undefined): void {
  let realRoot: string;
  try {
    realRoot = realpathSync(dir);
  } catch (error) {
    problems.push({ path: dir, reason: describeFsError(error) });
    return;
  }
  // An explicit stack rather than recursion: deep trees cannot overflow, and the order stays sorted.
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: current, reason: describeFsError(error) });
      continue;
    }
    entries.sort(byName);
    const subfolders: string[] = [];
    // join(current, name) for every entry, written as the folder's joined prefix and the name: a directory
    // entry's name holds no separator and is never `.` or `..`, so only the prefix needs join's normalising.
    const prefix = join(current, 'x').slice(0, -1);
    for (const entry of entries) {
      const path = prefix + entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !filter?.ignoresFound(path, true, dir)) subfolders.push(path);
      } else if (isWalkedFile(realRoot, path, entry)) {
        if (!filter?.ignoresFound(path, false, dir)) add(path);
      }
    }
    // Files of a folder come before its subfolders' files; subfolders in name order.
    for (let i = subfolders.length - 1; i >= 0; i--) pending.push(subfolders[i]!);
  }
}

/**
 * The files of one folder, not of its subfolders, that a walk of it lists, in name order (the files of a
 * Terraform module: terraformModules.ts). Empty when the folder cannot be read.
 */
export function lintedFilesIn(folder: string): string[] {
  try {
    const realRoot = realpathSync(folder);
    const entries = readdirSync(folder, { withFileTypes: true }).sort(byName);
    return entries.map((entry) => join(folder, entry.name)).filter((path, i) => isWalkedFile(realRoot, path, entries[i]!));
  } catch {
    return [];
  }
}

/** Entries in name order, the same on every machine (code units, not the locale). */
function byName(a: Dirent, b: Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** A file the walk lists: a linted name, and a regular file or a link to one inside the folder walked. */
function isWalkedFile(realRoot: string, path: string, entry: Dirent): boolean {
  return isLintedFileName(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && isFileLinkWithin(realRoot, path)));
}

function isFileLinkWithin(realRoot: string, link: string): boolean {
  try {
    const target = realpathSync(link);
    const inside = relative(realRoot, target);
    const outside = inside === '' || inside === '..' || inside.startsWith('..' + sep) || isAbsolute(inside);
    return !outside && statSync(target).isFile();
  } catch {
    // A dangling link or a loop of links: nothing to read.
    return false;
  }
}

export function describeFsError(error: unknown): string {
  const code = (error as { code?: string } | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
