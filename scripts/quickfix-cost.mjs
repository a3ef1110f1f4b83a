// The cost of code-action requests on a large YAML template and a large JSON policy, against one lint of each.
//   node scripts/quickfix-cost.mjs [--callgrind] [--bytes N] [--runs N] [--subject template|policy]
// Bundles test/bench/quickFixCost.ts with dist/'s esbuild settings into out/test/bench/quickfix-cost.js, then
// - with --callgrind: instructions (valgrind --tool=callgrind, node --single-threaded) of processes that analyse
//   the file, then do one thing more (lint it again; ask one request, or two; read ahead what the worker reads
//   after the diagnostics, then ask one): the differences from the analysis alone are independent of the
//   machine's load. Two processes run at once;
// - else: the first request's time in `--runs` fresh processes, with and without the read-ahead, and a lint's.
import * as esbuild from 'esbuild';
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const bytes = Number(option('--bytes', 1_000_000));
const runs = Number(option('--runs', 5));
const subjects = option('--subject') ? [option('--subject')] : ['template', 'policy'];
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

async function instructions(subject, mode, count) {
  const file = join('out', `quickfix-cost.${subject}.${mode}.${count}.callgrind`);
  await promisify(execFile)('valgrind', ['--tool=callgrind', `--callgrind-out-file=${file}`, 'node', '--single-threaded', outfile, mode, String(count), String(bytes), subject]);
  const total = /^summary:\s+(\d+)/m.exec(readFileSync(file, 'utf8'))?.[1];
  rmSync(file, { force: true });
  return Number(total);
}

function run(subject, mode, count) {
  return JSON.parse(execFileSync('node', [outfile, mode, String(count), String(bytes), subject], { encoding: 'utf8' }).trim());
}

const m = (n) => `${(n / 1e6).toFixed(0)} M`;
if (args.includes('--callgrind')) {
  for (const subject of subjects) {
    const planned = [['setup', 0], ['lint', 1], ['fix', 1], ['fix', 2], ['ahead', 0], ['aheadfix', 1]];
    const counts = [];
    for (let i = 0; i < planned.length; i += 2) counts.push(...(await Promise.all(planned.slice(i, i + 2).map(([mode, count]) => instructions(subject, mode, count)))));
    const [setup, lint, fix1, fix2, ahead, aheadFix] = counts;
    const lintCost = lint - setup;
    const row = (name, n) => `  ${name}: ${m(n)} = ${(n / lintCost).toFixed(3)} lints`;
    console.log(`${subject} of ${bytes} bytes: a lint ${m(lintCost)} instructions`);
    console.log(row("the version's first code-action request at its first finding, nothing read ahead", fix1 - setup));
    console.log(row('the second request', fix2 - fix1));
    console.log(row("the worker's read-ahead after the diagnostics (between its messages)", ahead - setup));
    console.log(row('the first request after the read-ahead', aheadFix - ahead));
  }
} else {
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  for (const subject of subjects) {
    const cold = [];
    const warm = [];
    const lints = [];
    for (let i = 0; i < runs; i++) {
      cold.push(run(subject, 'fix', 1).msEach);
      warm.push(run(subject, 'aheadfix', 1).msEach - run(subject, 'ahead', 0).msEach);
      lints.push(run(subject, 'lint', 1).msEach);
    }
    console.log(`${subject} of ${bytes} bytes, ${runs} fresh processes each, interleaved: first request ${median(cold)} ms median (${cold.join(', ')}); after the read-ahead ~${median(warm).toFixed(1)} ms; lint ${median(lints)} ms median (${lints.join(', ')})`);
  }
}
