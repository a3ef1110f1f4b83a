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

/**
 * One finding as an item of the array above: indented by two spaces, without the comma that separates items.
 * Written member by member, the text `JSON.stringify(item, null, 2)` gives indented once more (a folder of small
 * files prints thousands of items: the generic call and a replace over its text cost more than the lint of some).
 */
export function jsonItem(f: LocatedFinding): string {
  const item =
    `  {\n    "file": ${JSON.stringify(f.file)},\n    "line": ${JSON.stringify(f.line)},\n    "column": ${JSON.stringify(f.column)},\n` +
    `    "endLine": ${JSON.stringify(f.endLine)},\n    "endColumn": ${JSON.stringify(f.endColumn)},\n    "severity": ${JSON.stringify(f.severity)},\n` +
    `    "id": ${JSON.stringify(f.id)},\n    "message": ${JSON.stringify(f.message)}\n  }`;
  return escapeControlCharactersInJson(item);
}
