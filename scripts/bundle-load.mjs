// Usage: node scripts/bundle-load.mjs [rounds] <bundle.js>...
// What loading the extension bundle costs outside the editor: each bundle is required in a fresh Node process
// with a stand-in `vscode` module (every name @types/vscode exports, as a do-nothing proxy), rounds interleaved
// (bundle A, bundle B, A, B…), and the CPU time of the `require` printed with the medians. The editor bench's
// activation row is wall time inside a busy extension host; this is the bundle's own compile and top-level run,
// so two builds (say dist/extension.js of two commits) can be compared on a loaded machine. For a count that
// does not move with the load at all, run one child under callgrind:
//   valgrind --tool=callgrind node --single-threaded scripts/bundle-load.mjs --child <bundle.js>
// and subtract the same run on an empty module.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

if (process.argv[2] === '--child') {
  const require = createRequire(import.meta.url);
  const Module = require('node:module');
  const declarations = readFileSync(join(ROOT, 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');
  const names = new Set([...declarations.matchAll(/^\s*export (?:namespace|class|enum|function|const|let|var) (\w+)/gm)].map((m) => m[1]));
  const handler = {
    get(target, property) {
      if (property === 'then') return undefined;
      if (!(property in target)) target[property] = new Proxy(function () {}, handler);
      return target[property];
    },
    construct: () => new Proxy(function () {}, handler),
    apply: () => new Proxy(function () {}, handler),
  };
  const vscode = Object.fromEntries([...names].map((name) => [name, new Proxy(function () {}, handler)]));
  const load = Module._load;
  Module._load = function (request, ...rest) {
    return request === 'vscode' ? vscode : load.call(this, request, ...rest);
  };
  const before = process.cpuUsage();
  require(resolve(process.argv[3]));
  const spent = process.cpuUsage(before);
  console.log(String((spent.user + spent.system) / 1000));
} else {
  const rounds = /^\d+$/.test(process.argv[2] ?? '') ? Number(process.argv[2]) : 5;
  const bundles = process.argv.slice(/^\d+$/.test(process.argv[2] ?? '') ? 3 : 2);
  if (bundles.length === 0) throw new Error('usage: node scripts/bundle-load.mjs [rounds] <bundle.js>...');
  const times = new Map(bundles.map((bundle) => [bundle, []]));
  for (let round = 0; round < rounds; round++) {
    for (const bundle of bundles) {
      const ms = Number(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', bundle], { encoding: 'utf8' }).trim());
      times.get(bundle).push(ms);
    }
  }
  for (const [bundle, list] of times) {
    const sorted = [...list].sort((a, b) => a - b);
    console.log(`${bundle}: median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms CPU (${list.map((ms) => ms.toFixed(1)).join(', ')})`);
  }
}
