import { createScanner, SyntaxKind } from 'jsonc-parser';
import { Lexer } from 'yaml';
import type { SourceComment } from '../policy/suppressions';
import type { Span } from '../policy/tree';

/**
 * The comments of a file, for inline suppressions (src/policy/suppressions.ts): each comment's text without
 * its markers, and where that text stands. Read with each format's own tokenizer, so that `//` inside a
 * JSON string or `#` inside a YAML block scalar is never taken for a comment.
 */

/** `// …` and `/* … *\/` of JSON with comments (an unterminated block comment runs to the end). */
export function jsonComments(text: string): SourceComment[] {
  const comments: SourceComment[] = [];
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind !== SyntaxKind.LineCommentTrivia && kind !== SyntaxKind.BlockCommentTrivia) continue;
    const offset = scanner.getTokenOffset() + 2;
    const end = scanner.getTokenOffset() + scanner.getTokenLength();
    const closed = kind === SyntaxKind.BlockCommentTrivia && end - offset >= 2 && text.startsWith('*/', end - 2);
    const length = end - offset - (closed ? 2 : 0);
    comments.push({ text: text.slice(offset, offset + length), span: { offset, length } });
  }
  return comments;
}

/**
 * The lexer's control tokens, which stand for no source text: document start, the end of a broken flow
 * collection, and the marker in front of every scalar (the yaml package's parser skips them the same way).
 */
const DOCUMENT = '\x02';
const FLOW_ERROR_END = '\x18';
const SCALAR = '\x1f';

/** `# …` of YAML; a scalar that starts with `#` (block scalar content) is no comment. */
export function yamlComments(text: string): SourceComment[] {
  const comments: SourceComment[] = [];
  let offset = 0;
  let scalarNext = false;
  try {
    for (const token of new Lexer().lex(text)) {
      if (token === DOCUMENT || token === FLOW_ERROR_END) continue;
      if (token === SCALAR) {
        scalarNext = true;
        continue;
      }
      if (!scalarNext && token.startsWith('#')) comments.push({ text: token.slice(1), span: { offset: offset + 1, length: token.length - 1 } });
      scalarNext = false;
      offset += token.length;
    }
  } catch {
    // The lexer does not throw on bad YAML; should it on some input, the comments read so far still count.
  }
  return comments;
}

/** A comment's text after its opening marker (`#`, `<!--`), as suppressions read it. */
export function commentTextAfter(comment: { readonly span: Span; readonly text: string }, markerLength: number): SourceComment {
  return { text: comment.text, span: { offset: comment.span.offset + markerLength, length: comment.text.length } };
}
