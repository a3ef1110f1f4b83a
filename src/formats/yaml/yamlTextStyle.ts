import type { YamlStyle } from './yamlRender';
import { CLOSE_CURLY, CLOSE_SQUARE, COLON, DASH, DOUBLE_QUOTE, HASH, OPEN_CURLY, OPEN_SQUARE, RETURN, SINGLE_QUOTE, SPACE } from '../charCodes';

/**
 * The file's habits, for places whose neighbourhood shows none, read off its lines (no parse): the most
 * common step from a line that opens a block (`Key:`) to the deeper line after it, whether sequences under
 * a key are indented, the quotes and flow padding the file uses more, its line ends.
 *
 * Read character by character: fix-all asks for it once per round on the whole template, and the same reading
 * by a regular expression per line (kept in test/unit/yaml-text-style.test.ts, which holds this one to it)
 * made a string and a match per line: 4 MB for a 330 KB template, 8% of what fix-all allocated there. A line
 * with a character beyond ASCII is read by that expression still (what `\s` and `.` mean there is its own).
 */
export function textStyle(text: string, indentHint: number | undefined): YamlStyle {
  return new StyleReading(text).styleWith(indentHint);
}

/**
 * `textStyle` read a part at a time: `advance` reads about so many more characters, `styleWith` reads the rest
 * and answers (the indentation hint, the editor's, is a fix's: only the answer depends on it). The analysis worker reads a large version's style between its messages, after its diagnostics
 * are sent (src/extension/offThread/workerMain.ts), so that the version's first quick fix finds it read; a fix
 * asked for sooner finishes the reading where it stopped.
 */
export class StyleReading {
  private readonly steps = new Map<number, number>();
  private readonly seq = { indented: 0, flat: 0 };
  private openerColumn: number | undefined;
  /** The start of the next line to read (the text's length included: a last line, maybe empty, is read). */
  private lineStart = 0;
  private readonly marks: Marks = { padded: 0, unpadded: 0, single: 0, double: 0, paddedFrom: 0, unpaddedFrom: 0, next: 0 };

  constructor(readonly text: string) {}

  get done(): boolean {
    return this.lineStart > this.text.length && this.marks.next >= this.text.length;
  }

  /** Reads on to about `chars` more characters of the text (whole lines); true when all of it is read. */
  advance(chars: number): boolean {
    const text = this.text;
    const stop = this.lineStart + chars;
    while (this.lineStart <= text.length && this.lineStart < stop) {
      const start = this.lineStart;
      const newline = text.indexOf('\n', start);
      const end = newline < 0 ? text.length : newline;
      const line = asciiLine(text, start, end) ?? expressionLine(text.slice(start, end));
      this.lineStart = end + 1;
      if (!line) continue;
      if (this.openerColumn !== undefined) count(line, this.openerColumn, this.steps, this.seq);
      this.openerColumn = line.opener ? line.indent + line.dashes : undefined;
    }
    countMarks(text, this.marks, Math.min(text.length, this.marks.next + chars));
    return this.done;
  }

  styleWith(indentHint: number | undefined): YamlStyle {
    this.advance(Infinity);
    const common = [...this.steps.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
    const marks = this.marks;
    return {
      indent: common ?? indentHint ?? 2,
      indentSeq: this.seq.indented >= this.seq.flat,
      flowPadding: marks.padded > marks.unpadded,
      // Ties go to single quotes, the CloudFormation documentation's habit.
      singleQuote: marks.single >= marks.double,
      eol: this.text.includes('\r\n') ? '\r\n' : '\n',
    };
  }
}

/** A line that counts (not blank, not a comment): its indentation, the width of its `- ` marks, whether it opens a block. */
interface StyleLine {
  readonly indent: number;
  readonly dashes: number;
  /** `Key:` or `- Key:` with nothing after the colon but a comment: the next deeper line is its block. */
  readonly opener: boolean;
}

function count(line: StyleLine, openerColumn: number, steps: Map<number, number>, seq: { indented: number; flat: number }): void {
  if (line.dashes > 0) {
    if (line.indent > openerColumn) seq.indented++;
    else if (line.indent === openerColumn) seq.flat++;
  } else if (line.indent > openerColumn) {
    steps.set(line.indent - openerColumn, (steps.get(line.indent - openerColumn) ?? 0) + 1);
  }
}

const LINE = /^( *)((?:- +)*)(.*?)\s*$/;
const OPENER = /^[^\s#'"[{][^#]*:(\s+#.*)?$/;

/** A line as the expression reads it (throws, as it always did, on a line break character inside a line). */
function expressionLine(text: string): StyleLine | undefined {
  const match = LINE.exec(text)!;
  const content = match[3]!;
  if ((content === '' && match[2] === '') || content.startsWith('#')) return undefined;
  return { indent: match[1]!.length, dashes: match[2]!.length, opener: OPENER.test(content) };
}

/** ASCII whitespace, all that `\s` matches below 0x80: tab, line feed, vertical tab, form feed, carriage return, space. */
function isAsciiSpace(code: number): boolean {
  return code === SPACE || (code >= 0x09 && code <= 0x0d);
}

/**
 * The line from `start` to `end` read as `LINE` and `OPENER` read it, when it is ASCII with no carriage return
 * before its trailing blanks; null otherwise (the expressions then read it), undefined for a line that does
 * not count.
 */
function asciiLine(text: string, start: number, end: number): StyleLine | undefined | null {
  let firstHash = -1;
  let firstReturn = -1;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) return null;
    if (code === HASH) {
      if (firstHash < 0) firstHash = i;
    } else if (code === RETURN && firstReturn < 0) firstReturn = i;
  }
  let at = start;
  while (at < end && text.charCodeAt(at) === SPACE) at++;
  const indent = at - start;
  // `(?:- +)*`: dashes each followed by spaces.
  while (at + 1 < end && text.charCodeAt(at) === DASH && text.charCodeAt(at + 1) === SPACE) {
    at += 2;
    while (at < end && text.charCodeAt(at) === SPACE) at++;
  }
  const dashes = at - start - indent;
  let contentEnd = end;
  while (contentEnd > at && isAsciiSpace(text.charCodeAt(contentEnd - 1))) contentEnd--;
  // `.` stops at a carriage return: one before the trailing blanks fails the expression (read by it, to fail alike).
  if (firstReturn >= 0 && firstReturn < contentEnd) return null;
  if ((contentEnd === at && dashes === 0) || firstHash === at) return undefined;
  return { indent, dashes, opener: opensBlock(text, at, contentEnd, firstHash) };
}

/** `OPENER` on the content from `start` to `end` (trailing blanks excluded; `firstHash`: the line's first `#`, after `start`, or -1). */
function opensBlock(text: string, start: number, end: number, firstHash: number): boolean {
  const first = text.charCodeAt(start);
  if (end - start < 2 || isAsciiSpace(first) || first === HASH || first === SINGLE_QUOTE || first === DOUBLE_QUOTE || first === OPEN_SQUARE || first === OPEN_CURLY) return false;
  // No comment: the colon ends the content.
  if (firstHash < 0) return text.charCodeAt(end - 1) === COLON;
  // A comment: blanks before it, and a colon (not the first character) before them.
  let blanks = firstHash;
  while (blanks > start && isAsciiSpace(text.charCodeAt(blanks - 1))) blanks--;
  return blanks < firstHash && blanks - 1 > start && text.charCodeAt(blanks - 1) === COLON;
}

/**
 * How often the text pads flow collections or not, and writes single or double quotes (each pattern's matches,
 * none overlapping, as `String.match` counts them), counted so far: up to `next`.
 */
interface Marks {
  padded: number;
  unpadded: number;
  single: number;
  double: number;
  // Where each bracket pattern may match next: a match consumes its characters.
  paddedFrom: number;
  unpaddedFrom: number;
  /** The next character to count. */
  next: number;
}

/** Counts the marks from `marks.next` to `end`. */
function countMarks(text: string, marks: Marks, end: number): void {
  let i = marks.next;
  for (; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === SINGLE_QUOTE) marks.single++;
    else if (code === DOUBLE_QUOTE) marks.double++;
    else if (code === OPEN_SQUARE || code === OPEN_CURLY) {
      // `[[{] +[^\s\]}]`
      if (i >= marks.paddedFrom) {
        let after = i + 1;
        while (text.charCodeAt(after) === SPACE) after++;
        if (after > i + 1 && after < text.length && closesNothing(text.charCodeAt(after))) {
          marks.padded++;
          marks.paddedFrom = after + 1;
        }
      }
      // `[[{][^\s\]}]`
      if (i >= marks.unpaddedFrom && i + 1 < text.length && closesNothing(text.charCodeAt(i + 1))) {
        marks.unpadded++;
        marks.unpaddedFrom = i + 2;
      }
    }
  }
  marks.next = i;
}

/** `[^\s\]}]`: neither whitespace (as `\s` means it) nor a closing bracket. */
function closesNothing(code: number): boolean {
  return !(isJsSpace(code) || code === CLOSE_SQUARE || code === CLOSE_CURLY);
}

/** What `\s` matches: ASCII whitespace, no-break space, the Unicode space separators, line and paragraph separators, BOM. */
function isJsSpace(code: number): boolean {
  if (code < 0x80) return isAsciiSpace(code);
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
