import { jsonItem } from './format/json';
import { severityCounts, textLine, type SeverityCounts } from './format/text';
import type { LocatedFinding } from './located';

/**
 * Characters held before a write: large enough that a folder of small files makes a few writes instead of one
 * per file (each a system call), small enough that a file of many findings is never held whole.
 */
const FLUSH_AT = 64 * 1024;

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
  /** Printed text not yet written. */
  private pending = '';

  constructor(
    private readonly format: 'text' | 'json',
    private readonly quiet: boolean,
    private readonly out: (text: string) => void,
  ) {}

  add(findings: readonly LocatedFinding[]): void {
    for (const finding of findings) {
      this.all[finding.severity]++;
      if (this.quiet && finding.severity !== 'error') continue;
      this.shown[finding.severity]++;
      this.pending += this.format === 'text' ? textLine(finding) : `${this.items++ === 0 ? '[\n' : ',\n'}${jsonItem(finding)}`;
      if (this.pending.length >= FLUSH_AT) this.flush();
    }
  }

  private flush(): void {
    if (this.pending !== '') this.out(this.pending);
    this.pending = '';
  }

  /** Closes the JSON array (an empty one when nothing was printed). */
  end(): void {
    if (this.format === 'json') this.pending += this.items === 0 ? '[]\n' : '\n]\n';
    this.flush();
  }
}
