import { jsonItem } from './format/json';
import { severityCounts, textLine, type SeverityCounts } from './format/text';
import type { LocatedFinding } from './located';

/** Findings per write: one large string per file would weigh as much as the file's findings again. */
const CHUNK = 1_000;

/**
 * The findings printed as the files are linted, in text or JSON (byte for byte what `formatText` and
 * `formatJson` give for all of them), instead of one text built after the last file: a file of 150,000
 * findings makes 23 MB of report. Only the counts the summary and the exit code need are kept.
 */
export class FindingsStream {
  /** The findings printed (with --quiet, the errors): the summary counts them. */
  readonly shown: SeverityCounts = severityCounts([]);
  /** Every finding: the exit code reads them. */
  readonly all: SeverityCounts = severityCounts([]);
  private items = 0;

  constructor(
    private readonly format: 'text' | 'json',
    private readonly quiet: boolean,
    private readonly out: (text: string) => void,
  ) {}

  add(findings: readonly LocatedFinding[]): void {
    let chunk = '';
    let inChunk = 0;
    for (const finding of findings) {
      this.all[finding.severity]++;
      if (this.quiet && finding.severity !== 'error') continue;
      this.shown[finding.severity]++;
      chunk += this.format === 'text' ? textLine(finding) : `${this.items++ === 0 ? '[\n' : ',\n'}${jsonItem(finding)}`;
      if (++inChunk === CHUNK) {
        this.out(chunk);
        chunk = '';
        inChunk = 0;
      }
    }
    if (chunk !== '') this.out(chunk);
  }

  /** Closes the JSON array (an empty one when nothing was printed). */
  end(): void {
    if (this.format === 'json') this.out(this.items === 0 ? '[]\n' : '\n]\n');
  }
}
