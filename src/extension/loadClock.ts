/**
 * When the bundle started to evaluate: the first module extension.ts imports, so that its time is taken before
 * any other module of the bundle runs (ES module evaluation follows import order; the bundle keeps it). The
 * editor bench reads how long loading and activating took through the extension's exports, since VS Code
 * activates the extension at start-up, before any test can time it from outside.
 */
export const BUNDLE_EVALUATION_STARTED = performance.now();
