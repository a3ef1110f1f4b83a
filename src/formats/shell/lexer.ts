import type { Span } from '../../policy/tree';
import { OffsetMap, OffsetMapBuilder } from '../offsetMap';

/**
 * A shell reader good enough to find `aws …` command lines in real scripts: words with their quoting decoded
 * (single and double quotes, `$'…'`, backslashes, line continuations), `$VAR`, `${VAR}`, `$(…)` and backquotes
 * as expansions, comments, and here-documents (`<<EOF`, `<<-EOF`, `<<'EOF'`). Every decoded text keeps a map
 * to the script's offsets. It never throws and always ends: an unterminated quote, substitution or
 * here-document runs to the end of the text and is reported as a syntax error.
 *
 * Not read, knowingly: `case` patterns inside `$(…)` (their `)` ends the substitution early), aliases,
 * functions and control flow (their words are read like any command's), and brace or tilde expansion.
 */

/** An expansion inside a decoded text: its place in the decoded value and in the script. */
export interface ShellExpansion {
  readonly innerStart: number;
  readonly innerEnd: number;
  readonly span: Span;
  /** The commands of a `$(…)` command substitution. */
  readonly script: ShellScript | undefined;
}

/**
 * Text as the command receives it. An expansion is written `${NAME}` for `$NAME` and `${NAME}`, and `${…}` for
 * anything else (`$(…)`, `${NAME:-x}`): the form the policy model uses for values computed elsewhere.
 */
export interface ShellText {
  readonly value: string;
  readonly map: OffsetMap;
  readonly expansions: readonly ShellExpansion[];
}

export interface ShellWord extends ShellText {
  readonly span: Span;
}

export interface HereDocument extends ShellText {
  /** The operator and its delimiter word (`<<'EOF'`). */
  readonly operatorSpan: Span;
  /** The body, without its delimiter line. */
  readonly span: Span;
}

export interface ShellCommand {
  readonly words: readonly ShellWord[];
  readonly hereDocuments: readonly HereDocument[];
}

export interface ShellComment {
  /** From `#` to the end of the line. */
  readonly span: Span;
  /** What follows the `#`. */
  readonly text: string;
}

export interface ShellSyntaxError {
  readonly message: string;
  readonly offset: number;
  readonly length: number;
}

export interface ShellScript {
  readonly commands: readonly ShellCommand[];
}

export interface ShellReading {
  readonly script: ShellScript;
  readonly comments: readonly ShellComment[];
  readonly errors: readonly ShellSyntaxError[];
  /** Where reading stopped: the end of the text, or after the first line with `firstLineOnly`. */
  readonly end: number;
}

export interface ReadOptions {
  readonly start?: number;
  readonly end?: number;
  /** Stop after the first complete line (continuations, open quotes and here-documents included). */
  readonly firstLineOnly?: boolean;
  /**
   * Which commands to keep (all by default). A reader that needs a few kinds of command drops the rest as
   * they are read, so a long script's other commands never pile up. A command with a `$(…)` substitution
   * is kept whatever the answer when a command inside it is kept.
   */
  readonly keep?: (command: ShellCommand) => boolean;
  /**
   * Whether a command whose first words are these may be one `keep` keeps: asked after each word it reads
   * until it answers. True: every word of the command is read. False (a promise that `keep` drops the
   * command whatever follows): its later words are passed over without being decoded, and it is kept only
   * when a `$(…)` substitution in them holds a command that is kept, with the words read before and the
   * words holding such substitutions. Undefined: asked again after the next word.
   */
  readonly mayKeep?: (words: readonly ShellWord[]) => boolean | undefined;
}

export function readShell(text: string, options: ReadOptions = {}): ShellReading {
  const lexer = new Lexer(text, options.start ?? 0, Math.min(options.end ?? text.length, text.length), options.keep, options.keep && options.mayKeep);
  const script = lexer.readScript(false, options.firstLineOnly ?? false);
  return { script, comments: lexer.comments, errors: lexer.errors, end: lexer.pos };
}

/**
 * Every command of a script, those inside `$(…)` substitutions included, in the order they start: each
 * command comes before the commands of its substitutions, which come before the next command (depth first,
 * with an explicit stack: nesting depth never reaches the call stack).
 */
export function everyCommand(script: ShellScript): ShellCommand[] {
  const found: ShellCommand[] = [];
  const stack: { readonly commands: readonly ShellCommand[]; index: number }[] = [{ commands: script.commands, index: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const command = top.commands[top.index++];
    if (!command) {
      stack.pop();
      continue;
    }
    found.push(command);
    const nested = substitutionsOf(command);
    for (let i = nested.length - 1; i >= 0; i--) stack.push({ commands: nested[i]!.commands, index: 0 });
  }
  return found;
}

/** Whether a `$(…)` substitution in the command's words or here-documents holds a command (one kept: the others are dropped). */
function holdsCommands(command: ShellCommand): boolean {
  for (const word of command.words) if (word.expansions.length > 0 && word.expansions.some((e) => e.script !== undefined && e.script.commands.length > 0)) return true;
  for (const document of command.hereDocuments) if (document.expansions.some((e) => e.script !== undefined && e.script.commands.length > 0)) return true;
  return false;
}

function substitutionsOf(command: ShellCommand): ShellScript[] {
  const nested: ShellScript[] = [];
  for (const word of command.words) for (const expansion of word.expansions) if (expansion.script) nested.push(expansion.script);
  for (const document of command.hereDocuments) for (const expansion of document.expansions) if (expansion.script) nested.push(expansion.script);
  return nested;
}

const enum Code {
  tab = 9,
  newline = 10,
  carriageReturn = 13,
  space = 32,
  doubleQuote = 34,
  hash = 35,
  dollar = 36,
  ampersand = 38,
  singleQuote = 39,
  openParen = 40,
  closeParen = 41,
  minus = 45,
  semicolon = 59,
  less = 60,
  greater = 62,
  backslash = 92,
  backquote = 96,
  openBrace = 123,
  pipe = 124,
  closeBrace = 125,
}

/** What an ASCII character does in an unquoted word: one table look-up per character on the hot path. */
const ENDS_WORD = 1;
const SPECIAL_IN_WORD = 2;
const CHARACTER_ROLES = new Uint8Array(128);
for (const c of [Code.space, Code.tab, Code.newline, Code.carriageReturn, Code.semicolon, Code.ampersand, Code.pipe, Code.openParen, Code.closeParen, Code.less, Code.greater]) {
  CHARACTER_ROLES[c] = ENDS_WORD;
}
for (const c of [Code.backslash, Code.singleQuote, Code.doubleQuote, Code.dollar, Code.backquote]) CHARACTER_ROLES[c] = SPECIAL_IN_WORD;

/** Characters that end an unquoted word (blanks, line breaks, operators). */
function endsWord(c: number): boolean {
  return c < 128 && CHARACTER_ROLES[c] === ENDS_WORD;
}

/** Characters that make a word more than its plain text: quotes, escapes, expansions. */
function isSpecialInWord(c: number): boolean {
  return c < 128 && CHARACTER_ROLES[c] === SPECIAL_IN_WORD;
}

const NO_EXPANSIONS: readonly ShellExpansion[] = [];

/** A word written as plain text: its value is its text, and its map, the identity, is made when asked for. */
class PlainWord implements ShellWord {
  private identity: OffsetMap | undefined;

  constructor(
    readonly value: string,
    private readonly start: number,
  ) {}

  get span(): Span {
    return { offset: this.start, length: this.value.length };
  }

  get map(): OffsetMap {
    this.identity ??= OffsetMap.identity(this.start, this.value.length);
    return this.identity;
  }

  get expansions(): readonly ShellExpansion[] {
    return NO_EXPANSIONS;
  }
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

/** `$?`, `$@`, `$1`…: one character after the `$`. */
function isSpecialParameter(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 64 || c === 42 || c === 35 || c === 63 || c === 36 || c === 33 || c === 45;
}

const ANSI_C_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?',
};

const OPAQUE_EXPANSION = '${…}';

/** Where a word's decoded text goes as it is read: a TextBuilder, or nowhere (SkippedText). */
interface TextSink {
  /** False when nothing is built: a reader need not make the text it would hand over. */
  readonly builds: boolean;
  copy(text: string): void;
  /** `text.slice(start, end)`, used as written. */
  copyOf(text: string, start: number, end: number): void;
  decode(inner: string, outerLength: number): void;
  expansion(inner: string, span: Span, script: ShellScript | undefined): void;
}

/**
 * A word passed over: read by the same code as any other (the same end, the same errors, the commands of
 * its substitutions read and kept), but no text, map or string made, only whether a substitution in it holds
 * a kept command (then the word is read again, whole).
 */
class SkippedText implements TextSink {
  readonly builds = false;
  holdsKeptCommand = false;

  copy(): void {}

  copyOf(): void {}

  decode(): void {}

  expansion(_inner: string, _span: Span, script: ShellScript | undefined): void {
    if (script && script.commands.length > 0) this.holdsKeptCommand = true;
  }
}

/** A decoded text being built: its parts, its map and its expansions. */
class TextBuilder implements TextSink {
  readonly builds = true;
  readonly parts: string[] = [];
  readonly expansions: ShellExpansion[] = [];
  readonly map: OffsetMapBuilder;
  length = 0;

  constructor(readonly start: number) {
    this.map = new OffsetMapBuilder(start);
  }

  copy(text: string): void {
    if (text.length === 0) return;
    this.parts.push(text);
    this.map.copy(text.length);
    this.length += text.length;
  }

  copyOf(text: string, start: number, end: number): void {
    if (end > start) this.copy(text.slice(start, end));
  }

  /** `inner` stands for `outerLength` characters of the script. */
  decode(inner: string, outerLength: number): void {
    if (inner.length > 0) this.parts.push(inner);
    this.map.escape(inner.length, outerLength);
    this.length += inner.length;
  }

  expansion(inner: string, span: Span, script: ShellScript | undefined): void {
    const innerStart = this.length;
    this.decode(inner, span.length);
    this.expansions.push({ innerStart, innerEnd: this.length, span, script });
  }

  build(): ShellText {
    return { value: this.parts.join(''), map: this.map.build(), expansions: this.expansions };
  }
}

interface PendingHereDocument {
  readonly delimiter: string;
  readonly stripTabs: boolean;
  readonly quoted: boolean;
  readonly operatorSpan: Span;
  readonly into: HereDocument[];
}

/** Deeper `$(…)` nesting is read as one opaque expansion: input cannot exhaust the call stack. */
const MAX_SUBSTITUTION_DEPTH = 64;

class Lexer {
  readonly comments: ShellComment[] = [];
  readonly errors: ShellSyntaxError[] = [];
  pos: number;
  private depth = 0;
  /** The one sink of passed-over words (a word passed over inside another's substitution saves its flag). */
  private readonly skipped = new SkippedText();

  constructor(
    private readonly text: string,
    start: number,
    private readonly limit: number,
    private readonly keep: ((command: ShellCommand) => boolean) | undefined,
    private readonly mayKeep: ((words: readonly ShellWord[]) => boolean | undefined) | undefined,
  ) {
    this.pos = start;
  }

  private code(at: number): number {
    return at < this.limit ? this.text.charCodeAt(at) : -1;
  }

  private error(message: string, offset: number, length: number): void {
    this.errors.push({ message, offset, length });
  }

  /** Commands up to the end (or, nested, up to the `)` that closes a substitution, which it consumes). */
  readScript(nested: boolean, firstLineOnly: boolean): ShellScript {
    const commands: ShellCommand[] = [];
    let words: ShellWord[] = [];
    let hereDocuments: HereDocument[] = [];
    let pending: PendingHereDocument[] = [];
    // Whether `mayKeep` is still to be asked about this command's words, and whether it said no.
    let asking = this.mayKeep !== undefined;
    let skimming = false;
    const endCommand = () => {
      if (words.length > 0 || hereDocuments.length > 0) {
        const command: ShellCommand = { words, hereDocuments };
        if (!this.keep || (!skimming && this.keep(command)) || holdsCommands(command)) commands.push(command);
      }
      words = [];
      hereDocuments = [];
      asking = this.mayKeep !== undefined;
      skimming = false;
    };
    const opened = this.pos;
    for (;;) {
      this.skipBlanks();
      const c = this.code(this.pos);
      if (c < 0) break;
      if (c === Code.newline || c === Code.carriageReturn) {
        endCommand();
        this.pos += c === Code.carriageReturn && this.code(this.pos + 1) === Code.newline ? 2 : 1;
        if (pending.length > 0) {
          this.readHereDocuments(pending, nested);
          pending = [];
        }
        if (firstLineOnly && !nested) return { commands };
        continue;
      }
      if (c === Code.hash) {
        this.readComment();
        continue;
      }
      if (c === Code.closeParen) {
        this.pos++;
        if (nested) {
          endCommand();
          return { commands };
        }
        endCommand();
        continue;
      }
      if (c === Code.semicolon || c === Code.ampersand || c === Code.pipe || c === Code.openParen) {
        if (c === Code.ampersand && this.code(this.pos + 1) === Code.greater) {
          this.pos++;
          this.readRedirection(hereDocuments, pending);
          continue;
        }
        endCommand();
        this.pos++;
        continue;
      }
      if (c === Code.less || c === Code.greater) {
        this.readRedirection(hereDocuments, pending);
        continue;
      }
      if (skimming) {
        const word = this.skimWord();
        if (word) words.push(word);
        continue;
      }
      const word = this.readWord();
      // Digits right before `<` or `>` name a file descriptor (`2>/dev/null`), not an argument.
      const next = this.code(this.pos);
      if ((next === Code.less || next === Code.greater) && /^\d+$/.test(word.value) && word.expansions.length === 0) continue;
      words.push(word);
      if (asking) {
        const answer = this.mayKeep!(words);
        if (answer !== undefined) {
          asking = false;
          skimming = !answer;
        }
      }
    }
    endCommand();
    if (pending.length > 0) this.readHereDocuments(pending, nested);
    if (nested) this.error('unterminated command substitution', Math.max(0, opened - 2), 2);
    return { commands };
  }

  /** Blanks and line continuations between words. */
  private skipBlanks(): void {
    for (;;) {
      const c = this.code(this.pos);
      if (c === Code.space || c === Code.tab) this.pos++;
      else if (c === Code.backslash && this.code(this.pos + 1) === Code.newline) this.pos += 2;
      else if (c === Code.backslash && this.code(this.pos + 1) === Code.carriageReturn && this.code(this.pos + 2) === Code.newline) this.pos += 3;
      else return;
    }
  }

  private lineEnd(from: number): number {
    let at = from;
    while (at < this.limit) {
      const c = this.text.charCodeAt(at);
      if (c === Code.newline || c === Code.carriageReturn) break;
      at++;
    }
    return at;
  }

  private readComment(): void {
    const start = this.pos;
    const end = this.lineEnd(start);
    this.comments.push({ span: { offset: start, length: end - start }, text: this.text.slice(start + 1, end) });
    this.pos = end;
  }

  /** `<`, `>`, `>>`, `<&`, `>&`, `<>`, `>|`, `&>`, `<<<` with their target word, and here-document operators. */
  private readRedirection(hereDocuments: HereDocument[], pending: PendingHereDocument[]): void {
    const start = this.pos;
    const c = this.code(this.pos);
    const next = this.code(this.pos + 1);
    if (c === Code.less && next === Code.less && this.code(this.pos + 2) !== Code.less) {
      this.pos += 2;
      const stripTabs = this.code(this.pos) === Code.minus;
      if (stripTabs) this.pos++;
      this.skipBlanks();
      const delimiter = this.readWord();
      const operatorSpan = { offset: start, length: this.pos - start };
      const quoted = /['"\\]/.test(this.text.slice(delimiter.span.offset, delimiter.span.offset + delimiter.span.length));
      if (delimiter.span.length === 0) {
        this.error('here-document without a delimiter', start, operatorSpan.length);
        return;
      }
      pending.push({ delimiter: delimiter.value, stripTabs, quoted, operatorSpan, into: hereDocuments });
      return;
    }
    // Process substitution `<(…)` / `>(…)`: skipped whole (it feeds no aws option).
    if (next === Code.openParen) {
      this.pos = this.balancedEnd(this.pos + 1, Code.openParen, Code.closeParen, this.limit);
      return;
    }
    this.pos++;
    while (this.code(this.pos) === Code.less || this.code(this.pos) === Code.greater || this.code(this.pos) === Code.ampersand || this.code(this.pos) === Code.pipe) {
      this.pos++;
    }
    this.skipBlanks();
    const target = this.code(this.pos);
    // The target is no argument: passed over (a substitution in it feeds no command that is read).
    if (target >= 0 && !endsWord(target)) this.passOverWord();
  }

  /** Here-document bodies start on the line after their operator, in the order the operators came. */
  private readHereDocuments(pending: readonly PendingHereDocument[], nested: boolean): void {
    for (const document of pending) {
      const bodyStart = this.pos;
      let bodyEnd = this.limit;
      let after = this.limit;
      let lineStart = bodyStart;
      while (lineStart < this.limit) {
        const lineEnd = this.lineEnd(lineStart);
        let contentStart = lineStart;
        if (document.stripTabs) while (this.code(contentStart) === Code.tab) contentStart++;
        // The delimiter alone on its line (compared in place: a body's lines are not copied to be compared).
        const delimiterEnd = contentStart + document.delimiter.length;
        const startsWithDelimiter = delimiterEnd <= lineEnd && this.text.startsWith(document.delimiter, contentStart);
        // Inside `$(…)` the closing parenthesis may follow the delimiter on its line.
        const closesSubstitution = nested && startsWithDelimiter && /^\s*\)/.test(this.text.slice(delimiterEnd, lineEnd));
        if ((startsWithDelimiter && delimiterEnd === lineEnd) || closesSubstitution) {
          bodyEnd = lineStart;
          after = closesSubstitution ? contentStart + document.delimiter.length : lineEnd;
          break;
        }
        lineStart = this.skipLineBreak(lineEnd);
        if (lineStart === lineEnd) break;
      }
      if (after === this.limit && bodyEnd === this.limit) {
        this.error(`here-document delimited by end of file (wanted "${document.delimiter}")`, document.operatorSpan.offset, document.operatorSpan.length);
      }
      const body = this.readHereDocumentBody(bodyStart, bodyEnd, document);
      document.into.push({ ...body, operatorSpan: document.operatorSpan, span: { offset: bodyStart, length: bodyEnd - bodyStart } });
      this.pos = after < this.limit ? this.skipLineBreak(after) : this.limit;
      if (after < this.limit && this.code(after) === Code.closeParen) this.pos = after;
    }
  }

  private skipLineBreak(at: number): number {
    const c = this.code(at);
    if (c === Code.carriageReturn) return this.code(at + 1) === Code.newline ? at + 2 : at + 1;
    return c === Code.newline ? at + 1 : at;
  }

  /** A body as the command reads it: tabs stripped for `<<-`; expansions and `\$ \` \\` escapes unless the delimiter was quoted. */
  private readHereDocumentBody(start: number, end: number, document: PendingHereDocument): ShellText {
    const builder = new TextBuilder(start);
    const saved = this.pos;
    this.pos = start;
    let lineStart = true;
    while (this.pos < end) {
      if (lineStart && document.stripTabs) {
        let tabs = this.pos;
        while (tabs < end && this.text.charCodeAt(tabs) === Code.tab) tabs++;
        builder.decode('', tabs - this.pos);
        this.pos = tabs;
        if (this.pos >= end) break;
      }
      const c = this.code(this.pos);
      if (!document.quoted && c === Code.dollar) {
        this.readDollar(builder, end);
        lineStart = false;
        continue;
      }
      if (!document.quoted && c === Code.backquote) {
        this.readBackquoted(builder, end);
        lineStart = false;
        continue;
      }
      if (!document.quoted && c === Code.backslash && this.pos + 1 < end) {
        const escaped = this.text[this.pos + 1]!;
        if (escaped === '\n' || escaped === '$' || escaped === '`' || escaped === '\\') {
          builder.decode(escaped === '\n' ? '' : escaped, 2);
          this.pos += 2;
          lineStart = escaped === '\n';
          continue;
        }
      }
      // A run of plain text up to the next line start or character that means something here.
      let runEnd = this.pos + 1;
      while (runEnd < end) {
        const d = this.text.charCodeAt(runEnd - 1);
        // Lines end runs only where their tabs are stripped: a body without escapes is one run, one string.
        if (d === Code.newline && document.stripTabs) break;
        const e = this.text.charCodeAt(runEnd);
        if (!document.quoted && (e === Code.dollar || e === Code.backquote || e === Code.backslash)) break;
        runEnd++;
      }
      lineStart = this.text.charCodeAt(runEnd - 1) === Code.newline;
      builder.copyOf(this.text, this.pos, runEnd);
      this.pos = runEnd;
    }
    this.pos = saved;
    return builder.build();
  }

  /** One word: unquoted text, quoted parts and expansions, up to a blank or an operator. */
  readWord(): ShellWord {
    const start = this.pos;
    // Most words are plain text: no quotes, escapes or expansions. They need no decoding and no map yet.
    const end = this.plainEnd(start);
    if (end >= 0) {
      this.pos = end;
      return new PlainWord(this.text.slice(start, end), start);
    }
    const builder = new TextBuilder(start);
    this.readWordParts(builder);
    const text = builder.build();
    return { value: text.value, map: text.map, expansions: text.expansions, span: { offset: start, length: this.pos - start } };
  }

  /**
   * A word of a command `mayKeep` said no to, passed over; the word read whole (from its start again) when a
   * substitution in it holds a command that is kept, which keeps the command.
   */
  private skimWord(): ShellWord | undefined {
    const start = this.pos;
    const comments = this.comments.length;
    const errors = this.errors.length;
    if (!this.passOverWord()) return undefined;
    this.pos = start;
    this.comments.length = comments;
    this.errors.length = errors;
    return this.readWord();
  }

  /** Passes over the word here; whether a substitution in it holds a kept command. */
  private passOverWord(): boolean {
    const skipped = this.skipped;
    const outer = skipped.holdsKeptCommand;
    skipped.holdsKeptCommand = false;
    this.readWordInto(skipped);
    const holds = skipped.holdsKeptCommand;
    skipped.holdsKeptCommand = outer;
    return holds;
  }

  /** A word read into `sink`. */
  private readWordInto(sink: TextSink): void {
    const end = this.plainEnd(this.pos);
    if (end >= 0) this.pos = end;
    else this.readWordParts(sink);
  }

  /** The end of the word at `start` when it is plain text (no quote, escape or expansion), else -1. */
  private plainEnd(start: number): number {
    let end = start;
    while (end < this.limit) {
      const c = this.text.charCodeAt(end);
      if (c < 128 && CHARACTER_ROLES[c] !== 0) break;
      end++;
    }
    return end >= this.limit || endsWord(this.text.charCodeAt(end)) ? end : -1;
  }

  private readWordParts(builder: TextSink): void {
    for (;;) {
      const c = this.code(this.pos);
      if (c < 0 || endsWord(c)) break;
      switch (c) {
        case Code.backslash:
          this.readUnquotedBackslash(builder);
          break;
        case Code.singleQuote:
          this.readSingleQuoted(builder);
          break;
        case Code.doubleQuote:
          this.readDoubleQuoted(builder);
          break;
        case Code.dollar: {
          const next = this.code(this.pos + 1);
          if (next === Code.singleQuote) this.readAnsiC(builder);
          else if (next === Code.doubleQuote) {
            builder.decode('', 1);
            this.pos++;
            this.readDoubleQuoted(builder);
          } else this.readDollar(builder, this.limit);
          break;
        }
        case Code.backquote:
          this.readBackquoted(builder, this.limit);
          break;
        default: {
          let runEnd = this.pos + 1;
          while (runEnd < this.limit) {
            const d = this.text.charCodeAt(runEnd);
            if (endsWord(d) || isSpecialInWord(d)) break;
            runEnd++;
          }
          builder.copyOf(this.text, this.pos, runEnd);
          this.pos = runEnd;
        }
      }
    }
  }

  private readUnquotedBackslash(builder: TextSink): void {
    const next = this.code(this.pos + 1);
    if (next < 0) {
      builder.copy('\\');
      this.pos++;
    } else if (next === Code.newline) {
      builder.decode('', 2);
      this.pos += 2;
    } else if (next === Code.carriageReturn && this.code(this.pos + 2) === Code.newline) {
      builder.decode('', 3);
      this.pos += 3;
    } else {
      const escaped = String.fromCodePoint(this.text.codePointAt(this.pos + 1)!);
      builder.decode(escaped, 1 + escaped.length);
      this.pos += 1 + escaped.length;
    }
  }

  private readSingleQuoted(builder: TextSink): void {
    const open = this.pos;
    const close = this.text.indexOf("'", open + 1);
    const end = close < 0 || close >= this.limit ? this.limit : close;
    if (end === this.limit) this.error('unterminated quoted string', open, 1);
    builder.decode('', 1);
    builder.copyOf(this.text, open + 1, end);
    if (end < this.limit) builder.decode('', 1);
    this.pos = end < this.limit ? end + 1 : end;
  }

  private readDoubleQuoted(builder: TextSink): void {
    const open = this.pos;
    builder.decode('', 1);
    this.pos++;
    for (;;) {
      const c = this.code(this.pos);
      if (c < 0) {
        this.error('unterminated quoted string', open, 1);
        return;
      }
      if (c === Code.doubleQuote) {
        builder.decode('', 1);
        this.pos++;
        return;
      }
      if (c === Code.backslash) {
        const next = this.code(this.pos + 1);
        if (next === Code.newline) {
          builder.decode('', 2);
          this.pos += 2;
        } else if (next === Code.dollar || next === Code.backquote || next === Code.doubleQuote || next === Code.backslash) {
          builder.decode(this.text[this.pos + 1]!, 2);
          this.pos += 2;
        } else {
          builder.copy('\\');
          this.pos++;
        }
        continue;
      }
      if (c === Code.dollar) {
        this.readDollar(builder, this.limit);
        continue;
      }
      if (c === Code.backquote) {
        this.readBackquoted(builder, this.limit);
        continue;
      }
      let end = this.pos + 1;
      while (end < this.limit) {
        const d = this.text.charCodeAt(end);
        if (d === Code.doubleQuote || d === Code.backslash || d === Code.dollar || d === Code.backquote) break;
        end++;
      }
      builder.copyOf(this.text, this.pos, end);
      this.pos = end;
    }
  }

  /** `$'…'`: C-like escapes (`\n`, `\x41`, `\u00e9`, `\047`), each decoded with its sequence as one piece. */
  private readAnsiC(builder: TextSink): void {
    const open = this.pos;
    builder.decode('', 2);
    this.pos += 2;
    for (;;) {
      const c = this.code(this.pos);
      if (c < 0) {
        this.error('unterminated quoted string', open, 2);
        return;
      }
      if (c === Code.singleQuote) {
        builder.decode('', 1);
        this.pos++;
        return;
      }
      if (c !== Code.backslash || this.pos + 1 >= this.limit) {
        builder.copy(this.text[this.pos]!);
        this.pos++;
        continue;
      }
      const letter = this.text[this.pos + 1]!;
      const simple = ANSI_C_ESCAPES[letter];
      if (simple !== undefined) {
        builder.decode(simple, 2);
        this.pos += 2;
        continue;
      }
      const numeric = /^(?:x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3})/.exec(this.text.slice(this.pos + 1, Math.min(this.limit, this.pos + 10)));
      if (numeric) {
        const digits = numeric[0];
        const codePoint = /^[0-7]/.test(digits) ? parseInt(digits, 8) : parseInt(digits.slice(1), 16);
        builder.decode(codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '\ufffd', 1 + digits.length);
        this.pos += 1 + digits.length;
        continue;
      }
      builder.copyOf(this.text, this.pos, this.pos + 2);
      this.pos += 2;
    }
  }

  /** `$NAME`, `${…}`, `$(…)`, `$((…))`, or a `$` that is only a dollar sign. */
  private readDollar(builder: TextSink, limit: number): void {
    const start = this.pos;
    const next = this.pos + 1 < limit ? this.text.charCodeAt(this.pos + 1) : -1;
    if (next === Code.openParen) {
      if (this.code(this.pos + 2) === Code.openParen || this.depth >= MAX_SUBSTITUTION_DEPTH) {
        this.pos = this.balancedEnd(this.pos + 1, Code.openParen, Code.closeParen, limit);
        builder.expansion(OPAQUE_EXPANSION, { offset: start, length: this.pos - start }, undefined);
        return;
      }
      this.pos += 2;
      this.depth++;
      const script = this.readScript(true, false);
      this.depth--;
      builder.expansion(OPAQUE_EXPANSION, { offset: start, length: this.pos - start }, script);
      return;
    }
    if (next === Code.openBrace) {
      this.pos = this.balancedEnd(this.pos + 1, Code.openBrace, Code.closeBrace, limit);
      const inside = builder.builds ? this.text.slice(start + 2, this.pos - 1) : '';
      const simple = builder.builds && /^[A-Za-z_][A-Za-z0-9_]*$|^[0-9@*#?$!-]$/.test(inside);
      builder.expansion(simple ? '${' + inside + '}' : OPAQUE_EXPANSION, { offset: start, length: this.pos - start }, undefined);
      return;
    }
    if (next >= 0 && isNameStart(next)) {
      let end = this.pos + 2;
      while (end < limit && isNameChar(this.text.charCodeAt(end))) end++;
      this.pos = end;
      builder.expansion(builder.builds ? '${' + this.text.slice(start + 1, end) + '}' : OPAQUE_EXPANSION, { offset: start, length: end - start }, undefined);
      return;
    }
    if (next >= 0 && isSpecialParameter(next)) {
      this.pos += 2;
      builder.expansion(builder.builds ? '${' + this.text[start + 1] + '}' : OPAQUE_EXPANSION, { offset: start, length: 2 }, undefined);
      return;
    }
    builder.copy('$');
    this.pos++;
  }

  /** The position after the bracket matching the one at `open`, skipping quoted text; the limit if unmatched. */
  private balancedEnd(open: number, opening: number, closing: number, limit: number): number {
    let depth = 0;
    let at = open;
    while (at < limit) {
      const c = this.text.charCodeAt(at);
      if (c === Code.backslash) {
        at += 2;
        continue;
      }
      if (c === Code.singleQuote) {
        const close = this.text.indexOf("'", at + 1);
        at = close < 0 || close >= limit ? limit : close + 1;
        continue;
      }
      if (c === opening) depth++;
      else if (c === closing && --depth === 0) return at + 1;
      at++;
    }
    this.error('unterminated expansion', open - 1, 2);
    return limit;
  }

  private readBackquoted(builder: TextSink, limit: number): void {
    const start = this.pos;
    let at = this.pos + 1;
    while (at < limit && this.text.charCodeAt(at) !== Code.backquote) at += this.text.charCodeAt(at) === Code.backslash ? 2 : 1;
    if (at >= limit) this.error('unterminated command substitution', start, 1);
    this.pos = Math.min(at + 1, limit);
    builder.expansion(OPAQUE_EXPANSION, { offset: start, length: this.pos - start }, undefined);
  }
}
