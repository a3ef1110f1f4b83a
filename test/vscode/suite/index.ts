// The mocha entry the extension host loads (`extensionTestsPath`): VS Code require()s this module inside the
// real extension host and awaits `run()`; a rejection is reported as a failed run (exit code 1). The same
// module serves code-server (test/vscode/runner.ts) and the desktop @vscode/test-electron runner (desktop.ts).
import { appendFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import { preloadFixtures } from './preloadedFixtures';
import { GREP_ENV, OUTPUT_FILE_ENV } from './runEnv';

function testFilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return testFilesUnder(path);
      return name.endsWith('.test.js') ? [path] : [];
    })
    .sort();
}

/**
 * mocha's reporters print through `Base.consoleLog`. In the extension host `console.log` reaches the
 * workbench (code-server) or the Electron main process (desktop), neither of which is a terminal the test
 * command owns, so every line also goes to the runner's output file when one is given.
 */
function teeReporterOutput(): void {
  const outputFile = process.env[OUTPUT_FILE_ENV];
  const consoleLog = console.log.bind(console);
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
    consoleLog(...args);
    if (outputFile) appendFileSync(outputFile, format(...args) + '\n');
  };
}

export async function run(): Promise<void> {
  teeReporterOutput();
  const grep = process.env[GREP_ENV];
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 20_000, ...(grep ? { grep } : {}) });
  const files = testFilesUnder(__dirname);
  if (files.length === 0) throw new Error(`no *.test.js files under ${__dirname}: was the project built?`);
  for (const file of files) mocha.addFile(file);
  Mocha.reporters.Base.consoleLog(`extension-host suites: ${files.map((f) => relative(__dirname, f)).join(', ')}`);
  await preloadFixtures(); // mocha.run() loads the suites, which read these while their tests are collected

  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} extension-host test${failures === 1 ? '' : 's'} failed`);
}
