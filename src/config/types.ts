/**
 * The project's configuration file, `ses-grants.json` (or `.ses-grants.json`), found by walking up from a
 * linted file. The command-line tool and the editor read the same file; this folder holds what both share
 * (parsing, validation, merging with flags or settings, ignore patterns) and no file access: the CLI reads
 * with Node's fs, the extension through `vscode.workspace.fs` (which also works in the web extension host).
 */

/** Checked in this order in each folder; both in one folder is a mistake the reader reports. */
export const CONFIG_FILE_NAMES = ['ses-grants.json', '.ses-grants.json'] as const;

/** A finding's level in the configuration: its catalogue severity changed, or `off`. */
export type ConfigLevel = 'off' | 'info' | 'warning' | 'error';
export const CONFIG_LEVELS: readonly ConfigLevel[] = ['off', 'info', 'warning', 'error'];

/** What a configuration file says, validated. Absent keys are undefined. */
export interface SesGrantsConfig {
  readonly accountId?: string;
  readonly region?: string;
  readonly ruleSet?: string;
  readonly rule?: string;
  /** Fixes name any receipt rule of the account (`receipt-rule-set/*:receipt-rule/*` under `ArnLike`). */
  readonly anyRule?: boolean;
  /** Finding id → level. */
  readonly rules: Readonly<Record<string, ConfigLevel>>;
  /** Patterns in .gitignore syntax, relative to the folder that holds the configuration file. */
  readonly ignore: readonly string[];
}

export const EMPTY_CONFIG: SesGrantsConfig = { rules: {}, ignore: [] };

/** A mistake in a configuration file, with where it is (1-based) when it has a place. */
export interface ConfigProblem {
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}
