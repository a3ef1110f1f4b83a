import { escapeControlCharactersInJson } from '../../policy/controlCharacters';
import type { LocatedFinding } from '../located';

/**
 * An array of `{file, line, column, endLine, endColumn, severity, id, message}`, 1-based, end exclusive. The
 * strings are exactly those of the files; control characters reach the output only as JSON escapes.
 */
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
  return escapeControlCharactersInJson(JSON.stringify(plain, null, 2)) + '\n';
}
