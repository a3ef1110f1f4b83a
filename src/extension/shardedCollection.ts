import * as vscode from 'vscode';
import { bandStarts, changedBands, inBands, overfull } from './diagnosticShards';

/** What a document's bands hold as last set: where they start, and each band's objects. */
interface Banded {
  readonly starts: readonly number[];
  readonly bands: (readonly vscode.Diagnostic[])[];
}

/**
 * The extension's diagnostics of each document, in one DiagnosticCollection per band of lines
 * (diagnosticShards.ts): a document with up to SHARD_TARGET diagnostics uses the first collection only, as
 * with one collection; a larger one has only its changed bands set, one per synchronous run.
 */
export class ShardedCollection implements vscode.Disposable {
  private readonly collections: vscode.DiagnosticCollection[];
  private readonly banded = new Map<string, Banded>();

  constructor(private readonly name: string) {
    this.collections = [vscode.languages.createDiagnosticCollection(name)];
  }

  /**
   * Sets the document's diagnostics (in document order): the bands that changed, the first one now and each
   * other after a pause (the next macrotask), `current` asked after each pause. False when `current` said no
   * there: some bands then show the newer list, the others the older one, until the next call sets them.
   * Otherwise how many bands were set.
   */
  async set(uri: vscode.Uri, diagnostics: readonly vscode.Diagnostic[], current: () => boolean): Promise<number | false> {
    const key = uri.toString();
    const before = this.banded.get(key);
    const lineOf = (d: vscode.Diagnostic) => d.range.start.line;
    let starts = before?.starts ?? bandStarts(diagnostics.map(lineOf));
    let bands = inBands(diagnostics, lineOf, starts);
    if (overfull(bands)) bands = inBands(diagnostics, lineOf, (starts = bandStarts(diagnostics.map(lineOf))));
    // The first band is always set once (`has` says whether the document has diagnostics of ours at all).
    const changed = before ? changedBands(before.bands, bands) : bands.map((_, i) => i);
    const setBands = [...(before?.bands ?? [])];
    for (const [n, index] of changed.entries()) {
      if (n > 0) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (!current()) {
          // What each collection holds now, whichever version it came from: the next call compares with that.
          this.banded.set(key, { starts, bands: setBands });
          return false;
        }
      }
      const band = bands[index] ?? [];
      this.collectionAt(index).set(uri, band);
      setBands[index] = band;
    }
    this.banded.set(key, { starts, bands: setBands.slice(0, Math.max(bands.length, 1)) });
    // Bands past the new last one (the bands were laid out again, fewer of them) were emptied above.
    return changed.length;
  }

  has(uri: vscode.Uri): boolean {
    return this.collections[0]!.has(uri);
  }

  delete(uri: vscode.Uri): void {
    this.banded.delete(uri.toString());
    for (const collection of this.collections) collection.delete(uri);
  }

  dispose(): void {
    this.banded.clear();
    for (const collection of this.collections) collection.dispose();
  }

  private collectionAt(index: number): vscode.DiagnosticCollection {
    while (this.collections.length <= index) this.collections.push(vscode.languages.createDiagnosticCollection(`${this.name}-${this.collections.length + 1}`));
    return this.collections[index]!;
  }
}
