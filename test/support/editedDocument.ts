import type { AnalyzeInput } from '../../src/extension/offThread/analysisWorker';
import { applyEdits, type ChangeLogs, type TextEdit } from '../../src/extension/offThread/textChanges';

/**
 * A document as the editor holds it for the analysis worker: its text, version, and the log of its edits
 * (analysis.ts does the same), and how often the worker needed its whole text.
 */
export class EditedDocument {
  version = 1;
  wholeTextReads = 0;
  constructor(
    readonly uri: string,
    public text: string,
    readonly logs: ChangeLogs,
    readonly languageId: string,
    readonly hint: { readonly fileName?: string; readonly languageId?: string },
  ) {}

  edit(edits: readonly TextEdit[]): void {
    this.text = applyEdits(this.text, edits);
    this.logs.note(this.uri, ++this.version, edits);
  }

  /** The current version as the worker is asked to read it: the whole text only when it needs it, else the edits logged. */
  input(): AnalyzeInput {
    const version = this.version;
    return {
      version,
      languageId: this.languageId,
      locale: 'en',
      hint: this.hint,
      text: () => {
        this.wholeTextReads++;
        return version === this.version ? this.text : undefined;
      },
      length: this.text.length,
      changesSince: (from) => this.logs.between(this.uri, from, version),
      sent: () => this.logs.sent(this.uri, version),
    };
  }
}
