import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { RULES } from '../../src/policy/catalogue';
import { FIXTURES, REPO_ROOT } from '../support/paths';

/**
 * The installable package (`npm run test:package`, run by CI after the other tests): `npm pack` of the project
 * holds the command-line bundle, the rule pages it links to, the licence and the README, and nothing else;
 * installed from the tarball into an empty prefix with no registry and an empty npm cache, `ses-grants lint`
 * and `ses-grants lint --fix` work there.
 *
 * `npm pack` builds the production bundle first (the `prepack` script). It runs on a copy of the sources
 * under test/.work/, never in the repository itself, whose dist/ and out/ other commands rebuild at any
 * moment; inside the repository, the copy's build still finds the installed build tools.
 */
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const STAGE_SOURCES = ['package.json', 'README.md', 'LICENSE', 'src', join('docs', 'rules'), join('scripts', 'build.mjs'), 'tsconfig.json'];

interface PackResult {
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

function npm(args: readonly string[], cwd: string, extraEnv: Record<string, string> = {}): string {
  const run = spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, ...extraEnv, npm_config_update_notifier: 'false' } });
  assert.equal(run.status, 0, `npm ${args.join(' ')} failed:\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

test('npm pack, then npm install -g of the tarball into an empty folder, offline: lint and lint --fix work there', () => {
  const stage = join(REPO_ROOT, 'test', '.work', 'pack');
  const outside = mkdtempSync(join(tmpdir(), 'ses-grants-package-'));
  try {
    rmSync(stage, { recursive: true, force: true });
    mkdirSync(join(stage, 'test'), { recursive: true });
    for (const path of STAGE_SOURCES) cpSync(join(REPO_ROOT, path), join(stage, path), { recursive: true });

    const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', outside], stage)) as PackResult[];
    const { filename, files } = packed[0]!;
    assert.equal(filename, `${manifest.name}-${manifest.version}.tgz`);
    const expected = [
      'LICENSE',
      'README.md',
      'dist/THIRD-PARTY-NOTICES.md',
      'dist/cli.js',
      'dist/tree-sitter-terraform.wasm',
      'dist/web-tree-sitter.wasm',
      'package.json',
      ...RULES.map((rule) => `docs/rules/${rule.id}.md`),
    ].sort();
    assert.deepEqual(files.map((file) => file.path).sort(), expected, 'only the CLI bundle with the parser files it loads and their licences, the rule pages it links to, the licence and the README');
    const tarball = join(outside, filename);

    const packedManifest = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })) as {
      bin: Record<string, string>;
      dependencies?: Record<string, string>;
    };
    assert.deepEqual(packedManifest.bin, { 'ses-grants': 'dist/cli.js' });
    assert.deepEqual(packedManifest.dependencies ?? {}, {}, 'the bundle holds every dependency: installing fetches nothing');
    const bundle = execFileSync('tar', ['-xzOf', tarball, 'package/dist/cli.js'], { encoding: 'utf8' });
    assert.ok(bundle.startsWith('#!/usr/bin/env node\n'));
    assert.doesNotMatch(bundle, /sourceMappingURL/, 'the production bundle');

    // An empty prefix, an empty cache and no registry: nothing can come from anywhere but the tarball.
    const prefix = join(outside, 'prefix');
    npm(['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], outside, {
      npm_config_cache: join(outside, 'cache'),
      npm_config_registry: 'http://127.0.0.1:9/',
    });
    const bin = join(prefix, 'bin', 'ses-grants');
    const work = join(outside, 'work');
    cpSync(join(FIXTURES, 'cli', 'fix', 'values', 'input'), work, { recursive: true });
    const run = (args: readonly string[]) => spawnSync(bin, args, { cwd: work, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' } });

    assert.equal(run(['--version']).stdout, `${manifest.version}\n`);
    const lint = run(['lint']);
    assert.equal(lint.status, 1, lint.stderr);
    assert.match(lint.stdout, /^bucket\.json:9:19 error s3-resource-not-object-arn /m);
    // The installed tool fixes as the repository's build does: the exit code, stderr and files expected of it.
    const values = join(FIXTURES, 'cli', 'fix', 'values');
    const fix = run(['lint', '--fix']);
    assert.equal(String(fix.status), readFileSync(join(values, 'expected-status.txt'), 'utf8').trim(), fix.stderr);
    assert.equal(fix.stderr, readFileSync(join(values, 'expected-stderr.txt'), 'utf8'));
    const fixedFiles = readdirSync(join(values, 'expected'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    assert.ok(fixedFiles.length >= 3);
    for (const entry of fixedFiles) {
      const file = relative(join(values, 'expected'), join(entry.parentPath, entry.name));
      assert.equal(readFileSync(join(work, file), 'utf8'), readFileSync(join(values, 'expected', file), 'utf8'), file);
    }
    // The pages the findings link to are installed beside the tool.
    const installed = join(prefix, 'lib', 'node_modules', manifest.name);
    assert.deepEqual(readdirSync(join(installed, 'docs', 'rules')).sort(), RULES.map((rule) => `${rule.id}.md`).sort());
    writeFileSync(join(work, 'empty.json'), '{}\n');
    assert.equal(run(['lint', 'empty.json']).status, 0);
    // Terraform's parser is WebAssembly shipped beside the bundle: it loads from the installed package.
    cpSync(join(FIXTURES, 'rules', 's3-missing-source-conditions', 'fires-terraform.tf'), join(work, 'main.tf'));
    const terraform = run(['lint', 'main.tf']);
    assert.equal(terraform.status, 1, terraform.stderr);
    assert.match(terraform.stdout, /^main\.tf:\d+:\d+ error s3-missing-source-conditions /m);
  } finally {
    rmSync(outside, { recursive: true, force: true });
    rmSync(stage, { recursive: true, force: true });
  }
});
