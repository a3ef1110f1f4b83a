// Builds everything the project runs: the shipped bundles (dist/) and a plain transpile of src/ and test/
// into out/ for the test runners. esbuild does both; `tsc --noEmit` is the type check.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
const BENCH_ENTRY = join('test', 'bench', 'bench.ts');
rmSync('out', { recursive: true, force: true });
// Earlier builds wrote a second extension bundle for the web host there; one bundle serves both hosts now.
rmSync(join('dist', 'web'), { recursive: true, force: true });

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
 * The extension bundle, one file for both of VS Code's extension hosts: package.json's `main` (the Node host)
 * and `browser` (the web-worker host of vscode.dev, github.dev, code-server) name the same dist/extension.js.
 * The extension's code needs nothing from Node (the Terraform parser's WebAssembly is read through
 * vscode.workspace.fs), so one browser-platform build serves both, and the VSIX carries it once instead of two
 * near-identical copies. `platform: 'browser'` makes the build fail, rather than the web host at run time, if a
 * `node:` module creeps into the extension's code.
 */
const extensionBundle = { ...shipped, platform: 'browser', target: 'es2022', mainFields: ['browser', 'module', 'main'] };

const bundles = await Promise.all([
  esbuild.build({ ...extensionBundle, metafile: true, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  esbuild.build({ ...shipped, metafile: true, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // The benchmark times the code as it ships: bundled with the shipped bundles' own settings (one scope, no
  // module getters between the linter's parts), not the per-file transpile the tests run.
  // A staged copy for npm pack holds no test/: nothing to bundle there.
  ...(existsSync(BENCH_ENTRY) ? [esbuild.build({ ...shipped, entryPoints: [BENCH_ENTRY], outfile: 'out/test/bench/bench.js', sourcemap: 'inline', minify: true })] : []),
  esbuild.build({
    entryPoints: [...tsFilesUnder('src'), ...tsFilesUnder('test').filter((path) => path !== BENCH_ENTRY)],
    outdir: 'out',
    outbase: '.',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  }),
]);

// Terraform's parser: tree-sitter's runtime and the Terraform grammar, WebAssembly files the bundles read
// from their own folder when the first Terraform file is linted (src/formats/terraform/wasmFiles.ts).
const require = createRequire(import.meta.url);
mkdirSync('dist', { recursive: true });
for (const wasm of ['web-tree-sitter/web-tree-sitter.wasm', '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm']) {
  const path = require.resolve(wasm);
  copyFileSync(path, join('dist', basename(path)));
}

// The rule pages the extension opens (src/extension/rulePages.ts), one JSON object `{ id: page text }` instead
// of 52 files: the VSIX deflates each entry alone, and the pages deflated together take a third of the space
// (about 20 KB instead of 59 KB). docs/rules/ stays the source: the command-line tool's and SARIF's links, and
// the npm package, name its files.
const RULE_PAGES = join('docs', 'rules');
const rulePages = {};
for (const name of readdirSync(RULE_PAGES).filter((file) => file.endsWith('.md')).sort()) {
  rulePages[name.slice(0, -'.md'.length)] = readFileSync(join(RULE_PAGES, name), 'utf8');
}
writeFileSync(join('dist', 'rule-pages.json'), JSON.stringify(rulePages));

// The licences of what the bundles and the WebAssembly files contain: every runtime dependency (the Terraform
// grammar's Apache-2.0 among them), written beside them and shipped with them.
const repository = join(dirname(fileURLToPath(import.meta.url)), '..');
// Every package a shipped bundle contains, read off esbuild's own account of its inputs (the packages are
// devDependencies: nothing is installed with the package, everything it runs is in the bundles).
const bundled = new Set();
for (const bundle of bundles.filter((result) => result.metafile)) {
  for (const input of Object.keys(bundle.metafile.inputs)) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) bundled.add(match[1]);
  }
}
bundled.add('@tree-sitter-grammars/tree-sitter-hcl');
const notices = [
  '# Third-party notices',
  '',
  'cli.js and extension.js bundle the packages below, and web-tree-sitter.wasm and tree-sitter-terraform.wasm are',
  'files of the packages web-tree-sitter and @tree-sitter-grammars/tree-sitter-hcl. Their licences follow.',
];
/** Where Node would find an installed package from this repository (a copy of it, too, as npm pack builds one). */
function packageFolder(name) {
  for (let dir = repository; ; dir = dirname(dir)) {
    const folder = join(dir, 'node_modules', name);
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(dir) === dir) throw new Error(`${name} is not installed`);
  }
}
for (const name of [...bundled].sort()) {
  const folder = packageFolder(name);
  const own = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  const licenceFile = readdirSync(folder).find((file) => /^licen[cs]e([-.][\w.-]+)?$/i.test(file));
  if (!licenceFile) throw new Error(`${name} ships no licence file`);
  notices.push('', `## ${name} ${own.version} (${own.license})`, '', '```', readFileSync(join(folder, licenceFile), 'utf8').trimEnd(), '```');
}
writeFileSync(join('dist', 'THIRD-PARTY-NOTICES.md'), notices.join('\n') + '\n');
