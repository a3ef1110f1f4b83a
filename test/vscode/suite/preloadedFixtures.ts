// Fixture files that suites read while mocha collects their tests (to make one test per case), before any
// test runs. Collection is synchronous, and the web-worker extension host can read files only asynchronously
// (vscode.workspace.fs), so the suite index of each host reads these ahead, before the suites are loaded.
import { workspaceText } from './workspaceFiles';

/** Paths relative to test/vscode/workspace. */
export const PRELOADED_FIXTURES = ['codeActions/cases.json'] as const;
export type PreloadedFixture = (typeof PRELOADED_FIXTURES)[number];

const texts = new Map<PreloadedFixture, string>();

export async function preloadFixtures(): Promise<void> {
  for (const path of PRELOADED_FIXTURES) texts.set(path, await workspaceText(path));
}

export function preloadedJson<T>(path: PreloadedFixture): T {
  const text = texts.get(path);
  if (text === undefined) throw new Error(`${path} was not read ahead: the suite index calls preloadFixtures() before loading the suites`);
  return JSON.parse(text) as T;
}
