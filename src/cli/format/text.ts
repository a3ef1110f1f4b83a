import { escapeControlCharacters } from '../../policy/controlCharacters';
import type { LocatedFinding } from '../located';

/**
 * `file:line:col severity id message`, one per line, as eslint's unix format and tsc print them. File names
 * and messages carry text from the files, so their control characters are escaped: one finding stays one
 * line, and no file can forge a CI annotation or a terminal escape sequence.
 */
export function formatText(findings: readonly LocatedFinding[]): string {
  return findings
    .map((f) => `${escapeControlCharacters(f.file)}:${f.line}:${f.column} ${f.severity} ${f.id} ${escapeControlCharacters(f.message)}\n`)
    .join('');
}

/** The closing summary (stderr), so that stdout stays one finding per line. */
export function formatSummary(findings: readonly LocatedFinding[], fileCount: number): string {
  const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info in ${plural(fileCount, 'file')}\n`;
}
