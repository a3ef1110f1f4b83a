import { jsonItem } from './format/json';
import { severityCounts, textLine, type SeverityCounts } from './format/text';
import type { LocatedFinding } from './located';

/** Findings per piece of text: one large string per file would weigh as much as the file's findings again. */
const CHUNK = 1_000;
/**
 * Characters held before they are written: small files' findings are written several files at a time, not one
 * write (and its conversion to bytes) per file, which cost a tenth of the CLI's time per small file while its
 * code is still cold. A piece of CHUNK findings is written as soon as it is made, so what is held stays small.
 */
const HOLD_UP_TO = 32 * 1024;

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
  /** Text made but not written yet (less than HOLD_UP_TO characters). */
  private held = '';

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
        this.write(chunk);
        chunk = '';
        inChunk = 0;
      }
    }
    if (chunk !== '') this.write(chunk);
  }

  /** Writes what is held: at the end, and before the run stops early (an internal error), as if never held. */
  flush(): void {
    if (this.held === '') return;
    const text = this.held;
    this.held = '';
    this.out(text);
  }

  /** Closes the JSON array (an empty one when nothing was printed) and writes everything. */
  end(): void {
    if (this.format === 'json') this.held += this.items === 0 ? '[]\n' : '\n]\n';
    this.flush();
  }

  private write(text: string): void {
    this.held += text;
    if (this.held.length >= HOLD_UP_TO) this.flush();
  }
}
