import { escapeControlCharacters } from '../../policy/controlCharacters';
import type { LocatedFinding } from '../located';

/**
 * `file:line:col severity id message`, one per line, as eslint's unix format and tsc print them. File names
 * and messages carry text from the files, so their control characters are escaped: one finding stays one
 * line, and no file can forge a CI annotation or a terminal escape sequence.
 */
export function formatText(findings: readonly LocatedFinding[]): string {
  return findings.map(textLine).join('');
}

export function textLine(f: LocatedFinding): string {
  return `${escapeControlCharacters(f.file)}:${f.line}:${f.column} ${f.severity} ${f.id} ${escapeControlCharacters(f.message)}\n`;
}

/** How many findings of each severity. */
export type SeverityCounts = Record<LocatedFinding['severity'], number>;

export function severityCounts(findings: readonly LocatedFinding[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** The closing summary (stderr), so that stdout stays one finding per line. */
export function formatSummary(counts: SeverityCounts, fileCount: number): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info in ${plural(fileCount, 'file')}\n`;
}
