// The cost of one code-action request on a large YAML template, against one lint of it.
//   node scripts/quickfix-cost.mjs [--callgrind] [--bytes N] [--runs N]
// Bundles test/bench/quickFixCost.ts with dist/'s esbuild settings into out/test/bench/quickfix-cost.js, then
// - with --callgrind: instructions (valgrind --tool=callgrind, node --single-threaded) of a process that only
//   analyses the template, one that lints it once more, and one that asks the request once; the differences are
//   a lint and a request, independent of the machine's load;
// - else: the request's time in `--runs` fresh processes (each its version's first request), and a lint's.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const bytes = option('--bytes', 1_000_000);
const runs = option('--runs', 5);
const outfile = join('out', 'test', 'bench', 'quickfix-cost.js');
await esbuild.build({
  entryPoints: [join('test', 'bench', 'quickFixCost.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  legalComments: 'none',
});

function instructions(mode, count) {
  const file = join('out', `quickfix-cost.${mode}.callgrind`);
  execFileSync('valgrind', ['--tool=callgrind', `--callgrind-out-file=${file}`, 'node', '--single-threaded', outfile, mode, String(count), String(bytes)], { stdio: ['ignore', 'ignore', 'ignore'] });
  const total = /^summary:\s+(\d+)/m.exec(readFileSync(file, 'utf8'))?.[1];
  rmSync(file, { force: true });
  return Number(total);
}

function run(mode, count) {
  return JSON.parse(execFileSync('node', [outfile, mode, String(count), String(bytes)], { encoding: 'utf8' }).trim());
}

if (args.includes('--callgrind')) {
  const setup = instructions('setup', 0);
  const lint = instructions('lint', 1) - setup;
  const request = instructions('fix', 1) - setup;
  const m = (n) => `${(n / 1e6).toFixed(0)} M`;
  console.log(`template of ${bytes} bytes: a lint ${m(lint)} instructions; one code-action request at its first finding ${m(request)} = ${(request / lint).toFixed(2)} lints`);
} else {
  const requests = [];
  const lints = [];
  for (let i = 0; i < runs; i++) {
    requests.push(run('fix', 1).msEach);
    lints.push(run('lint', 1).msEach);
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  console.log(`template of ${bytes} bytes, ${runs} fresh processes each, interleaved: request ${median(requests)} ms median (${requests.join(', ')}), lint ${median(lints)} ms median (${lints.join(', ')})`);
}
