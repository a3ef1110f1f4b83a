// Quick fixes in the real editor. Every case of test/vscode/workspace/codeActions/cases.json names a fixture,
// a finding id, the title of one of its fixes and the text expected after applying it (the workspace settings
// give account 111122223333, us-east-1, rule set inbound, rule store). Also: exactly one preferred fix per
// diagnostic, a documentation action per finding, snippet tab stops for missing values, `context.only`.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activateExtension,
  findingId,
  openFixture,
  quickFixesAt,
  resetEditors,
  waitFor,
  waitForDiagnostics,
} from './helpers';
import { localizedFixTitle } from '../../../src/policy/messages.ja';
import { preloadedJson } from './preloadedFixtures';
import { assertSameText, workspaceText } from './workspaceFiles';

interface FixCase {
  readonly file: string;
  readonly id: string;
  /** The English title, its translation key and arguments: the suite expects the title of the display language. */
  readonly title: string;
  readonly titleKey: string;
  readonly titleArgs?: Readonly<Record<string, string>>;
  readonly preferred: boolean;
  readonly expected: string;
}

const CASES_FILE = 'codeActions/cases.json';
// Read while mocha collects the tests, so that each case is a test of its own.
const CASES = preloadedJson<FixCase[]>(CASES_FILE);

async function diagnosticFor(uri: vscode.Uri, id: string): Promise<vscode.Diagnostic> {
  const diagnostics = await waitForDiagnostics(uri, (ds) => ds.some((d) => findingId(d) === id));
  return diagnostics.find((d) => findingId(d) === id)!;
}

/** A fix's title as the user sees it in the display language of this run. */
function shown(item: Pick<FixCase, 'title' | 'titleKey' | 'titleArgs'>): string {
  return localizedFixTitle(item, vscode.env.language);
}

const docsTitle = (id: string) => vscode.l10n.t('Show documentation for {0}', id);

/**
 * The code actions offered at a diagnostic's range, polled until one titled `title` is there (the provider
 * may lag behind the diagnostics). `executeCodeActionProvider` does not return `action.diagnostics`, so
 * actions are told apart by title.
 */
async function actionsFor(uri: vscode.Uri, diagnostic: vscode.Diagnostic, title: string): Promise<vscode.CodeAction[]> {
  return waitFor(`the quick fix "${title}"`, async () => {
    const actions = await quickFixesAt(uri, diagnostic.range);
    return actions.some((a) => a.title === title) ? actions : undefined;
  });
}

describe('code actions', () => {
  before(activateExtension);
  afterEach(resetEditors);

  it('has fixture cases to run', () => {
    assert.ok(CASES.length >= 10, `${CASES_FILE} lists the fixes to check`);
    for (const item of CASES) assert.ok(item.file && item.id && item.title && item.titleKey && item.expected, JSON.stringify(item));
  });

  for (const item of CASES) {
    it(`${item.file}: ${item.id} → "${item.title}"${item.preferred ? ' (preferred)' : ''}`, async () => {
      const editor = await openFixture(`codeActions/${item.file}`);
      const uri = editor.document.uri;
      const diagnostic = await diagnosticFor(uri, item.id);
      const actions = await actionsFor(uri, diagnostic, shown(item));
      const action = actions.find((a) => a.title === shown(item))!;
      assert.equal(action.kind?.value, vscode.CodeActionKind.QuickFix.value);
      assert.equal(action.isPreferred === true, item.preferred, 'isPreferred');
      assert.ok(action.edit, 'the fix carries an edit');
      assert.ok(await vscode.workspace.applyEdit(action.edit), 'the edit applies');
      assertSameText(editor.document.getText(), await workspaceText(`codeActions/${item.expected}`), `${item.file} after "${item.title}"`);
    });
  }

  it('offers exactly one preferred fix and one documentation action per diagnostic', async () => {
    const editor = await openFixture('codeActions/kms-mixed.json');
    const uri = editor.document.uri;
    const diagnostics = await waitForDiagnostics(uri, (ds) => ds.length === 3);
    for (const diagnostic of diagnostics) {
      const id = findingId(diagnostic);
      const actions = await actionsFor(uri, diagnostic, docsTitle(id));
      // VS Code passes every diagnostic touching the range; each of them has a fix here.
      const touching = diagnostics.filter((d) => d.range.intersection(diagnostic.range) !== undefined);
      const docs = actions.filter((a) => a.command?.command === 'sesGrants.showRuleDocs');
      assert.deepEqual(
        docs.map((a) => a.command!.arguments).sort(),
        touching.map((d) => [findingId(d)]).sort(),
        `${id}: one documentation action per diagnostic`,
      );
      assert.ok(docs.every((a) => a.isPreferred !== true), 'documentation is never the preferred action');
      const fixes = actions.filter((a) => a.command?.command !== 'sesGrants.showRuleDocs');
      assert.equal(fixes.filter((a) => a.isPreferred).length, touching.length, `${id}: one preferred fix per diagnostic`);
    }
  });

  it('turns missing values into snippet tab stops named after them', async () => {
    const editor = await openFixture('codeActions/sns-topic-wildcard.json');
    const uri = editor.document.uri;
    const diagnostic = await diagnosticFor(uri, 'sns-resource-wildcard');
    const title = shown({ title: 'Use the topic ARN', titleKey: 'fix.useTopicArn' });
    const actions = await actionsFor(uri, diagnostic, title);
    const edit = actions.find((a) => a.title === title)!.edit!;
    // WorkspaceEdit.entries() lists plain text edits only: a snippet edit is seen by applying it.
    assert.deepEqual(edit.entries().flatMap(([, edits]) => edits), [], 'the edit is a snippet edit, not a text edit');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.match(editor.document.getText(), /"Resource": "arn:aws:sns:us-east-1:AWSACCOUNTID:TOPIC-NAME"/);
    // The snippet session selects the first missing value, then the next on Tab.
    await waitFor('the first tab stop to be selected', () => editor.document.getText(editor.selection) === 'AWSACCOUNTID');
    await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
    await waitFor('the second tab stop to be selected', () => editor.document.getText(editor.selection) === 'TOPIC-NAME');
    // Edits without a missing value stay plain text edits.
    const s3 = await openFixture('codeActions/s3-open.json');
    const s3Diagnostic = await diagnosticFor(s3.document.uri, 's3-missing-source-conditions');
    const s3Title = shown({ title: 'Add aws:SourceAccount and aws:SourceArn', titleKey: 'fix.addSourceConditions' });
    const s3Actions = await actionsFor(s3.document.uri, s3Diagnostic, s3Title);
    const plain = s3Actions.find((a) => a.title === s3Title)!.edit!.entries()[0]![1];
    assert.ok(plain.length > 0 && plain.every((e) => !('snippet' in e)), 'no snippet edits when every value is known');
  });

  it('respects context.only: quick fixes only for quickfix, the fix-all only for source.fixAll', async () => {
    const editor = await openFixture('codeActions/kms-mixed.json');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (ds) => ds.length === 3);
    const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
    const fixAll = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, whole, 'source.fixAll');
    const ours = fixAll.filter((a) => a.kind?.value === 'source.fixAll.sesGrants');
    assert.equal(ours.length, 1, 'the fix-all is offered for source.fixAll');
    assert.ok(fixAll.every((a) => !a.kind || !vscode.CodeActionKind.QuickFix.contains(a.kind)), 'no quick fixes under source.fixAll');
    const quick = await quickFixesAt(uri, whole);
    assert.ok(quick.length > 0);
    assert.ok(quick.every((a) => a.kind?.value !== 'source.fixAll.sesGrants'), 'no fix-all among quick fixes');
  });

  it('never answers for diagnostics of other sources, even with our id and message', async () => {
    const editor = await openFixture('codeActions/s3-open.json');
    const uri = editor.document.uri;
    const ours = await diagnosticFor(uri, 's3-missing-source-conditions');
    // Positive control: at our diagnostic the fixes are offered.
    await actionsFor(uri, ours, docsTitle('s3-missing-source-conditions'));
    // A look-alike on the Version line, where we report nothing: same code, same words, another source.
    const versionLine = new vscode.Range(1, 2, 1, 25);
    const foreign = new vscode.Diagnostic(versionLine, ours.message, vscode.DiagnosticSeverity.Error);
    foreign.source = 'another-linter';
    foreign.code = { value: 's3-missing-source-conditions', target: vscode.Uri.parse('https://example.invalid/') };
    const collection = vscode.languages.createDiagnosticCollection('another-linter');
    try {
      collection.set(uri, [foreign]);
      await waitFor('the foreign diagnostic', () => vscode.languages.getDiagnostics(uri).some((d) => d.source === 'another-linter'));
      const actions = await quickFixesAt(uri, versionLine);
      const answered = actions.filter((a) => a.command?.command === 'sesGrants.showRuleDocs' || a.title.includes('aws:Source'));
      assert.ok(actions.every((a) => a.title !== docsTitle('s3-missing-source-conditions')));
      assert.deepEqual(answered.map((a) => a.title), []);
    } finally {
      collection.dispose();
    }
  });

  it('opens the bundled documentation page rendered, even before the Markdown extension has started', async () => {
    // This suite opens no Markdown file before it: VS Code's Markdown extension is started by the docs command itself
    // (in the web worker's host it is not visible at all: it runs in the Node host).
    const activeBefore = vscode.extensions.getExtension('vscode.markdown-language-features')?.isActive;
    await vscode.commands.executeCommand('sesGrants.showRuleDocs', 's3-missing-source-conditions');
    const tab = await waitFor('a tab showing the docs page', () =>
      vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .find((tab) => tab.label.includes('s3-missing-source-conditions') || (tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === 'ses-grants-docs:/rules/s3-missing-source-conditions.md')),
    );
    assert.ok(
      tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('markdown.preview'),
      `the page rendered in the Markdown preview (the Markdown extension active before: ${String(activeBefore)}): ${tab.label}, ${tab.input?.constructor.name}`,
    );
  });
});
