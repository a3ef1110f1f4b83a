import type { LocatedFinding } from '../located';

/** An array of `{file, line, column, endLine, endColumn, severity, id, message}`, 1-based, end exclusive. */
export function formatJson(findings: readonly LocatedFinding[]): string {
  const plain = findings.map((f) => ({
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    severity: f.severity,
    id: f.id,
    message: f.message,
  }));
  return JSON.stringify(plain, null, 2) + '\n';
}
