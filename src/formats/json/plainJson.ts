import { extractPolicies } from '../../policy/extract';
import { fixAllText as fixAllWith, type FixAllOptions, type Linter } from '../../policy/fixes/fixAll';
import type { FormatEditing } from '../../policy/fixes/policyEditor';
import type { FormattingPreferences } from '../../policy/fixes/types';
import { lintPolicyFile, type LintOptions, type LintResult } from '../../policy/lint';
import type { PolicyFile } from '../../policy/model';
import { mightHoldSesGrant } from '../../policy/prefilter';
import type { GrantValues } from '../../policy/templates';
import { JsonEditor } from './jsonEditor';
import { commentsOf } from './jsonText';
import { parseJson } from './parseJson';

/**
 * Plain JSON policies (not templates): how fixes edit them, and their lint on its own (what the JSON
 * adapter's files, the tests and a policy rendered from another format's blocks are read with).
 */

/**
 * The syntax errors of a file's text: those its reader kept (`lintJsonText` and the JSON adapter keep them on every
 * file they read), so every fix asked for on one lint (fix-all asks in every statement, round by round) costs no
 * second parse of a large file; another text, or a file read otherwise, is parsed.
 */
function syntaxErrorsOf(text: string, file: PolicyFile): readonly { readonly offset: number }[] {
  return file.text === text && file.jsonSyntaxErrors ? file.jsonSyntaxErrors : parseJson(text).errors;
}

/**
 * The JSON editor on the finding's statement alone when it has one (a statement's window is what keeps a fix
 * as cheap as its statement), else on the whole text. A statement reads the same cut out of its file, so the
 * trust check reads it alone.
 */
export const JSON_EDITING: FormatEditing = {
  open(text, statementSpan, file, formatting) {
    return (statementSpan && JsonEditor.openWindow(text, statementSpan, formatting)) || JsonEditor.open(text, formatting, file);
  },
  commentsOf,
  recoveredErrorsOf: syntaxErrorsOf,
  lintStatementAlone: (statementText, bodyOfItsOwn) => lintJsonText(bodyOfItsOwn ? statementText : `{"Statement":[${statementText}\n]}`),
  lintFile: lintJsonText,
};

/** Lints plain JSON / JSONC policy text; its file carries the JSON editing. Never throws. */
export function lintJsonText(text: string, options: LintOptions = {}): LintResult {
  // Fast path: text that never mentions SES cannot hold a grant or an SES-marked statement.
  if (!mightHoldSesGrant(text)) return { file: undefined, findings: [], syntaxErrors: [] };
  const { root, errors } = parseJson(text);
  // The editing is set on the file just built: a copy of it (a spread) costs a tenth of a small policy's lint.
  const file: PolicyFile = Object.assign(extractPolicies(text, root), { editing: JSON_EDITING, jsonSyntaxErrors: errors });
  return { file, findings: lintPolicyFile(file, options), syntaxErrors: errors };
}

/** The core's fix-all (`fixAllText`, src/policy/fixes/fixAll.ts) on a plain JSON policy: lints it with `lintJsonText` between rounds unless given another linter. */
export function fixAllPlainJson(
  text: string,
  values: GrantValues,
  formatting: FormattingPreferences,
  lint: Linter = lintJsonText,
  options: FixAllOptions = {},
): string {
  return fixAllWith(text, values, formatting, lint, options);
}

export { commentsOf };
