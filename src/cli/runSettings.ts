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
  const rel = relative(cwd, absolute);
  const shown = rel === '' ? '.' : isAbsolute(rel) ? absolute : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}
