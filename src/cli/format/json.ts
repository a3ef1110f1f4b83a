import { escapeControlCharactersInJson } from '../../policy/controlCharacters';
import type { LocatedFinding } from '../located';

/**
 * An array of `{file, line, column, endLine, endColumn, severity, id, message}`, 1-based, end exclusive. The
 * strings are exactly those of the files; control characters reach the output only as JSON escapes. The text
 * is `JSON.stringify(array, null, 2)`'s, written item by item (`jsonItem`) so that it can be printed as the
 * files are linted (findingsStream.ts).
 */
export function formatJson(findings: readonly LocatedFinding[]): string {
  return findings.length === 0 ? '[]\n' : `[\n${findings.map(jsonItem).join(',\n')}\n]\n`;
}

/** One finding as an item of the array above: indented by two spaces, without the comma that separates items. */
export function jsonItem(f: LocatedFinding): string {
  const plain = {
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    severity: f.severity,
    id: f.id,
    message: f.message,
  };
  // JSON strings hold no raw line break: every one is between members, where the array indents them.
  return escapeControlCharactersInJson(`  ${JSON.stringify(plain, null, 2).replace(/\n/g, '\n  ')}`);
}
