import type { CommentSpan } from '../shell';
import { fencedBlocks } from './fences';

/**
 * The HTML comments (`<!-- … -->`) of a Markdown file, in order: not those inside fenced code blocks or
 * inline code spans, which are code. An unclosed comment runs to the end of the file, as HTML's does.
 */
export function markdownComments(text: string): CommentSpan[] {
  const comments: CommentSpan[] = [];
  let from = 0;
  for (const block of fencedBlocks(text)) {
    commentsBetween(text, from, block.span.offset, comments);
    from = block.span.offset + block.span.length;
  }
  commentsBetween(text, from, text.length, comments);
  return comments;
}

function commentsBetween(text: string, start: number, end: number, comments: CommentSpan[]): void {
  let at = start;
  while (at < end) {
    const open = text.indexOf('<!--', at);
    const tick = text.indexOf('`', at);
    if (open < 0 || open >= end) return;
    if (tick >= 0 && tick < open) {
      at = afterCodeSpan(text, tick, end);
      continue;
    }
    const close = text.indexOf('-->', open + 4);
    const closed = close >= 0 && close + 3 <= end;
    const stop = closed ? close + 3 : end;
    comments.push({ span: { offset: open, length: stop - open }, text: text.slice(open + 4, closed ? close : end) });
    at = stop;
  }
}

/** After the inline code span opened by the backtick run at `tick`; just after the run when nothing closes it. */
function afterCodeSpan(text: string, tick: number, end: number): number {
  let runEnd = tick;
  while (runEnd < end && text[runEnd] === '`') runEnd++;
  const run = text.slice(tick, runEnd);
  let search = runEnd;
  while (search < end) {
    const close = text.indexOf(run, search);
    if (close < 0 || close >= end) return runEnd;
    let closeEnd = close + run.length;
    if (text[closeEnd] !== '`' && text[close - 1] !== '`') return closeEnd;
    while (text[closeEnd] === '`') closeEnd++;
    search = closeEnd;
  }
  return runEnd;
}
