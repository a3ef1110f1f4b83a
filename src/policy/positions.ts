/**
 * The offset at which each line starts (`\n`, `\r\n` and a lone `\r` end a line, as editors count them).
 * Line 0 starts at offset 0.
 */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  // indexOf finds each break in native code: most texts have no `\r` at all, and a loop over every character
  // costs far more while the code is still cold (the CLI places the findings of each of 1,000 small files).
  let lf = text.indexOf('\n');
  let cr = text.indexOf('\r');
  while (lf !== -1 || cr !== -1) {
    if (cr === -1 || (lf !== -1 && lf < cr)) {
      starts.push(lf + 1);
      lf = text.indexOf('\n', lf + 1);
    } else {
      // `\r\n` is one break; a lone `\r` is one too.
      const end = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
      starts.push(end);
      if (lf !== -1 && lf < end) lf = text.indexOf('\n', end);
      cr = text.indexOf('\r', end);
    }
  }
  return starts;
}

/** The 0-based line of an offset, by binary search over `lineStartsOf`'s result. */
export function lineAt(lineStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** A 0-based line and character (UTF-16 code units): an editor's position. */
export interface LinePosition {
  readonly line: number;
  readonly character: number;
}

/**
 * The position of an offset as VS Code's `TextDocument.positionAt` gives it, from `lineStartsOf(text)` (built
 * once per text, a binary search per offset): the offset clamped to the text, and an offset inside a line
 * break (on its `\r` or `\n`, or between the two of `\r\n`) at the end of its line's content. The analysis
 * worker places diagnostics with it, where no `vscode.TextDocument` exists.
 */
export function positionOf(text: string, lineStarts: readonly number[], offset: number): LinePosition {
  const at = Math.max(0, offset);
  const line = lineAt(lineStarts, at);
  const start = lineStarts[line]!;
  let end = line + 1 < lineStarts.length ? lineStarts[line + 1]! : text.length;
  if (end > start && text.charCodeAt(end - 1) === 10) end--;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return { line, character: Math.min(at, end) - start };
}

/** Offsets to 1-based lines and columns (UTF-16 code units, as editors count). */
export class LineIndex {
  private readonly lineStarts: readonly number[];

  constructor(text: string) {
    this.lineStarts = lineStartsOf(text);
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    const line = lineAt(this.lineStarts, offset);
    return { line: line + 1, column: offset - this.lineStarts[line]! + 1 };
  }
}
