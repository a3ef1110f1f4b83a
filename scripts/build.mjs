// Builds everything the project runs: the shipped bundles (dist/) and a plain transpile of src/ and test/
// into out/ for the test runners. esbuild does both; `tsc --noEmit` is the type check.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';

function tsFilesUnder(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'vscode-server' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...tsFilesUnder(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) found.push(path);
  }
  return found;
}

const production = process.argv.includes('--production');
rmSync('out', { recursive: true, force: true });

const shipped = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  // jsonc-parser's UMD entry loads its parts with a dynamic require that a bundle cannot resolve; its ESM entry bundles.
  mainFields: ['module', 'main'],
};

/**
 * The web extension (package.json `browser`): the same entry for VS Code's web-worker extension host
 * (vscode.dev, github.dev, code-server), where there is no Node. `platform: 'browser'` makes the bundle fail
 * to build, rather than fail at run time, if a `node:` module creeps into the extension's code.
 */
const web = { ...shipped, platform: 'browser', target: 'es2022', mainFields: ['browser', 'module', 'main'] };

await Promise.all([
  esbuild.build({ ...shipped, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  esbuild.build({ ...web, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/web/extension.js', external: ['vscode'] }),
  esbuild.build({ ...shipped, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  esbuild.build({
    entryPoints: [...tsFilesUnder('src'), ...tsFilesUnder('test')],
    outdir: 'out',
    outbase: '.',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  }),
]);
