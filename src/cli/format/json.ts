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
 * Written member by member, each string through JSON.stringify: the very text of
 * `JSON.stringify(item, null, 2)` indented by two more spaces, without building the object, the indented
 * text and its re-indented copy for every finding (a tenth of the CLI's own time per small file).
 */
export function jsonItem(f: LocatedFinding): string {
  // JSON strings hold no raw line break and the numbers none: the line breaks are all between members.
  return (
    `  {\n    "file": ${jsonString(f.file)},\n    "line": ${f.line},\n    "column": ${f.column},\n    "endLine": ${f.endLine},\n` +
    `    "endColumn": ${f.endColumn},\n    "severity": ${jsonString(f.severity)},\n    "id": ${jsonString(f.id)},\n    "message": ${jsonString(f.message)}\n  }`
  );
}

/** A string as a JSON string, with the characters a terminal or log would act on escaped (controlCharacters.ts). */
function jsonString(text: string): string {
  return escapeControlCharactersInJson(JSON.stringify(text));
}
