import { createHash } from 'node:crypto';
import { unattendedFix, type Analysis, type FormatHint } from '../../service';
import { analysisOf } from '../fileAnalysis';
import type { Finding } from '../../policy/findings';
import { inferValues, mergeValues } from '../../policy/fixes';
import { LineIndex } from '../../policy/positions';
import type { GrantValues } from '../../policy/templates';
import { formattingOf } from '../fixText';

/** The key of our fingerprint in a result's `partialFingerprints`: versioned, as SARIF asks. */
export const FINGERPRINT_KEY = 'sesGrantsFinding/v1';

/**
 * A finding's fingerprint for code scanning, the same wherever its lines move: the finding id, its message,
 * and the text of its statement (else of its own range) with every run of white space made one space, so
 * that lines added above, re-indentation or reflowing keep the alert; a second identical finding in the
 * file is told apart by its rank among them. Editing the statement itself yields a new fingerprint.
 */
export function fingerprintsOf(text: string, findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const span = finding.statementSpan ?? finding.span;
    const context = text.slice(span.offset, span.offset + span.length).replace(/\s+/g, ' ').trim();
    const key = `${finding.id}\u0000${finding.message}\u0000${context}`;
    const rank = seen.get(key) ?? 0;
    seen.set(key, rank + 1);
    return createHash('sha256').update(`${key}\u0000${rank}`).digest('hex');
  });
}

/** A fix in SARIF terms: replacements of 1-based regions (end exclusive), in the file's own text. */
export interface LocatedFix {
  readonly description: string;
  readonly replacements: readonly {
    readonly startLine: number;
    readonly startColumn: number;
    readonly endLine: number;
    readonly endColumn: number;
    readonly text: string;
  }[];
}

/**
 * For each finding, the fix `--fix` would apply to it on its own, when there is one that writes real values
 * (no placeholder): what a SARIF viewer may offer to apply.
 */
export function fixesOf(text: string, hint: FormatHint, values: GrantValues, findings: readonly Finding[], given?: Analysis): (LocatedFix | undefined)[] {
  const analysis = findings.length > 0 ? analysisOf(text, hint, given) : undefined;
  if (!analysis) return findings.map(() => undefined);
  const result = analysis.result;
  const known = result.file ? mergeValues(values, inferValues(result.file)) : values;
  const formatting = formattingOf(text);
  const index = new LineIndex(text);
  return findings.map((finding) => {
    const same = result.findings.find((f) => f.id === finding.id && f.span.offset === finding.span.offset && f.span.length === finding.span.length);
    if (!same) return undefined;
    // Through embeddings too: a fix in a code block or a string, written in its place's form.
    const proposal = unattendedFix(analysis, same, { values: known, formatting, withoutPlaceholders: true });
    if (!proposal) return undefined;
    return {
      description: proposal.title,
      replacements: proposal.edits.map((edit) => {
        const start = index.position(edit.offset);
        const end = index.position(edit.offset + edit.length);
        return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column, text: edit.content };
      }),
    };
  });
}
