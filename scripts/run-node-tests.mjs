// Runs node's test runner over every *.test.js under the given folders of out/ (Node 20 has no glob
// support in `node --test`). A folder with no tests is an error, so a suite cannot silently vanish.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function testsUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testsUnder(path);
    return name.endsWith('.test.js') ? [path] : [];
  });
}

const folders = process.argv.slice(2);
const files = [];
for (const folder of folders) {
  const found = existsSync(folder) ? testsUnder(folder) : [];
  if (found.length === 0) {
    console.error(`no tests found under ${folder}`);
    process.exit(1);
  }
  files.push(...found.sort());
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
