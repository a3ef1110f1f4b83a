import { lintPolicyFile, type LintOptions, type LintResult } from '../../policy/lint';
import type { Span } from '../../policy/tree';
import { readShell } from './lexer';
import { extractShell } from './shellFile';
import { SHELL_RULES } from './shellRules';

export type { ShellFile } from './shellFile';

/** A shell script's grants linted; its syntax errors (unterminated quotes, here-documents) with them. */
export function lintShell(text: string, options: LintOptions = {}): LintResult {
  const { file, errors } = extractShell(text);
  return { file, findings: lintPolicyFile(file, { ...options, extraFileRules: SHELL_RULES }), syntaxErrors: errors };
}

/** A comment of a file: its whole span (delimiters included) and the text between the delimiters. */
export interface CommentSpan {
  readonly span: Span;
  readonly text: string;
}

/** The `#` comments of a shell script (not `#` inside words, quotes or here-documents), in order. */
export function shellComments(text: string): CommentSpan[] {
  return [...readShell(text).comments];
}
