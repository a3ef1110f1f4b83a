// Loads a TypeScript module of src/ for the generators (snippets, schema): bundled in memory with esbuild from
// the source itself, so a generator never reads a stale out/ folder.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function loadSource(entry) {
  const bundle = await esbuild.build({
    entryPoints: [join(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'warning',
    // jsonc-parser's UMD entry loads its parts with a dynamic require that a bundle cannot resolve (as in build.mjs).
    mainFields: ['module', 'main'],
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', bundle.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
  return module.exports;
}
