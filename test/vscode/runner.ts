// `npm run test:vscode`: runs the mocha suites of test/vscode/suite inside the real Node extension host of
// VS Code 1.100.3 (code-server), with the extension loaded unpacked from this repository (workbenchRun.ts).
// `SES_GRANTS_VSCODE_ENTRY` names another entry under out/ (the editor benchmark uses it).
//
// The suites run from a copy of out/ in the run folder: other work in the same tree rebuilds out/ (the build
// empties it first), which would otherwise pull the suites away from a run in progress.
//
// A second workbench then opens the same folder with workspace trust on and never granted, and runs the
// untrusted-workspace suite alone there (suite/untrustedWorkspace.test.ts): the suites' own workbench trusts
// its folder, as every other suite needs.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './codeServer';
import { GREP_ENV, UNTRUSTED_RUN_ENV, UNTRUSTED_SUITE_TITLE } from './suite/runEnv';
import { exitWith, runInWorkbench, type WorkbenchRun } from './workbenchRun';

const BUILD_OUT = join(REPO_ROOT, 'out');
/** What the extension host runs: the mocha suites, or another entry such as the editor benchmark. */
const ENTRY_IN_OUT = process.env['SES_GRANTS_VSCODE_ENTRY'] ?? join('test', 'vscode', 'suite', 'index');
const LABEL = 'test:vscode';

const RUN: WorkbenchRun = {
  label: LABEL,
  runKind: 'exthost',
  extensionBundle: join('dist', 'extension.js'),
  reporterLines: 'output-file',
  prepare(runDir) {
    const outCopy = join(runDir, 'out');
    cpSync(BUILD_OUT, outCopy, { recursive: true });
    return join(outCopy, ENTRY_IN_OUT);
  },
};

const UNTRUSTED_LABEL = `${LABEL} (untrusted workspace)`;
const UNTRUSTED_RUN: WorkbenchRun = {
  ...RUN,
  label: UNTRUSTED_LABEL,
  runKind: 'exthost-untrusted',
  // A fresh user-data folder has trusted nothing; no prompt or banner waits for an answer.
  server: () => ({
    workspaceTrust: true,
    userSettings: { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' },
  }),
  env: { [UNTRUSTED_RUN_ENV]: '1', [GREP_ENV]: UNTRUSTED_SUITE_TITLE },
};

/** The untrusted workbench runs with the suites, not with another entry, nor when a grep leaves its suite out. */
function runsUntrusted(): boolean {
  const grep = process.env[GREP_ENV];
  return process.env['SES_GRANTS_VSCODE_ENTRY'] === undefined && (!grep || new RegExp(grep).test(UNTRUSTED_SUITE_TITLE));
}

async function runAll(): Promise<boolean> {
  const passed = await runInWorkbench(RUN);
  console.log(`[${LABEL}] extension-host run ${passed ? 'passed' : 'FAILED'}`);
  if (!runsUntrusted()) return passed;
  const untrusted = await runInWorkbench(UNTRUSTED_RUN);
  console.log(`[${UNTRUSTED_LABEL}] extension-host run ${untrusted ? 'passed' : 'FAILED'}`);
  return passed && untrusted;
}

exitWith(LABEL, runAll());
