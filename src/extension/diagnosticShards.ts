/**
 * A document's diagnostics split over several DiagnosticCollections ("shards"), each holding the diagnostics
 * of a band of lines. VS Code's `DiagnosticCollection.set` converts and sends every diagnostic of the document
 * in that collection, in one synchronous call: with the ~1,000 diagnostics of a 1 MB CloudFormation template it
 * was the extension's longest synchronous run while typing with the analysis in the worker (editor bench,
 * template mode: 59 ms quiet, 81 ms loaded, all of it inside `set`: marker conversion and the RPC message's
 * serialization). An edit changes the diagnostics of one place, so only the shards whose diagnostics changed
 * are set, each in a synchronous run of its own; an edit that moves lines sets the bands below it, one per run.
 * VS Code's cap of 1,000 diagnostics per file and collection (the rest reach the Problems view as one "not
 * showing N further" note) then applies per band: every diagnostic of a document with more is shown (the list
 * `getDiagnostics` returns, uncapped on the extension host's side, is the same as before).
 * No `vscode` here: the caller gives the line of a diagnostic.
 */

/**
 * The diagnostics a band aims at. VS Code's `set` converts every diagnostic of the band it is given (two object
 * copies and a serialized code Uri each): at 250, the one band an edit of a finding sets was ~0.9 MB of the
 * extension host's allocations per edit in the 1 MB template's editor bench (heap sampling), the largest
 * share of the extension's. At 100, a ~1,000-diagnostic template has ~11 bands, one set per such edit.
 */
export const SHARD_TARGET = 100;

/** A band holding more than this after edits moved diagnostics around gets the bands laid out again. */
const SHARD_MOST = 2 * SHARD_TARGET;

/**
 * The first line of every band after the first, for diagnostics at `lines` (ascending): a new band every
 * SHARD_TARGET diagnostics, at a line where the previous band ends (diagnostics of one line stay in one band).
 */
export function bandStarts(lines: readonly number[]): number[] {
  const starts: number[] = [];
  for (let i = SHARD_TARGET; i < lines.length; i += SHARD_TARGET) {
    const line = lines[i]!;
    if (line > (starts.at(-1) ?? lines[0]!)) starts.push(line);
  }
  return starts;
}

/** The items in bands (`starts` as bandStarts gives them), in their order; `lineOf` ascending over the items. */
export function inBands<T>(items: readonly T[], lineOf: (item: T) => number, starts: readonly number[]): T[][] {
  const bands: T[][] = [[]];
  let band = 0;
  // Indexed: run once per edit on the extension host, unoptimized, where `for…of` allocates per item.
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const line = lineOf(item);
    while (band < starts.length && line >= starts[band]!) {
      band++;
      bands.push([]);
    }
    bands[band]!.push(item);
  }
  while (bands.length < starts.length + 1) bands.push([]);
  return bands;
}

/** Whether a band grew past what one set should carry: the bands are then laid out again from the lines. */
export function overfull(bands: readonly (readonly unknown[])[]): boolean {
  return bands.some((band) => band.length > SHARD_MOST);
}

/** The indexes of the bands whose items are not the very objects set last (same objects, same order). */
export function changedBands<T>(before: readonly (readonly T[])[], after: readonly (readonly T[])[]): number[] {
  const changed: number[] = [];
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    const a = before[i];
    const b = after[i];
    if (!a || !b || a.length !== b.length || a.some((item, j) => item !== b[j])) changed.push(i);
  }
  return changed;
}
