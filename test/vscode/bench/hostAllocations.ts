import { inspectorSession, keepProfile } from './measure';

/**
 * What the extension host allocates while a part of the bench runs, from V8's sampling heap profiler
 * (`HeapProfiler.startSampling`, objects collected since counted too): a load-independent measure beside the
 * wall-clock stalls, since what a host allocates sets how often and how long its garbage collector pauses it.
 * An allocation is the extension's when a frame of its bundle is on its stack (its own code, or what it called:
 * `new vscode.Diagnostic`, `DiagnosticCollection.set`'s conversion); one without any JavaScript frame is the
 * runtime's (a worker's message decoded before its handler runs lands there, as does VS Code's IPC).
 */

/** The parts of a sampling heap profile (`HeapProfiler.stopSampling`) read here. */
export interface SamplingHeapProfile {
  readonly head: HeapNode;
}

interface HeapNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  /** Bytes allocated at this frame itself (estimated from the samples, scaled by the sampling rate). */
  readonly selfSize: number;
  readonly children: readonly HeapNode[];
}

export interface HostAllocations {
  /** Every byte the host allocated in the window (estimated). */
  readonly total: number;
  /** Under a frame of the extension's bundle. */
  readonly extension: number;
  /** With no JavaScript frame on the stack. */
  readonly noStack: number;
  /** The extension's frames that allocated the most (the bundle's innermost frame on the stack): name → bytes. */
  readonly topOwn: readonly (readonly [string, number])[];
  /** Every frame that allocated the most (the innermost frame): `name url-tail` → bytes. */
  readonly topAll: readonly (readonly [string, number])[];
}

/** Sums the profile: the host's bytes, the extension's (`bundleUrl`: its bundle's URL prefix), and where they went. */
export function hostAllocations(profile: SamplingHeapProfile, bundleUrl: string): HostAllocations {
  let total = 0;
  let extension = 0;
  let noStack = 0;
  const own = new Map<string, number>();
  const all = new Map<string, number>();
  // The heap profile names scripts by path where the CPU profile has a file: URL.
  const bundlePath = bundleUrl.replace(/^file:\/\//, '');
  const visit = (node: HeapNode, ownFrame: string | undefined, depth: number): void => {
    const frame = node.callFrame.url.replace(/^file:\/\//, '').startsWith(bundlePath) ? `${node.callFrame.functionName || '(anonymous)'}:${node.callFrame.lineNumber}` : ownFrame;
    const size = node.selfSize;
    if (size > 0) {
      total += size;
      if (frame !== undefined) {
        extension += size;
        own.set(frame, (own.get(frame) ?? 0) + size);
      }
      // The root's own bytes and those of the runtime's pseudo-frames ("(V8 API)", "(GC)", "(root)") have no JavaScript frame above them.
      if (depth <= 1 && node.callFrame.url === '') noStack += size;
      const name = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').slice(-1)[0] ?? ''}:${node.callFrame.lineNumber}`;
      all.set(name, (all.get(name) ?? 0) + size);
    }
    for (const child of node.children) visit(child, frame, depth + 1);
  };
  visit(profile.head, undefined, 0);
  const top = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, 8);
  return { total, extension, noStack, topOwn: top(own), topAll: top(all) };
}

/** `12.3 MB` */
export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(2)} MB`;
}

/** One line of a bench row: bytes per edit, the extension's share, and its frames that allocated the most. */
export function describeAllocations(allocations: HostAllocations, edits: number): string {
  const per = (bytes: number) => megabytes(bytes / edits);
  const frames = (list: HostAllocations['topOwn']) => list.map(([name, bytes]) => `${name} ${per(bytes)}`).join(', ');
  return (
    `${per(allocations.total)} per edit on the host (${megabytes(allocations.total)} over ${edits} edits), under the extension's frames ${per(allocations.extension)}, ` +
    `without a JavaScript frame ${per(allocations.noStack)}; the extension's top frames: ${frames(allocations.topOwn) || 'none'}; all top frames: ${frames(allocations.topAll)}`
  );
}

/**
 * Samples the host's allocations from now to the returned function's call (every `interval` bytes on average),
 * objects already collected by then included; also written to <prefix>-<part>.heapprofile when
 * SES_GRANTS_BENCH_PROFILE=<prefix> asks for the file.
 */
export async function startHeapSampling(part: string, interval = 16 * 1024): Promise<() => Promise<SamplingHeapProfile>> {
  const session = await inspectorSession();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', { samplingInterval: interval, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  return async () => {
    const { profile } = await session.post('HeapProfiler.stopSampling');
    await session.post('HeapProfiler.disable');
    session.close();
    await keepProfile(`${part}.heapprofile`, profile);
    return profile as SamplingHeapProfile;
  };
}
