import type { Span } from '../../policy/tree';
import { readShell } from './lexer';

export type { ShellFile } from './shellFile';

/** A comment of a file: its whole span (delimiters included) and the text between the delimiters. */
export interface CommentSpan {
  readonly span: Span;
  readonly text: string;
}

/** The `#` comments of a shell script (not `#` inside words, quotes or here-documents), in order. */
export function shellComments(text: string): CommentSpan[] {
  return [...readShell(text).comments];
}
