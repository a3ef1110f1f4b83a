import type { TextEdit } from './textChanges';

/**
 * Each document's length in characters at its latest version, carried from version to version by its change
 * events (an edit adds its text's length and takes away its range's). The analysis cache reads a document's
 * length on every version (the worker's threshold, the edits' check, the job's timeout); asking the document
 * for the offset of its end made the extension host sum the lengths of every line after the edit again
 * (2-8 ms per version of a 1.5 MB policy, editor bench). No `vscode` here.
 */
export class DocumentLengths {
  private readonly known = new Map<string, { readonly version: number; readonly length: number }>();

  /** The length of this version of the document, if it is the version known. */
  lengthOf(uri: string, version: number): number | undefined {
    const known = this.known.get(uri);
    return known?.version === version ? known.length : undefined;
  }

  /** The length of a version, measured by the caller: the next versions' follow from their edits. */
  set(uri: string, version: number, length: number): void {
    this.known.set(uri, { version, length });
  }

  /** A change event of a document: `version` is the version it made. A version missed leaves the length unknown. */
  note(uri: string, version: number, edits: readonly TextEdit[]): void {
    const known = this.known.get(uri);
    if (!known) return;
    if (version !== known.version + 1) {
      this.known.delete(uri);
      return;
    }
    let length = known.length;
    for (const edit of edits) length += edit.text.length - edit.length;
    this.known.set(uri, { version, length });
  }

  forget(uri: string): void {
    this.known.delete(uri);
  }

  clear(): void {
    this.known.clear();
  }
}
