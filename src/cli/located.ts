import type { Severity } from '../policy/catalogue';
import type { Finding } from '../policy/findings';
import { LineIndex } from '../policy/positions';
import type { LocatedFix } from './format/sarifExtras';

/** A finding placed in a file: what every output format prints. Lines and columns are 1-based, the end exclusive. */
export interface LocatedFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: Severity;
  readonly id: string;
  readonly message: string;
  /** SARIF only: the fingerprint that survives line moves (format/sarifExtras.ts). */
  readonly fingerprint?: string;
  /** SARIF only: the fix `--fix` would apply, where there is one. */
  readonly fix?: LocatedFix;
}

/** `index`: the text's lines, when findings of one text are located a batch at a time. */
export function locateFindings(file: string, text: string, findings: readonly Finding[], index?: LineIndex): LocatedFinding[] {
  if (findings.length === 0) return [];
  index ??= new LineIndex(text);
  return findings.map((finding) => {
    const start = index!.position(finding.span.offset);
    const end = index!.position(finding.span.offset + finding.span.length);
    return {
      file,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      severity: finding.severity,
      id: finding.id,
      message: finding.message,
    };
  });
}

/** compareFindings' order (offset, length, id) for the findings of one file, as placed. */
export function compareLocated(a: LocatedFinding, b: LocatedFinding): number {
  return a.line - b.line || a.column - b.column || a.endLine - b.endLine || a.endColumn - b.endColumn || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
