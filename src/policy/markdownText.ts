import { escapeControlCharacters } from './controlCharacters';

/**
 * Document text inside Markdown (the hover). Whatever a file holds, it must read as the text it is: never a
 * link, an image, emphasis, HTML or a bare URL that the renderer turns into a link. Control characters are
 * first shown as escapes (a newline would end the paragraph and start new Markdown).
 */

/** Every ASCII punctuation character backslash-escaped, which CommonMark (and so VS Code's renderer) reads as itself. */
export function markdownText(text: string): string {
  return escapeControlCharacters(text).replace(/[!-/:-@[-`{-~]/g, (character) => '\\' + character);
}

/**
 * An inline code span holding exactly `text`. Backslashes are literal inside code spans, so the fence is made
 * one backtick longer than the longest run of backticks in the text (CommonMark's rule), and padded with a
 * space when the text starts or ends with a backtick.
 */
export function markdownCode(text: string): string {
  const shown = escapeControlCharacters(text);
  let longestRun = 0;
  for (const run of shown.match(/`+/g) ?? []) longestRun = Math.max(longestRun, run.length);
  const fence = '`'.repeat(longestRun + 1);
  const padding = shown.startsWith('`') || shown.endsWith('`') ? ' ' : '';
  return `${fence}${padding}${shown}${padding}${fence}`;
}
