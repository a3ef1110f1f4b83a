// The module the web-worker extension host loads for `npm run test:web` (a bundle the web runner builds,
// inside the extension's folder: VS Code runs the tests in the host of the extension they belong to). It runs
// the suites with mocha's browser build and reports each line of mocha's spec reporter through the console,
// marked, since the worker can write no file: VS Code forwards the console to the workbench's
// `codeAutomationLog`, where the runner picks the marked lines out (workbenchRun.ts).
import 'mocha/mocha.js';
import { preloadFixtures } from '../suite/preloadedFixtures';
import { GREP_ENV, REPORTER_LINE_MARK, runSetting } from '../suite/runEnv';

/** A suite by name, and how to load it (a `require` the bundler resolves): loaded only once mocha is set up. */
export type SuiteLoader = readonly [name: string, load: () => unknown];

/** printf as console.log does it, for the formats mocha's reporters use (%s, %d, %i, %j, %%). */
export function printf(...args: unknown[]): string {
  const [format, ...values] = args;
  if (typeof format !== 'string') return args.map(String).join(' ');
  let next = 0;
  const text = format.replace(/%[sdij%]/g, (directive) => {
    if (directive === '%%') return '%';
    if (next >= values.length) return directive;
    const value = values[next++];
    if (directive === '%j') return JSON.stringify(value);
    if (directive === '%d' || directive === '%i') return String(directive === '%i' ? Math.trunc(Number(value)) : Number(value));
    return String(value);
  });
  return [text, ...values.slice(next).map(String)].join(' ');
}

function report(line: string): void {
  console.log(`${REPORTER_LINE_MARK}${line}`);
}

export async function runWebSuites(suites: readonly SuiteLoader[]): Promise<void> {
  if (typeof process !== 'undefined') {
    // VS Code runs the tests in the host of the extension under development: a Node host here means the
    // workbench did not run the extension in the web worker (see remote.extensionKind in web/runner.ts).
    throw new Error('the web suites were loaded by a Node extension host, not by the web worker');
  }
  // Every reporter line, one console call each (a call with several lines is split, so that each keeps its mark).
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
    for (const line of printf(...args).split('\n')) report(line);
  };
  const grep = runSetting(GREP_ENV);
  mocha.setup({ ui: 'bdd', reporter: 'spec', color: false, timeout: 20_000, ...(grep ? { grep } : {}) });
  report(`web-worker extension host suites: ${suites.map(([name]) => name).join(', ')}`);
  await preloadFixtures(); // the suites read these while their tests are collected, i.e. when they load
  for (const [, load] of suites) load();
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} web extension-host test${failures === 1 ? '' : 's'} failed`);
}
