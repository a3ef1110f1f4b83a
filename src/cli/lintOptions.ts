import { checkConfigurableId, parseRuleLevel, type ConfigLevel, type ValueOverrides } from '../config';
import { checkAccountId, checkRegion, checkRuleName } from '../policy/values';
import { flagOption, parseArgs, stringOption, stringOptions, type OptionSpec } from './args';
import { UsageError } from './io';

export const LINT_OPTIONS: readonly OptionSpec[] = [
  { name: 'format', takesValue: true, short: 'f' },
  { name: 'quiet', takesValue: false, short: 'q' },
  { name: 'fix', takesValue: false },
  { name: 'fix-dry-run', takesValue: false },
  { name: 'account', takesValue: true },
  { name: 'region', takesValue: true },
  { name: 'rule-set', takesValue: true },
  { name: 'rule', takesValue: true },
  { name: 'any-rule', takesValue: false },
  { name: 'max-warnings', takesValue: true },
  { name: 'ignore-pattern', takesValue: true },
  { name: 'stdin', takesValue: false },
  { name: 'stdin-filename', takesValue: true },
  { name: 'help', takesValue: false, short: 'h' },
];

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export type FixMode = 'none' | 'write' | 'dry-run';

/** A lint command line, checked: every combination that cannot work is a usage error before anything is read. */
export interface LintRequest {
  readonly help: boolean;
  readonly paths: readonly string[];
  readonly format: OutputFormat;
  readonly quiet: boolean;
  readonly fix: FixMode;
  /** Values for fixes given as flags: they win over the configuration file's. */
  readonly overrides: ValueOverrides;
  /** `--rule <id>=<level>`: they win over the configuration file's `rules`. */
  readonly ruleLevels: Readonly<Record<string, ConfigLevel>>;
  readonly maxWarnings: number | undefined;
  /** `--ignore-pattern`, .gitignore syntax, relative to the working folder. */
  readonly ignorePatterns: readonly string[];
  /** `--stdin`: the text comes from standard input, named `filename` when given. */
  readonly stdin: { readonly filename: string | undefined } | undefined;
}

export function parseLintRequest(argv: readonly string[]): LintRequest {
  const args = parseArgs(argv, LINT_OPTIONS);
  const format = (stringOption(args, 'format') ?? 'text') as OutputFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be text, json or sarif, got "${format}"`);
  const fix: FixMode = flagOption(args, 'fix') ? 'write' : flagOption(args, 'fix-dry-run') ? 'dry-run' : 'none';
  if (flagOption(args, 'fix') && flagOption(args, 'fix-dry-run')) throw new UsageError('--fix and --fix-dry-run cannot be combined: --fix-dry-run prints what --fix would write');
  if (fix === 'dry-run' && format !== 'text') throw new UsageError(`--fix-dry-run prints a diff: it cannot be combined with --format ${format}`);

  const stdin = flagOption(args, 'stdin') ? { filename: stringOption(args, 'stdin-filename') } : undefined;
  if (!stdin && args.options.has('stdin-filename')) throw new UsageError('--stdin-filename names the text read with --stdin: give --stdin too');
  if (stdin && args.positionals.length > 0) throw new UsageError(`--stdin reads standard input: it cannot be combined with paths (${args.positionals.join(' ')})`);
  if (stdin && fix === 'write' && format !== 'text') {
    throw new UsageError(`--stdin --fix prints the fixed text on stdout: it cannot be combined with --format ${format}`);
  }
  if (stdin?.filename === '') throw new UsageError('--stdin-filename needs a file name');

  const { overrides, ruleLevels } = valuesAndLevels(args.options.has('any-rule'), (name) => stringOption(args, name), stringOptions(args, 'rule'));
  return {
    help: flagOption(args, 'help'),
    paths: args.positionals.length > 0 ? args.positionals : ['.'],
    format,
    quiet: flagOption(args, 'quiet'),
    fix,
    overrides,
    ruleLevels,
    maxWarnings: maxWarningsOf(stringOption(args, 'max-warnings')),
    ignorePatterns: ignorePatternsOf(stringOptions(args, 'ignore-pattern')),
    stdin,
  };
}

/**
 * `--rule` says two things, told apart by `=`: `--rule <id>=<level>` sets a finding's level (as eslint's
 * `--rule`), `--rule <name>` names the receipt rule fixes write (as in `ses-grants new`). A receipt rule's
 * name cannot hold `=`, so the two never meet.
 */
function valuesAndLevels(
  anyRule: boolean,
  option: (name: string) => string | undefined,
  ruleArguments: readonly string[],
): { overrides: ValueOverrides; ruleLevels: Record<string, ConfigLevel> } {
  const ruleLevels: Record<string, ConfigLevel> = {};
  const ruleNames: string[] = [];
  for (const text of ruleArguments) {
    const level = parseRuleLevel(text);
    if (level === undefined) ruleNames.push(text);
    else if ('problem' in level) throw new UsageError(`--rule ${text}: ${level.problem}`);
    else ruleLevels[level.id] = level.level;
  }
  if (ruleNames.length > 1) throw new UsageError(`--rule names one receipt rule, got ${ruleNames.map((n) => `"${n}"`).join(' and ')}`);
  const ruleName = ruleNames[0];
  if (ruleName !== undefined && checkConfigurableId(ruleName) === undefined) {
    throw new UsageError(`--rule ${ruleName}: give the finding's level (--rule ${ruleName}=off) or the name of a receipt rule`);
  }
  const checked = (name: string, value: string | undefined, check: (value: string) => string | undefined) => {
    if (value === undefined) return undefined;
    const problem = check(value);
    if (problem) throw new UsageError(`--${name}: ${problem}`);
    return value;
  };
  const ruleSet = option('rule-set');
  if (anyRule && (ruleName !== undefined || ruleSet !== undefined)) {
    throw new UsageError('--any-rule cannot be combined with --rule <name> or --rule-set: fixes name either any rule or one rule');
  }
  return {
    overrides: {
      accountId: checked('account', option('account'), checkAccountId),
      region: checked('region', option('region'), checkRegion),
      ruleSet: checked('rule-set', ruleSet, (v) => checkRuleName(v, 'rule set name')),
      rule: checked('rule', ruleName, (v) => checkRuleName(v, 'rule name')),
      anyRule: anyRule ? true : undefined,
    },
    ruleLevels,
  };
}

function maxWarningsOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) throw new UsageError(`--max-warnings takes a whole number (0 or more), got "${value}"`);
  return Number(value);
}

function ignorePatternsOf(patterns: readonly string[]): string[] {
  for (const pattern of patterns) if (pattern.trim() === '') throw new UsageError('--ignore-pattern needs a pattern');
  return [...patterns];
}
