import { isAbsolute, relative, sep } from 'node:path';
import { mergeRuleLevels, valuesFromConfig } from '../config';
import { escapeControlCharacters } from '../policy/controlCharacters';
import type { ConfigFinder, FolderConfig } from './configFiles';
import type { CliIo } from './io';
import type { FileSettings } from './lintFile';
import type { LintRequest } from './lintOptions';

/** The values and levels for one file: its configuration file's, then the command line's. */
export function settingsFor(config: FolderConfig, request: LintRequest): FileSettings {
  const fromFile = config.kind === 'file' ? config.config : { rules: {}, ignore: [] };
  return { values: valuesFromConfig(fromFile, request.overrides), levels: mergeRuleLevels(fromFile.rules, request.ruleLevels) };
}

/** Reports configuration files that cannot be used; true when there was one (the run then lints nothing). */
export function reportBrokenConfigs(configs: ConfigFinder, io: CliIo): boolean {
  const broken = configs.broken();
  for (const config of broken) {
    for (const problem of config.problems) {
      io.err(`ses-grants: ${escapeControlCharacters(`${displayPath(io.cwd, config.path)}: ${problem}`)}\n`);
    }
  }
  if (broken.length > 0) io.err('ses-grants: nothing was linted: fix the configuration first\n');
  return broken.length > 0;
}

/** Paths relative to the working folder with forward slashes, so output is the same on every machine. */
export function displayPath(cwd: string, absolute: string): string {
  // A path the walk made inside the working folder is that folder, a separator and the rest: the rest is what
  // `relative` gives (it would resolve both paths again, per file). Only a normalised rest is taken as it is.
  if (absolute.length > cwd.length + 1 && absolute.startsWith(cwd) && absolute.charCodeAt(cwd.length) === SEPARATOR && isPlainRest(absolute, cwd.length + 1)) {
    const rest = absolute.slice(cwd.length + 1);
    return sep === '/' ? rest : rest.split(sep).join('/');
  }
  const rel = relative(cwd, absolute);
  const shown = rel === '' ? '.' : isAbsolute(rel) ? absolute : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}

const SEPARATOR = sep.charCodeAt(0);

/**
 * Whether `path` from `start` on is a normalised relative path, which `relative` would return unchanged: no
 * empty, `.` or `..` segment, no separator at the end, no `/` on Windows (where `relative` turns it into `\`).
 */
function isPlainRest(path: string, start: number): boolean {
  let segmentStart = start;
  for (let i = start; i <= path.length; i++) {
    const c = i === path.length ? SEPARATOR : path.charCodeAt(i);
    if (c === 47 && sep !== '/') return false;
    if (c !== SEPARATOR) continue;
    const length = i - segmentStart;
    if (length === 0) return false;
    if (path.charCodeAt(segmentStart) === 46 && (length === 1 || (length === 2 && path.charCodeAt(segmentStart + 1) === 46))) return false;
    segmentStart = i + 1;
  }
  return true;
}
