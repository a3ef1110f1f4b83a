import { OffsetMapBuilder } from '../offsetMap';
import type { DecodedText } from '../embedded/jsonString';
import { readShell } from './lexer';

const PROMPT = /^[ \t]*\$(?:[ \t]|$)/;

/**
 * The commands of a terminal session (a `console` code block): each line after a `$ ` prompt, with the lines
 * that continue it (a trailing backslash, an open quote, a here-document); everything else is output and no
 * part of the text. A `> ` secondary prompt on a continuation line is read as shell text, knowingly.
 */
export function consoleCommands(text: string): DecodedText {
  const builder = new OffsetMapBuilder(0);
  const parts: string[] = [];
  let mapped = 0;
  let lineStart = 0;
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    const prompt = PROMPT.exec(text.slice(lineStart, Math.min(lineEnd, lineStart + 64)));
    if (!prompt) {
      lineStart = lineEnd + 1;
      continue;
    }
    const commandStart = lineStart + prompt[0].length;
    const commandEnd = Math.max(readShell(text, { start: commandStart, firstLineOnly: true }).end, Math.min(lineEnd + 1, text.length));
    builder.skip(commandStart - mapped).copy(commandEnd - commandStart);
    parts.push(text.slice(commandStart, commandEnd));
    mapped = commandEnd;
    lineStart = commandEnd;
  }
  return { value: parts.join(''), map: builder.build() };
}
