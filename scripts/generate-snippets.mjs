// Writes snippets/json.json from the grant templates (src/policy/snippets.ts). Never edit that file by hand:
// test/unit/snippets.test.ts regenerates it in memory and fails when the committed file differs.
import * as esbuild from 'esbuild';
import { writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Bundle the TypeScript source in memory, so the generator never reads a stale out/ folder.
const bundle = await esbuild.build({
  entryPoints: [join(root, 'src/policy/snippets.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  write: false,
  logLevel: 'warning',
});
const module = { exports: {} };
const source = bundle.outputFiles[0].text;
new Function('module', 'exports', 'require', source)(module, module.exports, createRequire(import.meta.url));

const target = join(root, 'snippets', 'json.json');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, module.exports.snippetFileText());
console.log(`wrote ${target}`);
