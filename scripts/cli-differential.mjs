// Runs two builds of the CLI on the same folders and says where their output differs (stdout, stderr, exit code):
//   node scripts/cli-differential.mjs <old cli.js> [<new cli.js>, default dist/cli.js] [more folders...]
// Speed work on the CLI must print the same bytes: test/fixtures (the whole tree, each folder in it and each CLI
// fixture folder) and examples/, in each output format, with --quiet and with --fix-dry-run, run from the
// repository's root with the default thread choice (SES_GRANTS_THREADS=1 too, when it is set to 1 here).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const [oldCli, newCli = join(ROOT, 'dist', 'cli.js'), ...extra] = process.argv.slice(2).map((p) => resolve(p));
if (!oldCli) {
  console.error('usage: node scripts/cli-differential.mjs <old cli.js> [<new cli.js>]');
  process.exit(2);
}

function foldersUnder(dir, depth) {
  const out = [dir];
  if (depth === 0) return out;
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...foldersUnder(join(dir, entry.name), depth - 1));
  }
  return out;
}

const folders = [...foldersUnder('test/fixtures', 1), ...foldersUnder('test/fixtures/cli', 1).slice(1), 'examples', ...extra].filter((f) => statSync(resolve(ROOT, f)).isDirectory());
const variants = [
  ['--format', 'text'],
  ['--format', 'json'],
  ['--format', 'sarif'],
  ['--format', 'json', '--quiet'],
  ['--format', 'text', '--fix-dry-run'],
];
const threadChoices = process.env.SES_GRANTS_THREADS === '1' ? ['1', undefined] : [undefined];

function runCli(cli, args, threads) {
  const env = { ...process.env };
  if (threads === undefined) delete env.SES_GRANTS_THREADS;
  else env.SES_GRANTS_THREADS = threads;
  const result = spawnSync(process.execPath, [cli, 'lint', ...args], { cwd: ROOT, encoding: 'buffer', maxBuffer: 512 * 1024 * 1024, env });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let runs = 0;
let differences = 0;
for (const folder of folders) {
  for (const variant of variants) {
    for (const threads of threadChoices) {
      const args = [folder, ...variant];
      const a = runCli(oldCli, args, threads);
      const b = runCli(newCli, args, threads);
      runs++;
      const same = a.status === b.status && a.stdout.equals(b.stdout) && a.stderr.equals(b.stderr);
      if (!same) {
        differences++;
        console.log(`DIFFERS: lint ${args.join(' ')} (threads ${threads ?? 'default'}): exit ${a.status}/${b.status}, stdout ${a.stdout.length}/${b.stdout.length} B, stderr ${a.stderr.length}/${b.stderr.length} B`);
      }
    }
  }
}
console.log(`${runs} runs over ${folders.length} folders × ${variants.length} option sets × ${threadChoices.length} thread choices: ${differences} differ`);
process.exit(differences === 0 ? 0 : 1);
