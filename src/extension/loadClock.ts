/**
 * When the bundle started to evaluate: the first module extension.ts imports, so that its time is taken before
 * any other module of the bundle runs (ES module evaluation follows import order; the bundle keeps it). The
 * editor bench reads how long loading and activating took through the extension's exports, since VS Code
 * activates the extension at start-up, before any test can time it from outside.
 */
export const BUNDLE_EVALUATION_STARTED = performance.now();
/** The same moment as CPU time of the extension host's process (see processCpuMs). */
export const BUNDLE_EVALUATION_STARTED_CPU = processCpuMs();

/**
 * The CPU time the extension host's process has used (all its threads), in ms; undefined in the web-worker host,
 * which has no `process`. The editor bench reports it beside the wall time: on a loaded machine the wall time
 * of the same bundle's evaluation spans 33-332 ms (time spent waiting for a core), its CPU time far less.
 */
export function processCpuMs(): number | undefined {
  const usage = (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } }).process?.cpuUsage?.();
  return usage === undefined ? undefined : (usage.user + usage.system) / 1000;
}
