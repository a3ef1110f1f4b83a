import type { Finding } from '../policy/findings';
import { applyOffsetEdits, type OffsetEdit } from '../policy/fixes';
import { suppressNextLineEdit, type LineCommentMarker } from '../policy/suppressions';
import { adapterOf, lintText, type FormatHint, type FormatLintResult } from './index';

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
  before ??= lintText(text, hint);
  const after = lintText(applyOffsetEdits(text, [edit]), hint);
  const count = (result: typeof before, id: string, message?: string) => result.findings.filter((f) => f.id === id && (message === undefined || f.message === message)).length;
  const hides = count(after, finding.id, finding.message) < count(before, finding.id, finding.message);
  // Every other suppression keeps working, and the new one is used.
  const unusedAdded = count(after, 'unused-suppression') > count(before, 'unused-suppression');
  return hides && !unusedAdded && after.syntaxErrors.length <= before.syntaxErrors.length ? edit : undefined;
}

/** The format's line comment, as its adapter gives it; none in VS Code's strict `json` language. */
function commentMarker(text: string, hint: FormatHint): LineCommentMarker | undefined {
  if (hint.languageId === 'json') return undefined;
  return adapterOf(text, hint).fixing?.lineComment;
}
