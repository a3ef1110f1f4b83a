// The walkthrough "Set up SES email receiving grants" as the extension host sees it: its four steps in order,
// each with a light and a dark picture the extension ships, and completion events that name settings and
// commands that exist; and the workbench opens it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID, waitFor } from './helpers';

interface Step {
  readonly id: string;
  readonly media: { readonly image: { readonly light: string; readonly dark: string; readonly hc: string; readonly hcLight: string } };
  readonly completionEvents: readonly string[];
}

describe('walkthrough', () => {
  it('four steps with pictures for both themes and completion events that can happen', async () => {
    const extension = await activateExtension();
    const walkthroughs = extension.packageJSON.contributes.walkthroughs as { id: string; steps: Step[] }[];
    assert.equal(walkthroughs.length, 1);
    const steps = walkthroughs[0]!.steps;
    assert.deepEqual(steps.map((step) => step.id), ['values', 'addGrant', 'checkWorkspace', 'fixOnSave']);
    const commands = new Set(await vscode.commands.getCommands(true));
    const expectedEvents = [
      ['onSettingChanged:sesGrants.accountId', 'onSettingChanged:sesGrants.region', 'onSettingChanged:sesGrants.ruleSetName', 'onSettingChanged:sesGrants.ruleName'],
      ['onCommand:sesGrants.addGrant'],
      ['onCommand:sesGrants.checkWorkspace'],
      ['onSettingChanged:editor.codeActionsOnSave'],
    ];
    steps.forEach((step, index) => assert.deepEqual(step.completionEvents, expectedEvents[index], step.id));
    for (const step of steps) {
      // The workbench reads all four themes' pictures (a missing `hc` made it fail to list the walkthrough).
      for (const image of [step.media.image.light, step.media.image.dark, step.media.image.hc, step.media.image.hcLight]) {
        const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(extension.extensionUri, image));
        assert.ok(stat.size > 0 && stat.size < 8 * 1024, `${image}: ${stat.size} bytes`);
      }
      for (const event of step.completionEvents) {
        const [kind, name] = event.split(':') as [string, string];
        if (kind === 'onCommand') assert.ok(commands.has(name), `${name} is a registered command`);
        else assert.ok(vscode.workspace.getConfiguration().has(name), `${name} is a setting`);
      }
    }
  });

  it('the workbench opens the walkthrough', async () => {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#setUpReceiving`, false);
    // The tab shows "Walkthrough: SES Grants" (seen on the suite's screenshot), but the tab API keeps the first
    // walkthrough's label for the Welcome editor it reuses: only that a walkthrough tab is open can be read here.
    const labels = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.label));
    await waitFor('the walkthrough\'s tab', () => labels().some((label) => label.startsWith('Walkthrough:'))).catch((error: Error) => {
      throw new Error(`${error.message}; tabs: ${JSON.stringify(labels())}`);
    });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
