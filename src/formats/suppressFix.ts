import type { Finding } from '../policy/findings';
import { applyOffsetEdits, type OffsetEdit } from '../policy/fixes';
import { applySuppressions, fileMayHoldSuppressions, suppressNextLineEdit, type LineCommentMarker } from '../policy/suppressions';
import type { Span } from '../policy/tree';
import { adapterOf, lintText, type FormatHint, type FormatLintResult } from './index';
import { NEWLINE, RETURN } from './charCodes';

/**
 * The "Suppress <id> on this line" edit: a `ses-grants-disable-next-line <id>` comment above the line the
 * finding starts on, in the file's comment syntax. Undefined where no comment can do it: strict JSON (VS Code's
 * `json` language, where a comment is itself an error), findings no suppression hides, and lines where the
 * comment would not work (checked by linting the result: the finding is hidden and no syntax error is added,
 * e.g. not inside a YAML block scalar or a multi-line string). `before`: `lintText(text, hint)` when made already
 * (the version's analysis).
 */
export function suppressionEdit(text: string, hint: FormatHint, finding: Finding, before?: FormatLintResult): OffsetEdit | undefined {
  if (finding.id === 'parse-error' || finding.id === 'unused-suppression') return undefined;
  const marker = commentMarker(text, hint);
  if (!marker) return undefined;
  const edit = suppressNextLineEdit(text, finding.span.offset, finding.id, marker);
  const after = (before && afterCommentLine(text, hint, edit, before)) ?? lintText(applyOffsetEdits(text, [edit]), hint);
  before ??= lintText(text, hint);
  const count = (result: Pick<FormatLintResult, 'findings'>, id: string, message?: string) => result.findings.filter((f) => f.id === id && (message === undefined || f.message === message)).length;
  const hides = count(after, finding.id, finding.message) < count(before, finding.id, finding.message);
  // Every other suppression keeps working, and the new one is used.
  const unusedAdded = count(after, 'unused-suppression') > count(before, 'unused-suppression');
  return hides && !unusedAdded && after.syntaxErrors.length <= before.syntaxErrors.length ? edit : undefined;
}

/**
 * The lint of the text after `edit`, a whole comment line, read from `before` (the text's own lint) without
 * linting the text again, where that is what the lint would give: the text holds no suppression yet (so
 * `before`'s findings are the rules' own, none hidden), `edit` inserts one line at a line start, and the format
 * says a comment line there changes no other reading (`commentLineFitsAt`: a YAML template read by the quick
 * reader, the line start in no scalar or flow collection). The findings and syntax errors are then `before`'s,
 * moved by the line, with the new comment's suppression applied: a lint of a 1 MB template was ~half of a quick
 * fix's cost. Undefined otherwise (the caller lints). test/unit/suppress-fix-comment-line.test.ts holds it to the lint.
 */
export function afterCommentLine(text: string, hint: FormatHint, edit: OffsetEdit, before: FormatLintResult): Pick<FormatLintResult, 'findings' | 'syntaxErrors'> | undefined {
  const file = before.file;
  if (!file || file.text !== text || before.documents || before.parserLoading || before.notRead !== undefined || fileMayHoldSuppressions(file)) return undefined;
  const { offset: at, length, content } = edit;
  const lineBreak = /\r\n|\r|\n/.exec(content);
  if (length !== 0 || !lineBreak || lineBreak.index + lineBreak[0].length !== content.length || !isLineStart(text, at)) return undefined;
  const adapter = adapterOf(text, hint);
  if (!adapter.fixing?.commentLineFitsAt?.(file, at)) return undefined;
  const comments = adapter.commentsOf(content, hint);
  if (comments.length !== 1) return undefined;
  const moved = (span: Span): Span => movedBy(span, at, content.length);
  const findings = before.findings.map((f) => ({ ...f, span: moved(f.span), ...(f.statementSpan ? { statementSpan: moved(f.statementSpan) } : {}) }));
  const comment = comments.map((c) => ({ text: c.text, span: { offset: c.span.offset + at, length: c.span.length } }));
  return {
    findings: applySuppressions(findings, comment, linesAroundComment(text, at, content.length)),
    syntaxErrors: before.syntaxErrors.map((e) => ({ ...e, ...moved(e) })),
  };
}

/**
 * The line starts `applySuppressions` needs of the text after a comment line `length` long is inserted at `at`
 * (a line start), the text's only suppression: it asks only which findings start on the line after the
 * comment's, so every line before the comment's counts as one, as does every line after the next. The same
 * answers as `lineStartsOf` of the edited text, without that text made and scanned whole per quick-fix request.
 */
function linesAroundComment(text: string, at: number, length: number): number[] {
  const starts = at === 0 ? [0, length] : [0, at, at + length];
  const next = nextLineStart(text, at);
  if (next !== undefined) starts.push(next + length);
  return starts;
}

/** The start of the line after the one starting at `from`, as `lineStartsOf` counts lines; undefined on the last line. */
function nextLineStart(text: string, from: number): number | undefined {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) return i + 1;
    if (c === RETURN) return text.charCodeAt(i + 1) === NEWLINE ? i + 2 : i + 1;
  }
  return undefined;
}

/**
 * A span of the text before `length` characters were inserted at `at`: after it, moved; across it, longer.
 * Exported for its boundary test: a span starting exactly at `at` (a finding at the line's first column) is after
 * the insertion, and no YAML finding of the project's fixtures starts there.
 */
export function movedBy(span: Span, at: number, length: number): Span {
  if (span.offset >= at) return { offset: span.offset + length, length: span.length };
  return span.offset + span.length > at ? { offset: span.offset, length: span.length + length } : span;
}

function isLineStart(text: string, offset: number): boolean {
  if (offset === 0) return true;
  const previous = text.charCodeAt(offset - 1);
  return previous === NEWLINE || (previous === RETURN && text.charCodeAt(offset) !== NEWLINE);
}

/** The format's line comment, as its adapter gives it; none in VS Code's strict `json` language. */
function commentMarker(text: string, hint: FormatHint): LineCommentMarker | undefined {
  if (hint.languageId === 'json') return undefined;
  return adapterOf(text, hint).fixing?.lineComment;
}
