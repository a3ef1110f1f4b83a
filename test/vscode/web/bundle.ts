// The suites as one module for the web-worker extension host: bundled for the browser (no Node: a suite that
// imports a Node module fails to bundle, naming it), `vscode` left to the host, node:assert replaced by its
// browser form, and the run's settings baked in (runEnv.ts: the worker has no environment).
import * as esbuild from 'esbuild';
import { join } from 'node:path';
import { REPO_ROOT } from '../codeServer';
import { WEB_RUN_SETTINGS_GLOBAL } from '../suite/runEnv';

const TEST_SOURCES = join(REPO_ROOT, 'test', 'vscode');

/** node:assert/strict (what the suites import) becomes the browser form in test/vscode/web/assert.ts. */
const browserAssert: esbuild.Plugin = {
  name: 'browser-assert',
  setup(build) {
    build.onResolve({ filter: /^(node:)?assert(\/strict)?$/ }, () => ({ path: join(TEST_SOURCES, 'web', 'assert.ts') }));
  },
};

/**
 * The entry the bundle starts from: the web runner's own suite (webWorker.test.ts), then the given suites
 * of test/vscode/suite, each required only when run() loads it, once mocha is set up.
 */
function entrySource(suites: readonly string[]): string {
  const loaders = [
    `['web-worker host', () => require('./web/webWorker.test')]`,
    ...suites.map((name) => `[${JSON.stringify(name)}, () => require(${JSON.stringify(`./suite/${name}.test`)})]`),
  ];
  return `import { runWebSuites } from './web/index';\nexport function run(): Promise<void> {\n  return runWebSuites([\n    ${loaders.join(',\n    ')},\n  ]);\n}\n`;
}

/** Writes the bundle of `suites` to `outfile` (a `.js` file inside the extension's folder). */
export async function bundleWebSuites(outfile: string, suites: readonly string[], settings: Readonly<Record<string, string>>): Promise<void> {
  await esbuild.build({
    stdin: { contents: entrySource(suites), resolveDir: TEST_SOURCES, sourcefile: 'web-suites.ts', loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode'],
    outfile,
    define: { [WEB_RUN_SETTINGS_GLOBAL]: JSON.stringify(settings) },
    plugins: [browserAssert],
    logLevel: 'silent',
  });
}
