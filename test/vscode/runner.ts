// `npm run test:vscode`: runs the mocha suites of test/vscode/suite inside the real Node extension host of
// VS Code 1.100.3 (code-server), with the extension loaded unpacked from this repository (workbenchRun.ts).
// `SES_GRANTS_VSCODE_ENTRY` names another entry under out/ (the editor benchmark uses it).
//
// The suites run from a copy of out/ in the run folder: other work in the same tree rebuilds out/ (the build
// empties it first), which would otherwise pull the suites away from a run in progress.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './codeServer';
import { exitWith, runInWorkbench } from './workbenchRun';

const BUILD_OUT = join(REPO_ROOT, 'out');
/** What the extension host runs: the mocha suites, or another entry such as the editor benchmark. */
const ENTRY_IN_OUT = process.env['SES_GRANTS_VSCODE_ENTRY'] ?? join('test', 'vscode', 'suite', 'index');
const LABEL = 'test:vscode';

exitWith(
  LABEL,
  runInWorkbench({
    label: LABEL,
    runKind: 'exthost',
    extensionBundle: join('dist', 'extension.js'),
    reporterLines: 'output-file',
    prepare(runDir) {
      const outCopy = join(runDir, 'out');
      cpSync(BUILD_OUT, outCopy, { recursive: true });
      return join(outCopy, ENTRY_IN_OUT);
    },
  }).then((passed) => {
    console.log(`[${LABEL}] extension-host run ${passed ? 'passed' : 'FAILED'}`);
    return passed;
  }),
);
