// What a person does with the extension in VS Code, step by step, through the workbench's UI. Each flow
// starts from the state the previous one left (the fixed bucket policy is the one hovered later), and
// asserts what the person would see: squiggles, the Problems panel, menus, prompts, the text.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  clipAround,
  editorText,
  focusEditor,
  goTo,
  openFromExplorer,
  quickInputMessage,
  runCommand,
  waitForEditorText,
  waitForQuickInput,
  waitForAnimationsDone,
  waitForQuickInputMessageGone,
  type Locator,
  type UiPage,
} from './ui';
import { checkWorkspace, grantsView, walkthrough } from './workspaceFlows';

export interface FlowContext {
  readonly page: UiPage;
  /** The run's copy of test/e2e/workspace. */
  readonly workspace: string;
  /** Records a line of the run's report. */
  note(message: string): void;
  /** Makes `page` the one the step's screenshots show (a flow that opens its own workbench). */
  showing(page: UiPage): void;
}

export interface Flow {
  readonly name: string;
  run(context: FlowContext): Promise<void>;
}

const ACCOUNT = '111122223333';
const RULE_ARN = 'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/store';
const QUICK_FIX_TITLE = 'Add aws:SourceAccount and aws:SourceArn';

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const squiggles = (page: UiPage) => page.locator('.editor-group-container.active .squiggly-error');
/** The Problems panel row of a finding whose message names `subject`. */
const problemRow = (page: UiPage, id: string, subject: string) =>
  page.locator('.markers-panel .monaco-list-row', { hasText: id }).filter({ hasText: subject }).first();

export const diagnosticInProblems: Flow = {
  name: 'diagnostic',
  async run({ page }) {
    await openFromExplorer(page, 'bucket-policy.json', 'mail-inbox');
    await squiggles(page).first().waitFor();
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 's3-missing-source-conditions' }).first();
    await row.waitFor();
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    assert(
      text.includes('SES can write to bucket `mail-inbox` for any AWS account') || text.includes('SES can write to bucket mail-inbox for any AWS account'),
      `the Problems row shows the finding's message: ${text}`,
    );
    // The row's finding id links the rule page that the extension serves itself (ses-grants-docs:, from the
    // VSIX's one file of pages): a click opens it through the workbench's opener, as Markdown text.
    await row.locator('a.monaco-link', { hasText: 's3-missing-source-conditions' }).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: 's3-missing-source-conditions.md' }).first().waitFor();
    await waitForEditorText(page, 'the rule page opened from the Problems row', { includes: ['# s3-missing-source-conditions', 'Severity: error'] });
    await runCommand(page, 'View: Close Editor');
    // Back on the policy, where the next flow starts (the page took the place of its preview tab).
    await openFromExplorer(page, 'bucket-policy.json', 'mail-inbox');
    await squiggles(page).first().waitFor();
  },
};

export const quickFix: Flow = {
  name: 'quick-fix',
  async run({ page, note }) {
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: QUICK_FIX_TITLE }).filter({ hasNotText: 'any receipt rule' }).first();
    // The preferred fix is the focused row; moving the mouse would change the focus, Enter applies it.
    const focusedFix = page.locator('.action-widget .monaco-list-row.focused', { hasText: QUICK_FIX_TITLE }).filter({ hasNotText: 'any receipt rule' }).first();
    await showQuickFixes(page, note, 7, 10, fix);
    await focusedFix.waitFor();
    await readmeShot(page, 'quick-fix', [page.locator('.action-widget').first()]);
    await page.keyboard.press('Enter');
    const text = await waitForEditorText(page, 'the quick fix', { includes: [ACCOUNT, RULE_ARN] });
    assert(/"aws:SourceAccount": "111122223333"/i.test(text), `aws:SourceAccount holds the account from the settings:\n${text}`);
    assert(/"aws:SourceArn": "arn:aws:ses:us-east-1:111122223333:receipt-rule-set\/inbound:receipt-rule\/store"/i.test(text), `aws:SourceArn holds the rule ARN:\n${text}`);
    await squiggles(page).first().waitFor({ state: 'detached' });
    await problemRow(page, 's3-missing-source-conditions', 'mail-inbox').waitFor({ state: 'detached' });
    // Leave snippet mode, if the fix's edit started one, so later keys go to the document.
    await page.keyboard.press('Escape');
  },
};

const addGrantCommand: Flow = {
  name: 'add-grant',
  async run({ page }) {
    await openFromExplorer(page, 'key-policy.json', 'EnableIAMUserPermissions');
    await runCommand(page, 'Add SES Grant...');
    await waitForQuickInput(page, 'Which resource should SES email receiving use?');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'SNS topic policy' }).first().waitFor();
    await readmeShot(page, 'add-grant', [page.locator('.quick-input-widget').first()]);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'KMS key policy' }).first().click();

    await waitForQuickInput(page, 'AWS account that receives the mail');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('12345');
    await page.locator('.quick-input-widget .quick-input-message', { hasText: 'An AWS account id is exactly 12 digits' }).first().waitFor();
    await page.screenshot({ path: shotPath('03a-add-grant-invalid-account') });
    await page.keyboard.press('Enter');
    // Refused: the same input box stays open with the same message.
    await waitForQuickInput(page, 'An AWS account id is exactly 12 digits');
    const refused = await quickInputMessage(page);
    assert(refused.includes('exactly 12 digits'), `Enter on an invalid account keeps the box open with its message: ${refused}`);

    await page.keyboard.press('Control+A');
    await page.keyboard.type(ACCOUNT);
    await waitForQuickInputMessageGone(page, 'exactly 12 digits');
    await page.keyboard.press('Enter');
    await answerKmsRulePrompts(page);

    const text = await waitForEditorText(page, 'the SES statement in the key policy', {
      includes: ['EnableIAMUserPermissions', 'ses.amazonaws.com', 'kms:GenerateDataKey*', RULE_ARN],
    });
    assert(text.indexOf('EnableIAMUserPermissions') < text.indexOf('ses.amazonaws.com'), 'the grant is added after the existing statement');
  },
};

/** Add SES Grant's prompts after the account, for a KMS grant to one receipt rule (us-east-1, inbound/store), without kms:Decrypt. */
async function answerKmsRulePrompts(page: UiPage): Promise<void> {
  await waitForQuickInput(page, 'Region of the receipt rule set');
  await page.keyboard.type('us-east-1');
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'us-east-1' }).first().waitFor();
  await page.keyboard.press('Enter');

  await waitForQuickInput(page, 'Which receipt rules may use the grant?');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'One receipt rule' }).first().click();

  await waitForQuickInput(page, 'Receipt rule set name');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('inbound');
  await page.keyboard.press('Enter');
  await waitForQuickInput(page, 'Receipt rule name');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('store');
  await page.keyboard.press('Enter');

  await waitForQuickInput(page, 'Also allow kms:Decrypt?');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'No' }).first().click();
}

/**
 * The same grant asked for again: the command asks whether to update the grant or add another, and while that
 * question is open the file changes on disk (saved first, so VS Code reloads it). The plan's offsets belong to
 * the older text: the command writes nothing and says so, rather than putting the statement in the wrong place.
 */
const addGrantDocumentChanged: Flow = {
  name: 'add-grant-document-changed',
  async run({ page, workspace }) {
    const file = join(workspace, 'key-policy.json');
    await page.keyboard.press('Control+S');
    await page.locator('.tabs-container .tab.active:not(.dirty)', { hasText: 'key-policy.json' }).first().waitFor();
    const saved = readFileSync(file, 'utf8');
    assert(saved.split('ses.amazonaws.com').length === 2, `the previous flow saved one SES grant:\n${saved}`);

    await runCommand(page, 'Add SES Grant...');
    await waitForQuickInput(page, 'Which resource should SES email receiving use?');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'KMS key policy' }).first().click();
    await waitForQuickInput(page, 'AWS account that receives the mail');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(ACCOUNT);
    await page.keyboard.press('Enter');
    await answerKmsRulePrompts(page);
    const dialog = page.locator('.monaco-dialog-box', { hasText: 'already grants SES this resource' }).first();
    await dialog.waitFor();

    // Longer than before, in the first statement (in view): every planned offset after it now points elsewhere.
    const changed = saved.replace('"Action": "kms:*"', '"Action": ["kms:*", "kms:DescribeKey"]');
    assert(changed !== saved, `the first statement's action is as the fixture has it:\n${saved}`);
    writeFileSync(file, changed);
    await waitForEditorText(page, 'the reload from disk', { includes: ['kms:DescribeKey'] });
    await dialog.locator('.monaco-button', { hasText: 'Add Another' }).first().click();

    await page.locator('.notifications-toasts .notification-toast', { hasText: 'The grant could not be written' }).first().waitFor();
    await page.locator('.tabs-container .tab.active:not(.dirty)', { hasText: 'key-policy.json' }).first().waitFor();
    const text = await editorText(page);
    assert(text.split('ses.amazonaws.com').length === 2, `still one SES grant in the editor:\n${text}`);
    assert(readFileSync(file, 'utf8') === changed, 'the file on disk is as it was changed');
  },
};

const snippet: Flow = {
  name: 'snippet',
  async run({ page }) {
    await runCommand(page, 'New Untitled Text File');
    await page.locator('.tabs-container .tab.active', { hasText: /^Untitled-\d+$/ }).first().waitFor();
    await page.locator('.statusbar-item', { hasText: /^JSON$/ }).first().waitFor();
    await focusEditor(page);
    await page.keyboard.type('ses-s3');
    await page.keyboard.press('Control+Space');
    await page.locator('.suggest-widget .monaco-list-row', { hasText: 'ses-s3' }).first().click();
    await waitForEditorText(page, 'the ses-s3 snippet', { includes: ['"Action": "s3:PutObject"', 'BUCKET-NAME', 'AWSACCOUNTID'] });
    // The first placeholder is selected: what is typed replaces it; Tab moves to the next one. The account
    // placeholder appears twice (SourceAccount and inside SourceArn), so typing it once fills both.
    for (const value of ['my-mail-bucket', ACCOUNT, 'us-east-1', 'inbound', 'store']) {
      await page.keyboard.type(value);
      await page.keyboard.press('Tab');
    }
    const text = await waitForEditorText(page, 'placeholders filled through Tab', {
      includes: ['arn:aws:s3:::my-mail-bucket/*', `"AWS:SourceAccount": "${ACCOUNT}"`, `"AWS:SourceArn": "${RULE_ARN}"`],
      excludes: ['BUCKET-NAME', 'AWSACCOUNTID', 'REGION', 'rule_set_name', 'receipt_rule_name'],
    });
    assert(!text.includes('ses-s3'), 'the prefix was replaced by the snippet');
    // Filled in, the statement is a clean grant: the placeholder findings of the bare snippet go away.
    await squiggles(page).first().waitFor({ state: 'detached' });
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'placeholder-left' }).first().waitFor({ state: 'detached' });
  },
};

const hover: Flow = {
  name: 'hover',
  async run({ page }) {
    await page.locator('.tabs-container .tab', { hasText: 'bucket-policy.json' }).first().click();
    await waitForEditorText(page, 'the fixed bucket policy', { includes: [RULE_ARN] });
    const key = page.locator('.editor-group-container.active .view-line span span', { hasText: /SourceArn/ }).first();
    await key.hover();
    const widget = page.locator('.monaco-hover', { hasText: 'The ARN of the receipt rule that is calling' }).first();
    await widget.waitFor();
    await waitForAnimationsDone(page, '.monaco-hover');
    await readmeShot(page, 'hover', [widget, key]);
  },
};

const fixOnSave: Flow = {
  name: 'fix-on-save',
  async run({ page, workspace }) {
    await openFromExplorer(page, 'save-me.json', 'archive-bucket');
    await squiggles(page).first().waitFor();
    await page.keyboard.press('Control+S');
    await waitForEditorText(page, 'the fix-all on save', { includes: [ACCOUNT, RULE_ARN] });
    await squiggles(page).first().waitFor({ state: 'detached' });
    await problemRow(page, 's3-missing-source-conditions', 'archive-bucket').waitFor({ state: 'detached' });
    await page.locator('.tabs-container .tab.active:not(.dirty)', { hasText: 'save-me.json' }).first().waitFor();
    const saved = readFileSync(join(workspace, 'save-me.json'), 'utf8');
    assert(saved.includes(RULE_ARN) && /"aws:SourceAccount": "111122223333"/i.test(saved), `the file on disk holds the fix:\n${saved}`);
  },
};

/** Waits for an image to load and returns its size; rejects when it cannot be shown (a blocked or broken source). */
async function loadedImageSize(image: Locator): Promise<{ width: number; height: number }> {
  await image.waitFor();
  return image.evaluate(async (element) => {
    await element.decode();
    return { width: element.naturalWidth, height: element.naturalHeight };
  });
}

const extensionPage: Flow = {
  name: 'extension-page',
  async run({ page }) {
    // The installed extension's page in the Extensions view: its icon, and the README with its pictures (the
    // page loads images only from https: or data:, so the VSIX's README must carry them inlined).
    await runCommand(page, 'Extensions: Show Enabled Extensions');
    await page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'SES Grants' }).first().click();
    await page.locator('.extension-editor .header .name', { hasText: 'SES Grants' }).first().waitFor();
    const icon = await loadedImageSize(page.locator('.extension-editor .header img.icon').first());
    assert(icon.width === 128 && icon.height === 128, `the page shows the 128×128 icon: ${JSON.stringify(icon)}`);
    const readme = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await readme.locator('h2', { hasText: 'In VS Code' }).first().waitFor();
    const pictures = readme.locator('img[src^="data:image/png"]');
    const count = await pictures.count();
    assert(count >= 3, `the README shows its pictures (${count} found)`);
    for (let index = 0; index < count; index++) {
      const { width } = await loadedImageSize(pictures.nth(index));
      assert(width >= 300, `README picture ${index + 1} loads (${width} pixels wide)`);
    }
  },
};

/** A bucket policy in a README's code block, under a list item: the squiggle, Ctrl+. and the fix at the block's indentation. */
const markdownQuickFix: Flow = {
  name: 'markdown-quick-fix',
  async run({ page, note }) {
    await openFromExplorer(page, 'runbook.md', 'inbound-mail-example');
    await squiggles(page).first().waitFor();
    const fix = page.locator('.action-widget .monaco-list-row.focused', { hasText: QUICK_FIX_TITLE }).filter({ hasNotText: 'any receipt rule' }).first();
    await showQuickFixes(page, note, 11, 10, fix);
    await page.screenshot({ path: shotPath('markdown-quick-fix-menu') });
    await page.keyboard.press('Enter');
    // Markdown wraps long lines in the editor, so the rule ARN is looked for in parts.
    const text = await waitForEditorText(page, 'the quick fix in the code block', { includes: [ACCOUNT, 'receipt-rule-set/', 'receipt-rule/store'] });
    // Written at the block's indentation: two spaces of the list item before the policy's own ten.
    assert(text.includes(`            "AWS:SourceAccount": "${ACCOUNT}"`), `the condition is indented as the block is:\n${text}`);
    await squiggles(page).first().waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await page.screenshot({ path: shotPath('markdown-quick-fix') });
  },
};

/**
 * An aws_lambda_permission open to every account in a .tf file (the extension's own `terraform` language, no
 * HashiCorp extension): the squiggle once the WebAssembly parser has loaded, the Problems row, Ctrl+. and the
 * preferred fix writing `source_account` / `source_arn` in the resource's layout, the comments kept.
 */
const terraformQuickFix: Flow = {
  name: 'terraform-quick-fix',
  async run({ page, note }) {
    await openFromExplorer(page, 'mail-handler.tf', 'process-inbound-mail');
    await page.locator('.statusbar-item', { hasText: /^terraform$/i }).first().waitFor();
    await squiggles(page).first().waitFor();
    await problemRow(page, 'lambda-missing-source-conditions', 'process-inbound-mail').waitFor();
    const fix = page.locator('.action-widget .monaco-list-row.focused', { hasText: QUICK_FIX_TITLE }).filter({ hasNotText: 'any receipt rule' }).first();
    await showQuickFixes(page, note, 6, 5, fix);
    await page.screenshot({ path: shotPath('terraform-quick-fix-menu') });
    await page.keyboard.press('Enter');
    const text = await waitForEditorText(page, 'the quick fix in the .tf file', { includes: [ACCOUNT, 'receipt-rule/store'] });
    assert(text.includes(`  source_account = "${ACCOUNT}"`), `source_account is an argument of the resource:\n${text}`);
    assert(text.includes(`  source_arn     = "${RULE_ARN}"`), `source_arn holds the rule ARN, its = aligned with source_account:\n${text}`);
    assert(text.includes('# SES may invoke the function for any account.') && text.includes('# the mail handler'), `the comments stay:\n${text}`);
    await squiggles(page).first().waitFor({ state: 'detached' });
    await problemRow(page, 'lambda-missing-source-conditions', 'process-inbound-mail').waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await page.screenshot({ path: shotPath('terraform-quick-fix') });
  },
};

/**
 * The hover's link to a rule page, clicked: a wildcard typed into the fixed Terraform file's receipt-rule ARN
 * makes the ARN's hover name the rule about it, with a link that opens its page in the Markdown preview (the
 * page served on the extension's own scheme from the VSIX's one file of pages; the hover links it through the
 * docs command, since VS Code's hover shows links of that scheme as plain text). The edit is undone afterwards.
 */
const hoverDocsLink: Flow = {
  name: 'hover-docs-link',
  async run({ page }) {
    await page.locator('.tabs-container .tab', { hasText: 'mail-handler.tf' }).first().click();
    await waitForEditorText(page, 'the fixed Terraform file', { includes: ['receipt-rule/store'] });
    await focusEditor(page);
    await page.keyboard.press('Control+F');
    await page.keyboard.type('receipt-rule/store"');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.type('*');
    await waitForEditorText(page, 'the wildcard ARN', { includes: ['receipt-rule/store*"'] });
    await page.locator('.editor-group-container.active .view-line span span', { hasText: /receipt-rule\/store\*/ }).first().hover();
    const link = page.locator('.monaco-hover a', { hasText: /^(source-arn-wildcard|condition-wildcard-without-like)$/ }).first();
    await link.waitFor();
    const id = (await link.innerText()).trim();
    await link.click();
    const previewTab = page.locator('.tabs-container .tab.active', { hasText: `Preview ${id}.md` }).first();
    await previewTab.waitFor();
    // Closed with the mouse: keys pressed now may reach the preview's webview, which keeps F1 to itself.
    await previewTab.locator('.codicon-close').first().click();
    await page.locator('.tabs-container .tab', { hasText: 'mail-handler.tf' }).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: 'mail-handler.tf' }).first().waitFor();
    await focusEditor(page);
    await page.keyboard.press('Control+Z');
    await waitForEditorText(page, 'the wildcard undone', { includes: ['receipt-rule/store"'], excludes: ['store*'] });
  },
};

/**
 * Ctrl+. at a place until the menu lists `fix`. Right after a document opens it can answer "No code actions
 * available" while the extension host is still busy: the only retried step of the flows, at most three tries.
 */
async function showQuickFixes(page: UiPage, note: (message: string) => void, line: number, column: number, fix: Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await goTo(page, line, column);
    await page.keyboard.press('Control+.');
    try {
      await fix.waitFor({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      note(`Ctrl+. showed no "${QUICK_FIX_TITLE}" on try ${attempt}; Escape and again`);
      await page.keyboard.press('Escape');
    }
  }
}

export const FLOWS: readonly Flow[] = [diagnosticInProblems, quickFix, addGrantCommand, addGrantDocumentChanged, snippet, hover, fixOnSave, markdownQuickFix, terraformQuickFix, hoverDocsLink, extensionPage, checkWorkspace, grantsView, walkthrough];

let screenshotDir = '';
export function setScreenshotDir(dir: string): void {
  screenshotDir = dir;
}
export function shotPath(name: string): string {
  return join(screenshotDir, `e2e-${name}.png`);
}

/**
 * A picture for the README, of the editor area around what a step shows (`e2e-readme-<name>.png`);
 * `npm run readme:images` turns the run's pictures into the small PNGs of docs/images/.
 */
async function readmeShot(page: UiPage, name: string, targets: readonly Locator[]): Promise<void> {
  await page.screenshot({ path: shotPath(`readme-${name}`), clip: await clipAround(page, targets) });
}

export { editorText };
