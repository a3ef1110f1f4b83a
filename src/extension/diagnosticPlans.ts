import type { Severity } from '../policy/catalogue';
import type { Finding } from '../policy/findings';
import { localizedMessage } from '../policy/messages.ja';
import { lineStartsOf, positionOf } from '../policy/positions';

/**
 * The diagnostics of one analysed version as plain data: ranges in lines and characters, messages in the
 * user's language. Written by the same function on the extension host's thread and in the analysis worker
 * (which holds the text and sends them as they are), so that the host's own part after a large document's
 * reading is only the construction of `vscode.Range` and `vscode.Diagnostic` objects: turning 5,000 offsets
 * into positions and formatting their messages there was the extension's longest synchronous run on the
 * worker path (editor bench, SES_GRANTS_EDITOR_BENCH=findings). No `vscode` here: the worker has none.
 */

/** Start line, start character, end line, end character: 0-based, in UTF-16 code units, as `vscode.Range` takes them. */
export type PlainRange = readonly [number, number, number, number];

export interface DiagnosticPlan {
  /** The finding id: the diagnostic's code, and its link to the rule's page. */
  readonly id: string;
  /** The catalogue's severity; the host applies `sesGrants.rules`, a setting of its own (which may turn the id off). */
  readonly severity: Severity;
  readonly message: string;
  readonly range: PlainRange;
}

/**
 * The findings' diagnostics, in the findings' order: their spans placed as VS Code's `positionAt` places
 * offsets (lines end at `\n`, `\r\n` and `\r`), from a line-start table built once for the text.
 */
export function diagnosticPlansOf(text: string, findings: readonly Finding[], locale: string | undefined): DiagnosticPlan[] {
  if (findings.length === 0) return [];
  const lineStarts = lineStartsOf(text);
  return findings.map((finding) => {
    const start = positionOf(text, lineStarts, finding.span.offset);
    const end = positionOf(text, lineStarts, finding.span.offset + finding.span.length);
    return {
      id: finding.id,
      severity: finding.severity,
      message: localizedMessage(finding, locale),
      range: [start.line, start.character, end.line, end.character],
    };
  });
}

/**
 * Whether two diagnostics show the same, `b`'s lines `lines` below `a`'s (lines an edit inserted or removed
 * before them: diagnosticDelta.ts); the host keeps a list it set when every one of the next is the same.
 */
export function samePlan(a: DiagnosticPlan, b: DiagnosticPlan, lines = 0): boolean {
  if (a === b && lines === 0) return true;
  // Indexed, not destructured: destructuring an array runs its iterator, two objects per comparison on the host
  // (~0.14 MB per edit of a 1,000-diagnostic template, in the editor bench's heap profile).
  const ar = a.range;
  const br = b.range;
  return br[0] === ar[0] + lines && ar[1] === br[1] && br[2] === ar[2] + lines && ar[3] === br[3] && a.id === b.id && a.severity === b.severity && a.message === b.message;
}
