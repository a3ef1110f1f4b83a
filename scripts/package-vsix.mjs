// `npm run package:vsix`: builds the production bundle and packages the extension as
// ses-grants-<version>.vsix in the repository folder.
//
// Both steps run on copies under test/.work/, never on the repository's own dist/: other work in the same
// tree rebuilds dist/ in development mode at any moment. The bundle is built by the project's own build
// script (`node scripts/build.mjs --production`, minified, no source map) run in a folder holding a copy of
// src/; vsce then packages a staging folder holding only what .vscodeignore lets through (vsce walks every
// file of its folder before applying .vscodeignore, which in the repository means hundreds of MB of
// node_modules).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';
import { recompressZip, zipFiles } from './zip-recompress.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, 'test', '.work', 'vsix');
const buildDir = join(work, 'build');
const stage = join(work, 'stage');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsixName = `${manifest.name}-${manifest.version}.vsix`;
const vsix = join(root, vsixName);
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
/** The bundle is a CommonJS script: its top-level names are its own (module, exports and require are not declared there). */
const TERSER_OPTIONS = { module: false, toplevel: true, ecma: 2020, compress: { passes: 2 }, mangle: { toplevel: true }, format: { comments: false } };
/** Rounds of Zopfli's optimiser per entry: more gain a few hundred bytes in all and cost tens of seconds. */
const ZOPFLI_ITERATIONS = 5;

/** Everything the VSIX needs at run time; .vscodeignore (copied too) is the same list, for vsce itself. */
const SHIPPED = [
  'package.json', 'package.nls.json', 'package.nls.ja.json', 'l10n', 'snippets', 'schemas', 'syntaxes',
  // The Marketplace icon, the activity bar's icon of the grants view, and the walkthrough's pictures.
  join('images', 'icon.png'), join('images', 'view-icon.svg'), join('images', 'walkthrough'),
  'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore',
];
/** The extension bundle, package.json's `main` (Node host) and `browser` (web-worker host) alike. */
const BUNDLES = [join('dist', 'extension.js')];
/**
 * What the build writes beside the bundles: the Terraform parser's WebAssembly, loaded on first use, the rule
 * pages as one file (docs/rules/*.md, which the VSIX does not hold one by one) and the licences.
 */
const BESIDE_BUNDLES = [join('dist', 'web-tree-sitter.wasm'), join('dist', 'tree-sitter-terraform.wasm'), join('dist', 'rule-pages.json'), join('dist', 'THIRD-PARTY-NOTICES.md')];

/**
 * The README as the VSIX carries it: its pictures (docs/images/*.png) inlined as data: URIs. VS Code shows an
 * installed extension's README in a page that loads images only from https: or data: (a path inside the
 * extension is refused), and vsce can make relative links absolute only with a public repository URL, which
 * the project does not have. In the repository the README keeps its relative links.
 */
function readmeWithInlinedPictures(text) {
  const inlined = text.replace(/!\[([^\]]*)\]\((docs\/images\/[\w.-]+\.png)\)/g, (_whole, alt, path) => {
    const png = readFileSync(join(root, path));
    return `![${alt}](data:image/png;base64,${png.toString('base64')})`;
  });
  const relative = /!\[[^\]]*\]\((?!data:|https:)[^)]*\)/.exec(inlined);
  if (relative) throw new Error(`README.md shows a picture the extension's page cannot load: ${relative[0]} (put it in docs/images/ as a PNG)`);
  return inlined;
}

const started = Date.now();
const say = (message) => console.log(`[package:vsix ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);

rmSync(work, { recursive: true, force: true });
mkdirSync(join(buildDir, 'test'), { recursive: true });
cpSync(join(root, 'src'), join(buildDir, 'src'), { recursive: true });
cpSync(join(root, 'docs', 'rules'), join(buildDir, 'docs', 'rules'), { recursive: true }); // the build gathers them into dist/rule-pages.json
cpSync(join(root, 'package.json'), join(buildDir, 'package.json')); // the command-line tool reads its version from it
// The copy sits inside the repository, so its imports resolve to the repository's node_modules.
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production'], { cwd: buildDir, stdio: 'inherit' });
for (const bundlePath of BUNDLES) {
  mkdirSync(dirname(join(stage, bundlePath)), { recursive: true });
  // esbuild's minified bundle minified once more by terser (two compress passes, top-level names mangled):
  // about 3% smaller (4.6 KB in the VSIX), for a few seconds of packaging time.
  const minified = await minify(readFileSync(join(buildDir, bundlePath), 'utf8'), TERSER_OPTIONS);
  writeFileSync(join(stage, bundlePath), minified.code);
  const bundle = readFileSync(join(stage, bundlePath), 'utf8');
  // What --production promises: the minified bundle (long lines) without a source map.
  if (bundle.includes('sourceMappingURL') || bundle.length / bundle.split('\n').length < 500 || existsSync(join(buildDir, `${bundlePath}.map`))) {
    throw new Error(`${bundlePath} is not a production build`);
  }
  say(`production bundle ${bundlePath}: ${(bundle.length / 1024).toFixed(0)} KB, minified, no source map`);
}
for (const path of BESIDE_BUNDLES) cpSync(join(buildDir, path), join(stage, path));
for (const path of SHIPPED) {
  if (!existsSync(join(root, path))) throw new Error(`${path} is missing`);
  cpSync(join(root, path), join(stage, path), { recursive: true });
}

// Every picture the manifest names (icons, the walkthrough's media) is in the VSIX: VS Code shows nothing for a missing one.
const pictures = JSON.stringify(manifest).match(/[\w./-]+\.(?:png|svg)(?=")/g) ?? [];
const missing = pictures.filter((path) => !existsSync(join(stage, path)));
if (missing.length > 0) throw new Error(`package.json names pictures the VSIX would not hold: ${missing.join(', ')} (add them to SHIPPED)`);

writeFileSync(join(stage, 'README.md'), readmeWithInlinedPictures(readFileSync(join(root, 'README.md'), 'utf8')));
// package.json's `files` says what `npm pack` puts in the command-line package; vsce refuses it next to
// .vscodeignore, which says what the VSIX holds, so the VSIX's manifest goes without it. The npm scripts, the
// development dependencies and the command-line tool's `bin` are the repository's and npm's, never read by VS
// Code: left out, they leave room under the VSIX's 400 KB.
const { files: _npmFiles, scripts: _scripts, devDependencies: _devDependencies, bin: _bin, ...vsixManifest } = manifest;
writeFileSync(join(stage, 'package.json'), JSON.stringify(vsixManifest, null, 2) + '\n');

rmSync(vsix, { force: true });
execFileSync(
  process.execPath,
  // --no-dependencies: the bundle holds every dependency. --no-rewrite-relative-links: the README's links
  // stay relative (the project has no public repository URL to point them at).
  [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix],
  { cwd: stage, stdio: ['ignore', 'inherit', 'inherit'] },
);
const zlibSize = statSync(vsix).size;
writeFileSync(vsix, await recompressZip(readFileSync(vsix), ZOPFLI_ITERATIONS));

// The rule pages travel as one file, holding every page of docs/rules/ as it is; none as a file of its own.
const vsixFiles = zipFiles(readFileSync(vsix));
const pagesEntry = vsixFiles.find((file) => file.name === 'extension/dist/rule-pages.json');
if (!pagesEntry) throw new Error('the VSIX holds no extension/dist/rule-pages.json');
const pages = JSON.parse(pagesEntry.data.toString('utf8'));
const pageFiles = readdirSync(join(root, 'docs', 'rules')).filter((name) => name.endsWith('.md'));
const unlike = pageFiles.filter((name) => pages[name.slice(0, -'.md'.length)] !== readFileSync(join(root, 'docs', 'rules', name), 'utf8'));
if (unlike.length > 0 || Object.keys(pages).length !== pageFiles.length) {
  throw new Error(`the VSIX's rule-pages.json differs from docs/rules/ (${unlike.join(', ') || 'other ids'})`);
}
const loosePages = vsixFiles.filter((file) => file.name.startsWith('extension/docs/'));
if (loosePages.length > 0) throw new Error(`the VSIX holds docs pages one by one: ${loosePages.map((file) => file.name).join(', ')} (.vscodeignore)`);
say(`${relative(process.cwd(), vsix) || vsixName}: ${(statSync(vsix).size / 1024).toFixed(1)} KB (${(zlibSize / 1024).toFixed(1)} KB as vsce deflated it)`);
