import { UsageError } from './io';

/**
 * A small argument parser: long options (`--name value`, `--name=value`), a few short aliases, boolean
 * flags, and positionals. `--` ends the options. Unknown options are usage errors, so a typo never passes
 * silently.
 */
export interface OptionSpec {
  readonly name: string;
  readonly takesValue: boolean;
  readonly short?: string;
}

export interface ParsedArgs {
  readonly positionals: readonly string[];
  /** Option name (without dashes) → its value, or `true` for a flag. The last occurrence wins. */
  readonly options: ReadonlyMap<string, string | true>;
  /** Every value of each option, in order: for options that may be given more than once (`--rule`, `--ignore-pattern`). */
  readonly occurrences: ReadonlyMap<string, readonly (string | true)[]>;
}

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  const occurrences = new Map<string, (string | true)[]>();
  const set = (name: string, value: string | true) => {
    options.set(name, value);
    const list = occurrences.get(name);
    if (list) list.push(value);
    else occurrences.set(name, [value]);
  };
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyPositionals || arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    let spec: OptionSpec | undefined;
    let inlineValue: string | undefined;
    if (arg.startsWith('--')) {
      const equals = arg.indexOf('=');
      const name = equals >= 0 ? arg.slice(2, equals) : arg.slice(2);
      inlineValue = equals >= 0 ? arg.slice(equals + 1) : undefined;
      spec = byName.get(name);
    } else {
      spec = byShort.get(arg.slice(1));
    }
    if (!spec) throw new UsageError(`unknown option ${arg.split('=')[0]}`);
    if (!spec.takesValue) {
      if (inlineValue !== undefined) throw new UsageError(`--${spec.name} takes no value`);
      set(spec.name, true);
      continue;
    }
    const value = inlineValue ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${spec.name} needs a value`);
    set(spec.name, value);
  }
  return { positionals, options, occurrences };
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options.get(name);
  return typeof value === 'string' ? value : undefined;
}

export function flagOption(args: ParsedArgs, name: string): boolean {
  return args.options.has(name);
}

/** Every value given for an option, in order (none when it was not given). */
export function stringOptions(args: ParsedArgs, name: string): string[] {
  return (args.occurrences.get(name) ?? []).filter((value): value is string => typeof value === 'string');
}
