import { closeSync, existsSync, fsyncSync, linkSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { isatty } from 'node:tty';
import { CONFIG_FILE_NAMES } from '../config';
import { checkAccountId, checkRegion, checkRuleName } from '../policy/values';
import { flagOption, parseArgs, stringOption, type OptionSpec } from './args';
import { temporaryNameFor } from './atomicWrite';
import { describeFsError } from './collectFiles';
import { EXIT_OK, UsageError, type CliIo } from './io';

const INIT_OPTIONS: readonly OptionSpec[] = [
  { name: 'account', takesValue: true },
  { name: 'region', takesValue: true },
  { name: 'rule-set', takesValue: true },
  { name: 'rule', takesValue: true },
  { name: 'any-rule', takesValue: false },
  { name: 'help', takesValue: false, short: 'h' },
];

export const INIT_HELP = `Usage: ses-grants init [options]

Writes ses-grants.json in the current folder: the values fixes write, for ses-grants lint --fix and the
SES Grants extension alike. Without options, on a terminal, it asks for them (Enter leaves one out); with
options, or without a terminal, it asks nothing. It never overwrites a configuration file.

Options:
  --account <id>      the receiving AWS account (12 digits)
  --region <region>   the region of the receipt rule set
  --rule-set <name>   the receipt rule set
  --rule <name>       the receipt rule
  --any-rule          fixes allow any receipt rule of the account instead
  -h, --help          show this help
`;

interface InitValues {
  accountId?: string;
  region?: string;
  ruleSet?: string;
  rule?: string;
  anyRule?: boolean;
}

const QUESTIONS: readonly { key: 'accountId' | 'region' | 'ruleSet' | 'rule'; option: string; prompt: string; check: (value: string) => string | undefined }[] = [
  { key: 'accountId', option: 'account', prompt: 'AWS account that receives the mail (12 digits)', check: checkAccountId },
  { key: 'region', option: 'region', prompt: 'Region of the receipt rule set (e.g. us-east-1)', check: checkRegion },
  { key: 'ruleSet', option: 'rule-set', prompt: 'Receipt rule set (Enter for any rule of the account)', check: (v) => checkRuleName(v, 'rule set name') },
  { key: 'rule', option: 'rule', prompt: 'Receipt rule', check: (v) => checkRuleName(v, 'rule name') },
];

export function runInit(argv: readonly string[], io: CliIo): number {
  const args = parseArgs(argv, INIT_OPTIONS);
  if (flagOption(args, 'help')) {
    io.out(INIT_HELP);
    return EXIT_OK;
  }
  if (args.positionals.length > 0) throw new UsageError(`init takes no paths, got ${args.positionals.join(' ')}: run it in the folder the file belongs in`);
  for (const name of CONFIG_FILE_NAMES) {
    if (existsSync(join(io.cwd, name))) throw new UsageError(`${name} already exists here: init never overwrites it`);
  }
  const values: InitValues = {};
  for (const { key, option, check } of QUESTIONS) {
    const given = stringOption(args, option);
    if (given === undefined) continue;
    const problem = check(given);
    if (problem) throw new UsageError(`--${option}: ${problem}`);
    values[key] = given;
  }
  if (flagOption(args, 'any-rule')) {
    if (values.rule !== undefined || values.ruleSet !== undefined) throw new UsageError('--any-rule cannot be combined with --rule or --rule-set');
    values.anyRule = true;
  }
  if (args.options.size === 0 && isatty(0)) ask(values, io);
  const path = join(io.cwd, CONFIG_FILE_NAMES[0]);
  writeNew(path, JSON.stringify({ ...values, rules: {}, ignore: [] }, null, 2) + '\n');
  io.out(`Wrote ${CONFIG_FILE_NAMES[0]}${describe(values)}.\n`);
  return EXIT_OK;
}

function describe(values: InitValues): string {
  const parts = [
    values.accountId && `account ${values.accountId}`,
    values.region,
    values.anyRule ? 'any receipt rule' : values.ruleSet && `rule set ${values.ruleSet}`,
    values.rule && `rule ${values.rule}`,
  ].filter(Boolean);
  return parts.length > 0 ? `: ${parts.join(', ')}` : ' (no values yet: fill them in, or fixes that need them are left out)';
}

/** Asks on the terminal for each value, again until it is valid; an empty answer leaves it out. */
function ask(values: InitValues, io: CliIo): void {
  for (const { key, prompt, check } of QUESTIONS) {
    if (key === 'rule' && values.ruleSet === undefined) {
      values.anyRule = true;
      continue;
    }
    for (;;) {
      io.err(`${prompt}: `);
      const answer = readLine();
      if (answer === undefined) return;
      if (answer === '') break;
      const problem = check(answer);
      if (!problem) {
        values[key] = answer;
        break;
      }
      io.err(`  ${problem}\n`);
    }
  }
}

/** One line from the terminal (synchronously: the command has nothing else to do meanwhile); undefined at end of input. */
function readLine(): string | undefined {
  const byte = Buffer.alloc(1);
  const bytes: number[] = [];
  for (;;) {
    let count: number;
    try {
      count = readSync(0, byte, 0, 1, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      return undefined;
    }
    if (count === 0) return bytes.length > 0 ? Buffer.from(bytes).toString('utf8').trim() : undefined;
    if (byte[0] === 0x0a) return Buffer.from(bytes).toString('utf8').trim();
    bytes.push(byte[0]!);
  }
}

/**
 * Writes a file that must not exist yet, whole or not at all: the text goes to a temporary file beside it,
 * which is then linked to the name (a link, unlike a rename, fails when the name is taken, even by a file
 * created a moment ago).
 */
function writeNew(path: string, text: string): void {
  const temporary = temporaryNameFor(path);
  try {
    const fd = openSync(temporary, 'wx', 0o644);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    linkSync(temporary, path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new UsageError(code === 'EEXIST' ? `${CONFIG_FILE_NAMES[0]} already exists here: init never overwrites it` : `cannot write ${CONFIG_FILE_NAMES[0]}: ${describeFsError(error)}`);
  } finally {
    try {
      unlinkSync(temporary);
    } catch {
      // Never created.
    }
  }
}
