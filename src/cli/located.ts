import { formatMessage, ruleInfo, type MessageArgs, type Severity } from '../policy/catalogue';
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
  const lines = index ?? new LineIndex(text);
  return findings.map((finding) => {
    const { line, column, endLine, endColumn } = placeOf(lines, finding);
    return { file, line, column, endLine, endColumn, severity: finding.severity, id: finding.id, message: finding.message };
  });
}

/**
 * `locateFindings` for findings held until they are printed by the thousand (a large file read in parts,
 * lintFile.ts): each keeps its message's arguments and writes the message when it is read, the text
 * `makeFinding` wrote, since 150,000 messages weigh about as much as their file. The message is no own
 * property: what leaves the thread (a lint worker's outcome) is made plain first (`plainFinding`).
 */
export function locateFindingsLazily(file: string, findings: readonly Finding[], index: LineIndex): LocatedFinding[] {
  return findings.map((finding) => {
    const { line, column, endLine, endColumn } = placeOf(index, finding);
    return new PlacedFinding(file, line, column, endLine, endColumn, finding.severity, finding.id, finding.args);
  });
}

class PlacedFinding implements LocatedFinding {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly endLine: number,
    readonly endColumn: number,
    readonly severity: Severity,
    readonly id: string,
    private readonly args: MessageArgs,
  ) {}

  get message(): string {
    return formatMessage(ruleInfo(this.id).message, this.args);
  }
}

/** The finding as a plain object, its message written out (structured cloning copies own properties only). */
export function plainFinding(finding: LocatedFinding): LocatedFinding {
  if (!(finding instanceof PlacedFinding)) return finding;
  const { file, line, column, endLine, endColumn, severity, id, message } = finding;
  return { file, line, column, endLine, endColumn, severity, id, message };
}

function placeOf(index: LineIndex, finding: Finding): { line: number; column: number; endLine: number; endColumn: number } {
  const start = index.position(finding.span.offset);
  const end = index.position(finding.span.offset + finding.span.length);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

/** compareFindings' order (offset, length, id) for the findings of one file, as placed. */
export function compareLocated(a: LocatedFinding, b: LocatedFinding): number {
  return a.line - b.line || a.column - b.column || a.endLine - b.endLine || a.endColumn - b.endColumn || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
