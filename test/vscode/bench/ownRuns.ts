/**
 * The extension's own synchronous runs in a CPU profile of the extension host: the whole-host stall the bench's
 * ticker sees holds VS Code's own work on the edit (the document model, the JSON language client, the
 * renderer's messages) and every other extension's, so the row "caused by the extension" is read from the
 * profile instead. A sample is the extension's when a frame of its bundle is on the sample's stack (its own
 * code, or what it called: `getText`, `postMessage`, `DiagnosticCollection.set`); a run is a stretch of such
 * samples with nothing else between them but garbage collection, which belongs to the run it interrupts.
 * The time VS Code spends later because of what the extension did (sending the diagnostics to the
 * workbench in a batch of its own) is not counted: it runs without the extension's frames.
 */

/** The parts of a V8 CPU profile (`Profiler.stop`) read here. */
export interface CpuProfile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: { readonly functionName: string; readonly url: string }; readonly children?: readonly number[] }[];
  readonly samples: readonly number[];
  /** Microseconds before each sample (the first from the profile's start). */
  readonly timeDeltas: readonly number[];
}

export interface OwnRun {
  readonly ms: number;
  /** The extension's innermost frame that took the most samples of the run: where it was. */
  readonly where: string;
}

/** The longest run of the extension's code (`bundleUrl`: the prefix of its bundle's script URL) in the profile. */
export function longestOwnRun(profile: CpuProfile, bundleUrl: string): OwnRun {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const ownFrame = new Map<number, string | undefined>();
  /** The innermost frame of the bundle on the node's stack, if any. */
  const ownFrameOf = (id: number): string | undefined => {
    if (ownFrame.has(id)) return ownFrame.get(id);
    const node = byId.get(id)!;
    const parent = parentOf.get(id);
    const frame = node.callFrame.url.startsWith(bundleUrl) ? node.callFrame.functionName || '(anonymous)' : parent === undefined ? undefined : ownFrameOf(parent);
    ownFrame.set(id, frame);
    return frame;
  };
  let longest: OwnRun = { ms: 0, where: 'none' };
  let run: { ms: number; frames: Map<string, number> } | undefined;
  /** Garbage collection after the run's last sample: the run's only if the run goes on after it. */
  let collecting = 0;
  const close = () => {
    if (run && run.ms > longest.ms) longest = { ms: run.ms, where: [...run.frames].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'none' };
    run = undefined;
    collecting = 0;
  };
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    // A sample stands for the time until the next one.
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const frame = ownFrameOf(id);
    if (frame !== undefined) {
      run ??= { ms: 0, frames: new Map() };
      run.ms += ms + collecting;
      collecting = 0;
      run.frames.set(frame, (run.frames.get(frame) ?? 0) + ms);
    } else if (run && byId.get(id)!.callFrame.functionName === '(garbage collector)') collecting += ms;
    else close();
  }
  close();
  return longest;
}
