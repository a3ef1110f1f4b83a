import type { Span } from '../../policy/tree';
import type { ShellCommand, ShellExpansion, ShellText, ShellWord } from './lexer';
import { OffsetMapBuilder, type OffsetMap } from '../offsetMap';

/**
 * `aws <service> <operation> --option value …` command lines found among a script's commands, with each
 * option's name and value kept with their places in the script. Options are read as the AWS CLI reads them:
 * `--name value` or `--name=value`, a long option abbreviated to a unique prefix (Python's argparse, which the
 * CLI uses, accepts those), global options anywhere.
 */

export interface AwsOptionValue extends ShellText {
  /** The value as written, quotes included (for `--name=value`, the part after `=`). */
  readonly span: Span;
}

export interface AwsOption {
  /** The option as written, without a `=value` part. */
  readonly written: string;
  readonly nameSpan: Span;
  /** The option it names (`--source-account` for `--source-acc`); undefined when it names none. */
  readonly canonical: string | undefined;
  readonly value: AwsOptionValue | undefined;
}

export interface AwsCommand {
  readonly service: string;
  readonly operation: string;
  /** From `aws` to the end of the last word. */
  readonly span: Span;
  readonly options: readonly AwsOption[];
  readonly command: ShellCommand;
}

/** Global options of AWS CLI version 2, and whether each takes a value. */
const GLOBAL_OPTIONS: Readonly<Record<string, boolean>> = {
  '--debug': false,
  '--endpoint-url': true,
  '--no-verify-ssl': false,
  '--no-paginate': false,
  '--output': true,
  '--query': true,
  '--profile': true,
  '--region': true,
  '--version': false,
  '--color': true,
  '--no-sign-request': false,
  '--ca-bundle': true,
  '--cli-read-timeout': true,
  '--cli-connect-timeout': true,
  '--cli-binary-format': true,
  '--no-cli-pager': false,
  '--cli-auto-prompt': false,
  '--no-cli-auto-prompt': false,
  '--cli-error-format': true,
};

/** Options every operation has: the input and skeleton options. */
const OPERATION_INPUT_OPTIONS: Readonly<Record<string, boolean>> = {
  '--cli-input-json': true,
  '--cli-input-yaml': true,
  '--generate-cli-skeleton': true,
};

/**
 * The options of `aws lambda add-permission` (AWS CLI version 2) [S27](docs/semantics.md#sources): any other option makes the command
 * fail with "Unknown options" (`cli-unknown-option`).
 */
export const ADD_PERMISSION_OPTIONS: Readonly<Record<string, boolean>> = {
  '--function-name': true,
  '--statement-id': true,
  '--action': true,
  '--principal': true,
  '--source-arn': true,
  '--source-account': true,
  '--event-source-token': true,
  '--qualifier': true,
  '--revision-id': true,
  '--principal-org-id': true,
  '--function-url-auth-type': true,
  '--invoked-via-function-url': false,
  '--no-invoked-via-function-url': false,
  ...OPERATION_INPUT_OPTIONS,
  ...GLOBAL_OPTIONS,
};

/** Operations whose options are known completely; for others, an option takes the next word unless it is an option. */
const KNOWN_OPTIONS: Readonly<Record<string, Readonly<Record<string, boolean>>>> = {
  'lambda add-permission': ADD_PERMISSION_OPTIONS,
};

/** Words that may come before `aws` on a command line without being the command. */
const PREFIX_WORDS = new Set(['sudo', 'command', 'exec', 'env', 'time', 'nohup', 'then', 'do', 'else', 'if', 'while', 'until', '!', '{', 'xargs']);
/** A shell variable assignment word: `NAME=value`. */
export const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** The index of the `aws` word of a command; -1 when a word before it makes it no aws command, the words' count when they are all words that may come before it. */
function awsWordIndex(words: readonly ShellWord[]): number {
  for (let i = 0; i < words.length; i++) {
    const value = words[i]!.value;
    if (value === 'aws' || value.endsWith('/aws')) return i;
    if (!PREFIX_WORDS.has(value) && !ASSIGNMENT.test(value) && !value.startsWith('-')) return -1;
  }
  return words.length;
}

/**
 * The service and operation of the aws command the words are, and the index after the operation; with
 * `options`, the global options before the operation are read into it. Undefined when there is none, or
 * (`words` the first words of a command) more words are needed to tell.
 */
function awsOperation(words: readonly ShellWord[], options: AwsOption[] | undefined): { readonly service: string; readonly operation: string; readonly start: number; readonly index: number } | undefined {
  const start = awsWordIndex(words);
  if (start < 0 || start === words.length) return undefined;
  let service: string | undefined;
  let index = start + 1;
  // Options before the operation can only be global ones.
  while (index < words.length) {
    const word = words[index]!;
    if (word.value.startsWith('--')) {
      index = readOption(words, index, GLOBAL_OPTIONS, options);
      continue;
    }
    index++;
    if (service === undefined) service = word.value;
    else return { service, operation: word.value, start, index };
  }
  return undefined;
}

/**
 * Whether the first words of a command (as the shell reader reads them) make an aws command of one of
 * the operations `among` accepts: true or false once they tell, undefined while more words are needed
 * (`aws`, the words that may come before it, global options). The same answer as readAwsCommand's on the
 * whole command, whatever follows.
 */
export function awsOperationAmong(words: readonly ShellWord[], among: (service: string, operation: string) => boolean): boolean | undefined {
  if (awsWordIndex(words) < 0) return false;
  const found = awsOperation(words, undefined);
  return found === undefined ? undefined : among(found.service, found.operation);
}

export function readAwsCommand(command: ShellCommand): AwsCommand | undefined {
  const words = command.words;
  const options: AwsOption[] = [];
  const found = awsOperation(words, options);
  if (!found) return undefined;
  const { service, operation, start } = found;
  let index = found.index;
  const known = KNOWN_OPTIONS[`${service} ${operation}`];
  while (index < words.length) {
    if (words[index]!.value.startsWith('--')) index = readOption(words, index, known, options);
    else index++;
  }
  const first = words[start]!.span;
  const last = words[words.length - 1]!.span;
  return { service, operation, span: { offset: first.offset, length: last.offset + last.length - first.offset }, options, command };
}

/** The option named by `written`: itself, or the one option it is a unique prefix of. */
function canonicalOption(written: string, known: Readonly<Record<string, boolean>>): string | undefined {
  if (written in known) return written;
  const candidates = Object.keys(known).filter((name) => name.startsWith(written));
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** Reads the option at `index` (and its value word) into `options` (when given); returns the index after it. */
function readOption(words: readonly ShellWord[], index: number, known: Readonly<Record<string, boolean>> | undefined, options: AwsOption[] | undefined): number {
  const word = words[index]!;
  const equals = word.value.indexOf('=');
  const written = equals < 0 ? word.value : word.value.slice(0, equals);
  const canonical = known ? canonicalOption(written, known) : written;
  const next = words[index + 1];
  // A known option says whether it takes a value; an unknown one is taken to, unless an option follows.
  const takesValue = equals < 0 && next !== undefined && (canonical !== undefined && known ? known[canonical]! : !next.value.startsWith('--'));
  if (!options) return takesValue ? index + 2 : index + 1;
  // A word written as plain text (nearly every option name) needs no map to place its name.
  const plain = word.expansions.length === 0 && word.value.length === word.span.length;
  const nameSpan = plain ? { offset: word.span.offset, length: written.length } : word.map.spanToOuter({ offset: 0, length: written.length });
  if (equals >= 0) {
    options.push({ written, nameSpan, canonical, value: textAfter(word, equals + 1) });
    return index + 1;
  }
  if (!takesValue) {
    options.push({ written, nameSpan, canonical, value: undefined });
    return index + 1;
  }
  // The word itself: its map is made only if the value is read as a policy.
  options.push({ written, nameSpan, canonical, value: next });
  return index + 2;
}

/**
 * The part of a word's text from `from` on, with its own map (the value of `--name=value`, of `NAME=value`).
 * Its value and expansions are made at once; its map and span, which rebuild the word's map, when first
 * asked for: most assignments of a script are never read as a policy.
 */
export function textAfter(word: ShellWord, from: number): AwsOptionValue {
  return new WordRest(word, from);
}

class WordRest implements AwsOptionValue {
  readonly value: string;
  readonly expansions: readonly ShellExpansion[];
  private placed: { readonly map: OffsetMap; readonly span: Span } | undefined;

  constructor(
    private readonly word: ShellWord,
    private readonly from: number,
  ) {
    this.value = word.value.slice(from);
    this.expansions =
      word.expansions.length === 0
        ? word.expansions
        : word.expansions.filter((e) => e.innerStart >= from).map((e) => ({ ...e, innerStart: e.innerStart - from, innerEnd: e.innerEnd - from }));
  }

  get map(): OffsetMap {
    this.placed ??= placedRest(this.word, this.from);
    return this.placed.map;
  }

  get span(): Span {
    this.placed ??= placedRest(this.word, this.from);
    return this.placed.span;
  }
}

/** The map and span of a word's text from `from` on. */
function placedRest(word: ShellWord, from: number): { readonly map: OffsetMap; readonly span: Span } {
  // From just after the text before `from` (a quote that opens the value is part of it) to the word's end.
  const start = word.map.endToOuter(from);
  const end = word.span.offset + word.span.length;
  const builder = new OffsetMapBuilder(start);
  // Rebuild the map of the remaining part piece by piece, so escapes stay whole.
  for (const piece of word.map.pieces) {
    const pieceEnd = piece.inner + piece.innerLength;
    if (pieceEnd <= from && piece.innerLength > 0) continue;
    if (piece.innerLength === 0 && piece.inner < from) continue;
    if (piece.inner < from) {
      const cut = from - piece.inner;
      builder.copy(piece.innerLength - cut);
      continue;
    }
    builder.escape(piece.innerLength, piece.outerLength);
  }
  return { map: builder.build(), span: { offset: start, length: end - start } };
}

/** The option with this canonical name (the last one, as the CLI keeps), if given. */
export function optionNamed(command: AwsCommand, name: string): AwsOption | undefined {
  for (let i = command.options.length - 1; i >= 0; i--) if (command.options[i]!.canonical === name) return command.options[i];
  return undefined;
}
