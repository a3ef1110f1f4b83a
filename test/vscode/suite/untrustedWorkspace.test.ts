// The configuration file in a workspace VS Code does not trust: like the workspace's sesGrants.* settings
// (restrictedConfigurations), a ses-grants.json in a cloned repository must not turn findings off or choose the
// account fixes write (src/extension/configFiles.ts reads none there). `npm run test:vscode` runs this suite in
// a second workbench, whose workspace trust is on and whose folder was never trusted (runner.ts); in the
// trusted runs it checks that the same file is read, so that the untrusted case is not passed vacuously.
// Fixtures: test/vscode/workspace/untrustedWorkspace/ (its ses-grants.json turns s3-missing-source-arn off).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, describeDiagnostics, openFixture, resetEditors, waitForDiagnostics } from './helpers';
import { runSetting, UNTRUSTED_RUN_ENV, UNTRUSTED_SUITE_TITLE } from './runEnv';

describe(UNTRUSTED_SUITE_TITLE, () => {
  const untrusted = runSetting(UNTRUSTED_RUN_ENV) === '1';
  before(activateExtension);
  afterEach(resetEditors);

  it(untrusted ? 'reads no ses-grants.json: the finding it turns off is reported' : 'trusted: reads the folder\'s ses-grants.json, which turns a finding off', async () => {
    assert.equal(vscode.workspace.isTrusted, !untrusted, untrusted ? 'this workbench was to open the folder untrusted' : 'the suites\' folder is trusted');
    const editor = await openFixture('untrustedWorkspace/s3-account-only.json');
    // The first diagnostics come after the configuration file is read, where it is read (the diagnostics wait for it).
    const findings = describeDiagnostics(await waitForDiagnostics(editor.document.uri)).map((d) => d.split(' ')[1]);
    assert.deepEqual(findings.sort(), untrusted ? ['s3-action-too-broad', 's3-missing-source-arn'] : ['s3-action-too-broad']);
  });
});
