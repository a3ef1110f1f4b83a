import { createScanner, SyntaxKind } from 'jsonc-parser';
import type { PolicyFile } from '../../policy/model';
import { parseJson } from './parseJson';
import type { TreeNode } from '../../policy/tree';

/**
 * Token-level facts about JSON(C) text that the JSON editor and fix-all need: comments, commas and syntax
 * errors. Everything here is one pass of jsonc-parser's scanner or of the project's own reader
 * (`parseJson`), neither of which recurses, so the cost is linear in the text however deep it nests.
 */

/** The offset of the first comma in [from, to), skipping whitespace and comments; undefined when another token comes first. */
export function nextComma(text: string, from: number, to: number): number | undefined {
  const scanner = createScanner(text.slice(from, to), false);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.CommaToken) return from + scanner.getTokenOffset();
    if (kind === SyntaxKind.Trivia || kind === SyntaxKind.LineBreakTrivia) continue;
    if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) continue;
    return undefined;
  }
  return undefined;
}

export function hasComment(text: string): boolean {
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) return true;
  }
  return false;
}

/**
 * Strings and comments as jsonc-parser's scanner reads them: a string ends at its closing quote or,
 * unterminated, at the end of its line (an escape takes the next character, a line break too); a line
 * comment runs to the end of its line; an unterminated block comment to the end of the text.
 */
const STRING_OR_COMMENT = /"(?:[^"\\\r\n]|\\[\s\S])*"?|\/\/[^\r\n]*|\/\*[\s\S]*?(?:\*\/|$)/g;

/**
 * Every comment's text in order: fix-all and the tests check that none is lost. One regular-expression pass
 * that skips strings (fix-all runs this on every version of the text, so it must cost what a scan costs).
 */
export function commentsOf(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(STRING_OR_COMMENT)) if (match[0].charCodeAt(0) === 47) found.push(match[0]);
  return found;
}

export interface ParsedJson {
  readonly text: string;
  readonly root: TreeNode | undefined;
  readonly errorCount: number;
}

/**
 * Every fix request for the findings of one lint shares its PolicyFile: the original text is parsed once
 * per file, not once per finding (fix-all asks for every finding of a file each round). A memo keyed weakly
 * by the file, so nothing outlives the lint result.
 */
const parsedByFile = new WeakMap<PolicyFile, ParsedJson>();

export function parsedJson(text: string, file: PolicyFile | undefined): ParsedJson {
  const cached = file ? parsedByFile.get(file) : undefined;
  if (cached && cached.text === text) return cached;
  const { root, errors } = parseJson(text);
  const result = { text, root, errorCount: errors.length };
  if (file && file.text === text) parsedByFile.set(file, result);
  return result;
}

/** The whitespace that starts the line holding `offset`. */
export function lineIndentAt(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  return /^[ \t]*/.exec(text.slice(start, Math.min(text.length, start + 200)))![0];
}

export function lineStartOf(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}

/** The offset of the line break that ends the line holding `offset` (or the end of the text). */
export function lineEndOf(text: string, offset: number): number {
  for (let i = offset; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return text.length;
}

/** True when only whitespace precedes `offset` on its line. */
export function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStartOf(text, offset), offset));
}

/** True when [from, to) holds a line break. */
export function spansLines(text: string, from: number, to: number): boolean {
  const lineFeed = text.indexOf('\n', from);
  if (lineFeed >= 0 && lineFeed < to) return true;
  const carriageReturn = text.indexOf('\r', from);
  return carriageReturn >= 0 && carriageReturn < to;
}

/** `// note` or `/* note *\/` with nothing else up to the end of the line: a comment that trails a member. */
export function trailingCommentEnd(text: string, from: number): number | undefined {
  const end = lineEndOf(text, from);
  return /^[ \t]*(\/\/.*|\/\*(?:(?!\*\/).)*\*\/)[ \t]*$/.test(text.slice(from, end)) ? end : undefined;
}
