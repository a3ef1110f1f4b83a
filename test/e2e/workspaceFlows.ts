// The workspace check, the "SES Grants" view and the walkthrough, as a person meets them in the workbench:
// findings of a file nobody opened in the Problems panel, a grant clicked in the view, the walkthrough page.
// Each flow's screenshot is taken by the runner (test/screenshots/e2e-<n>-<name>.png).
import { runCommand, type UiPage } from './ui';
import type { Flow } from './flows';

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const problemRows = (page: UiPage) => page.locator('.markers-panel .monaco-list-row');

export const checkWorkspace: Flow = {
  name: 'check-workspace',
  async run({ page }) {
    await runCommand(page, 'SES: Check Workspace');
    await page.keyboard.press('Control+Shift+M');
    // receiving/open-topic.json is never opened: its finding comes from the workspace check.
    await problemRows(page).filter({ hasText: 'open-topic.json' }).first().waitFor();
    const finding = problemRows(page).filter({ hasText: 'sns-missing-source-conditions' }).first();
    await finding.waitFor();
    const tabs = await page.locator('.tabs-container .tab', { hasText: 'open-topic.json' }).count();
    assert(tabs === 0, 'open-topic.json is not open in an editor');
  },
};

export const grantsView: Flow = {
  name: 'grants-view',
  async run({ page }) {
    await runCommand(page, 'SES Grants: Focus on Receiving Setup View');
    const view = page.locator('.pane', { hasText: 'Receiving Setup' }).first();
    const grant = view.locator('.monaco-list-row', { hasText: 'open to any account' }).filter({ hasText: 'open-topic.json' }).first();
    await grant.waitFor();
    await view.locator('.monaco-list-row', { hasText: 'Grants no known receipt rule uses' }).first().waitFor();
    await grant.click();
    await page.locator('.tabs-container .tab.active', { hasText: 'open-topic.json' }).first().waitFor();
  },
};

export const walkthrough: Flow = {
  name: 'walkthrough',
  async run({ page }) {
    await runCommand(page, 'Welcome: Open Walkthrough...');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Set up SES email receiving grants' }).first();
    await page.keyboard.type('SES email');
    await row.click();
    await page.locator('.gettingStartedContainer', { hasText: 'Turn on fix-all on save' }).first().waitFor();
    await page.locator('.gettingStartedContainer img').first().waitFor();
  },
};
