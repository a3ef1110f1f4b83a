// Large documents' diagnostics are read in the analysis worker (src/extension/offThread), in the real
// extension host (both: the Node host's worker thread and the web-worker host's Web Worker): the same
// diagnostics as the thread's, a newer version ending an older version's analysis, and a worker that crashes
// or hangs restarted with the document analysed again. Their quick fixes, hover and fix-all are answered by the
// worker from the analysis it keeps, the same as the thread's, and by the thread when the worker fails on the
// question. The worker's crash and hang are asked for through the extension's test hooks (exports.offThread);
// everything else is the extension as it ships.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SesGrantsApi } from '../../../src/extension/extension';
import { templateOfSize } from '../../support/generatedTemplates';
import { policyOfStatements, statementsOf } from '../../support/largePolicy';
import { DEBOUNCE_MS } from '../../../src/extension/debounce';
import { SHARD_TARGET } from '../../../src/extension/diagnosticShards';
import { activateExtension, describeDiagnostics, findingId, quickFixesAt, resetEditors, sesGrantsDiagnostics, waitFor, waitForDiagnostics } from './helpers';

/** Above the worker's 64 KB threshold: 400 statements, every tenth without its aws:SourceArn. */
const STATEMENTS = 400;
const LARGE_STATEMENTS = statementsOf(STATEMENTS, 10);
const LARGE_POLICY = policyOfStatements(STATEMENTS, 10);

/**
 * The large policy with one statement per line (its findings on the line of its Sid), the Sids prefixed with
 * `sidPrefix`, the lines ended by `eol`.
 */
function statementPerLine(eol: string, sidPrefix: string): string {
  const line = (statement: object) => JSON.stringify(statement).replace(/":/g, '": ').replace(/,"/g, ', "').replace(/"Sid": "/, `"Sid": "${sidPrefix}`);
  return ['{', '  "Version": "2012-10-17",', '  "Statement": [', LARGE_STATEMENTS.map((statement) => `    ${line(statement)}`).join(`,${eol}`), '  ]', '}', ''].join(eol);
}
const MISSING_ARN = 's3-missing-source-arn';
/** A CloudFormation YAML template above the worker's threshold: every third bucket's grant open (a finding each). */
const LARGE_TEMPLATE = templateOfSize(100_000);
const FIX_ALL_KIND = 'source.fixAll.sesGrants';
const WAIT_LONG_MS = 60_000;

const missingArns = (diagnostics: readonly vscode.Diagnostic[]) => diagnostics.filter((d) => findingId(d) === MISSING_ARN).length;

let opened = 0;

/** What a test compares of a code action: all but the edit's document (each test document has its own uri). */
function describeAction(action: vscode.CodeAction) {
  return {
    title: action.title,
    kind: action.kind?.value,
    isPreferred: action.isPreferred === true,
    diagnostics: (action.diagnostics ?? []).map((d) => `${findingId(d)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`),
    command: action.command && [action.command.command, action.command.arguments],
    // Plain text edits only: a snippet edit is compared by applying it.
    textEdits: action.edit?.entries().flatMap(([, edits]) => edits.map((e) => `${e.range.start.line}:${e.range.start.character}-${e.range.end.line}:${e.range.end.character} ${e.newText}`)),
  };
}

/** The document's text after `edit`, then the text put back as it was (a snippet edit applies in the active editor). */
async function textAfter(document: vscode.TextDocument, edit: vscode.WorkspaceEdit): Promise<string> {
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
  await vscode.commands.executeCommand('leaveSnippet');
  const after = document.getText();
  const whole = new vscode.Range(document.positionAt(0), document.positionAt(after.length));
  assert.ok(await editor.edit((builder) => builder.replace(whole, LARGE_POLICY)));
  return after;
}

/** What the quick fixes of a missing aws:SourceArn, the hover of a condition key and fix-all offer in the document. */
async function askEverything(editor: vscode.TextEditor) {
  const { uri } = editor.document;
  const diagnostics = await waitForDiagnostics(uri, (ds) => missingArns(ds) === STATEMENTS / 10, WAIT_LONG_MS);
  const diagnostic = diagnostics.find((d) => findingId(d) === MISSING_ARN)!;
  // The diagnostics reach VS Code's markers, which the request passes, a moment after this host sees them.
  const quickFixes = await waitFor('quick fixes', async () => {
    const actions = await quickFixesAt(uri, diagnostic.range);
    return actions.some((action) => action.edit) && actions;
  });
  const at = editor.document.positionAt(LARGE_POLICY.indexOf('"AWS:SourceAccount"') + 5);
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at)) ?? [];
  const hover = hovers
    .filter((h) => h.contents.some((c) => /receiving-email-permissions|sesGrants\.showRuleDocs/.test(typeof c === 'string' ? c : 'value' in c ? c.value : '')))
    .map((h) => ({ contents: h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')), range: h.range && [h.range.start.line, h.range.start.character, h.range.end.line, h.range.end.character] }));
  const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
  const fixAll = ((await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, whole, FIX_ALL_KIND)) ?? []).filter((a) => a.kind?.value === FIX_ALL_KIND);
  return { quickFixes, hover, fixAll };
}

/**
 * The large policy in an untitled document of its own name: a second `openText` of the same content may be
 * given back the closed Untitled-1 as an earlier test left it (seen in the web host).
 */
async function openLargePolicy(): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(`untitled:off-thread-${++opened}-${Date.now()}.json`));
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  assert.ok(await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), LARGE_POLICY)));
  assert.equal(document.getText(), LARGE_POLICY);
  return editor;
}

/** Removes the aws:SourceArn of statement `i` (one more finding), as a user's edit. */
async function dropSourceArn(editor: vscode.TextEditor, i: number): Promise<void> {
  const text = editor.document.getText();
  const arn = `"AWS:SourceArn": "arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/rule${i}"`;
  const start = text.indexOf(arn);
  assert.ok(start > 0, `statement ${i} has its SourceArn`);
  // The comma before the key goes with it.
  const from = text.lastIndexOf(',', start);
  const range = new vscode.Range(editor.document.positionAt(from), editor.document.positionAt(start + arn.length));
  assert.ok(await editor.edit((builder) => builder.delete(range)));
}

const ADD_GRANT = 'sesGrants.addGrant';
/** A grant for another bucket, added as a new statement (no prompt: the values left out are the document's defaults). */
const NEW_GRANT = { kind: 's3', bucket: 'granted-by-the-command', ifExists: 'add' } as const;
/** The grant statement 1 already is, word for word: the plan updates nothing, so the document keeps its version. */
const SAME_GRANT = { kind: 's3', bucket: 'inbound-mail-1', accountId: '111122223333', region: 'us-east-1', ruleSet: 'inbound', rule: 'rule1', ifExists: 'update' } as const;

/** Runs Add SES Grant with `argument` in the editor (made the active one) and says what it did. */
async function addGrant(editor: vscode.TextEditor, argument: object): Promise<string | undefined> {
  await vscode.window.showTextDocument(editor.document, { preview: false });
  const result = await vscode.commands.executeCommand<{ readonly outcome: string } | undefined>(ADD_GRANT, argument);
  return result?.outcome;
}

/** The text Add SES Grant writes on the extension host's thread into the large policy, after `edit` (each test sets the worker's threshold back). */
async function grantedOnThread(api: SesGrantsApi['offThread'], edit: (editor: vscode.TextEditor) => Promise<void> = async () => undefined): Promise<string> {
  api.setMinLength(Number.MAX_SAFE_INTEGER);
  const editor = await openLargePolicy();
  await edit(editor);
  assert.equal(await addGrant(editor, NEW_GRANT), 'added');
  api.setMinLength(undefined);
  return editor.document.getText();
}

describe('analysis off the thread', function () {
  // A large document takes seconds to read on a busy machine, and some tests read it three times.
  this.timeout(WAIT_LONG_MS * 2);
  let api: SesGrantsApi['offThread'];
  let lintCounts: SesGrantsApi['lintCounts'];
  let lastDiagnosticsRun: SesGrantsApi['lastDiagnosticsRun'];
  let diagnosticsSetAt: SesGrantsApi['diagnosticsSetAt'];
  let editArrivedAt: SesGrantsApi['editArrivedAt'];
  before(async () => {
    const exports = (await activateExtension()).exports as SesGrantsApi;
    diagnosticsSetAt = exports.diagnosticsSetAt;
    editArrivedAt = exports.editArrivedAt;
    api = exports.offThread;
    lintCounts = exports.lintCounts;
    lastDiagnosticsRun = exports.lastDiagnosticsRun;
    assert.ok(LARGE_POLICY.length > 64 * 1024, `the policy is large (${LARGE_POLICY.length} characters)`);
  });
  // The diagnostics of the document's current version once its run has set every band. A predicate on what shows
  // cannot tell: VS Code merges diagnostics change events only within 50 ms, so on a busy host the first band of
  // two can show (and fire its event) alone.
  const diagnosticsOfCurrentVersion = async (document: vscode.TextDocument): Promise<vscode.Diagnostic[]> => {
    await waitFor('every band of the current version\'s diagnostics', () => lastDiagnosticsRun(document.uri.toString())?.version === document.version, WAIT_LONG_MS);
    return sesGrantsDiagnostics(document.uri);
  };
  afterEach(async () => {
    api.setTimeoutMs(undefined);
    api.setMinLength(undefined);
    await resetEditors();
  });

  it('reads a large document in the worker, with the diagnostics the thread gives', async () => {
    const readBefore = api.stats().read;
    const inWorker = await openLargePolicy();
    const fromWorker = await waitForDiagnostics(inWorker.document.uri, (ds) => missingArns(ds) === STATEMENTS / 10, WAIT_LONG_MS);
    assert.equal(api.stats().read, readBefore + 1, 'the worker read it');

    api.setMinLength(Number.MAX_SAFE_INTEGER);
    const onThread = await openLargePolicy();
    const fromThread = await waitForDiagnostics(onThread.document.uri, (ds) => missingArns(ds) === STATEMENTS / 10, WAIT_LONG_MS);
    assert.equal(api.stats().read, readBefore + 1, 'the thread read the second one');

    const shown = (ds: readonly vscode.Diagnostic[]) => describeDiagnostics(ds).map((line, i) => `${line} ${ds[i]!.severity} ${ds[i]!.message}`);
    const byRange = (ds: readonly vscode.Diagnostic[]) => [...ds].sort((a, b) => a.range.start.compareTo(b.range.start) || a.range.end.compareTo(b.range.end));
    assert.deepEqual(shown(byRange(fromWorker)), shown(byRange(fromThread)));
  });

  it('a newer version ends the analysis of an older one still running in the worker', async () => {
    const editor = await openLargePolicy();
    const { uri } = editor.document;
    await waitForDiagnostics(uri, (ds) => missingArns(ds) === STATEMENTS / 10, WAIT_LONG_MS);
    const before = api.stats();
    const seen: number[] = [];
    const watching = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) seen.push(missingArns(sesGrantsDiagnostics(uri)));
    });
    try {
      // The next version's analysis never finishes on its own (no timeout for two minutes).
      api.setTimeoutMs(120_000);
      api.troubleNextJob('hang');
      await dropSourceArn(editor, 1);
      await waitFor('the worker stuck on the older version', () => api.stats().running === uri.toString(), WAIT_LONG_MS);
      await dropSourceArn(editor, 2);
      await waitForDiagnostics(uri, (ds) => missingArns(ds) === STATEMENTS / 10 + 2, WAIT_LONG_MS);
    } finally {
      watching.dispose();
    }
    const after = api.stats();
    assert.equal(after.cancelled, before.cancelled + 1, 'the stuck analysis was cancelled');
    assert.equal(after.restarts, before.restarts, 'cancelling is no failure');
    assert.equal(after.read, before.read + 1, 'the newer version was read in the worker');
    assert.ok(!seen.includes(STATEMENTS / 10 + 1), `the older version's diagnostics never showed (${seen.join(', ')})`);
  });

  /** Waits for the worker's reading of the document's current version, then gives the text the worker holds of it. */
  async function workerTextOf(document: vscode.TextDocument): Promise<string | undefined> {
    const { version } = document;
    await waitFor(`version ${version} read in the worker`, () => lintCounts(document.uri.toString(), version).worker > 0, WAIT_LONG_MS);
    return api.heldText(document);
  }

  it('edits reach the worker as edits (inserts, deletes, several cursors, undo): its text is the document\'s, its diagnostics the thread\'s', async () => {
    const editor = await openLargePolicy();
    const { document } = editor;
    await waitForDiagnostics(document.uri, (ds) => missingArns(ds) === STATEMENTS / 10, WAIT_LONG_MS);
    const before = api.stats();
    const at = (text: string, from = 0) => document.positionAt(document.getText().indexOf(text, from));
    const steps: [string, () => Thenable<unknown>][] = [
      ['an insert', () => editor.edit((builder) => builder.insert(at('"Version"'), '"Id": "typed",\n  '))],
      ['a delete', () => dropSourceArn(editor, 1)],
      [
        'one edit in three places (bottom to top, as VS Code sends several cursors\' changes)',
        () =>
          editor.edit((builder) => {
            builder.replace(new vscode.Range(at('AllowSESPuts7"'), at('AllowSESPuts7"').translate(0, 'AllowSESPuts7'.length)), 'Seventh');
            builder.insert(at('"Statement"'), ' ');
            builder.delete(new vscode.Range(at('rule301"'), at('rule301"').translate(0, 4)));
          }),
      ],
      [
        'typing with three cursors',
        async () => {
          editor.selections = ['AllowSESPuts2"', 'AllowSESPuts20"', 'AllowSESPuts200"'].map((sid) => new vscode.Selection(at(sid), at(sid)));
          await vscode.commands.executeCommand('type', { text: 'é' });
        },
      ],
      ['undo of the typing', () => vscode.commands.executeCommand('undo')],
      ['undo of the delete in three places', () => vscode.commands.executeCommand('undo')],
      ['two edits between two readings', async () => {
        await editor.edit((builder) => builder.insert(at('"Statement"'), '  '));
        await dropSourceArn(editor, 2);
      }],
    ];
    for (const [step, edit] of steps) {
      await edit();
      assert.ok((await workerTextOf(document)) === document.getText(), `after ${step}, the worker's text is the document's`);
    }
    const after = api.stats();
    assert.ok(after.sentAsEdits >= before.sentAsEdits + steps.length, `every version read after the first went as edits (${after.sentAsEdits - before.sentAsEdits})`);
    assert.equal(after.textResent, before.textResent, 'no version went whole');
    const fromWorker = await waitForDiagnostics(document.uri, (ds) => missingArns(ds) === STATEMENTS / 10 + 2, WAIT_LONG_MS);

    api.setMinLength(Number.MAX_SAFE_INTEGER);
    const onThread = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'json', content: document.getText() }));
    const fromThread = await waitForDiagnostics(onThread.document.uri, (ds) => missingArns(ds) === STATEMENTS / 10 + 2, WAIT_LONG_MS);
    assert.deepEqual(describeDiagnostics(fromWorker), describeDiagnostics(fromThread));
  });

  it('edits that fit no version the worker holds bring the whole text, and the diagnostics are right', async () => {
    const editor = await openLargePolicy();
    const { document } = editor;
    await waitForDiagnostics(document.uri, (ds) => missingArns(ds) === STATEMENTS / 10, WAIT_LONG_MS);
    const before = api.stats();
    // The worker forgets the text it holds before the next version's edits arrive: they fit nothing there.
    api.troubleNextJob('loseText');
    await dropSourceArn(editor, 4);
    await waitForDiagnostics(document.uri, (ds) => missingArns(ds) === STATEMENTS / 10 + 1, WAIT_LONG_MS);
    assert.ok((await workerTextOf(document)) === document.getText(), "the worker's text is the document's");
    const after = api.stats();
    assert.equal(after.textResent, before.textResent + 1, 'the text went again, whole');
    assert.equal(after.restarts, before.restarts, 'no failure');
    assert.equal(after.onThread, before.onThread, 'not sent to the thread');
  });

  /** Everything a diagnostic of ours shows, in the order set: range, message, severity, source, code and its link, tags, related information. */
  function shownFully(diagnostics: readonly vscode.Diagnostic[]) {
    return diagnostics.map((d) => ({
      range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
      message: d.message,
      severity: d.severity,
      source: d.source,
      code: typeof d.code === 'object' ? { value: d.code.value, target: d.code.target.toString() } : d.code,
      tags: d.tags,
      relatedInformation: d.relatedInformation?.map((r) => [r.location.uri.toString(), r.location.range.start.line, r.location.range.start.character, r.message]),
    }));
  }

  /** The text each diagnostic covers, as VS Code reads the range, without the line ends' `\r` and the astral characters a variant added. */
  function coveredTexts(document: vscode.TextDocument, diagnostics: readonly vscode.Diagnostic[]): string[] {
    return diagnostics.map((d) => document.getText(d.range).replace(/\r/g, '').replace(/[\u{10000}-\u{10FFFF}]/gu, ''));
  }

  it('diagnostics read in the worker are the thread\'s in everything they show, with CRLF line ends and astral characters, and after edits', async () => {
    // Astral characters (two UTF-16 code units each) before findings on their lines, and CRLF line ends: the
    // worker counts characters and lines as VS Code does. A document opened with this content keeps CRLF.
    const content = statementPerLine('\r\n', '\u{1F4E8}\u{1D11E}');
    const readBefore = api.stats().read;
    const inWorker = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'json', content }), { preview: false });
    const { document } = inWorker;
    assert.equal(document.eol, vscode.EndOfLine.CRLF);
    const fromWorker = await waitForDiagnostics(document.uri, (ds) => missingArns(ds) === STATEMENTS / 10, WAIT_LONG_MS);
    assert.equal(api.stats().read, readBefore + 1, 'the worker read it');
    // The ranges cover what they covered in the plain policy (VS Code's own reading of the ranges).
    const plain = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'json', content: statementPerLine('\n', '') }), { preview: false });
    const fromPlain = await waitForDiagnostics(plain.document.uri, (ds) => missingArns(ds) === STATEMENTS / 10, WAIT_LONG_MS);
    assert.deepEqual(coveredTexts(document, fromWorker), coveredTexts(plain.document, fromPlain));
    assert.ok(fromWorker.filter((d) => /[\u{10000}-\u{10FFFF}]/u.test(document.lineAt(d.range.start.line).text.slice(0, d.range.start.character))).length >= STATEMENTS / 10, 'diagnostics start after astral characters on their line');

    // Edits: a line inserted above the findings (every range moves), a SourceArn removed, an astral character typed.
    const resentBefore = api.stats().textResent;
    const editing = await vscode.window.showTextDocument(document, { preview: false });
    await editing.edit((builder) => builder.insert(document.positionAt(document.getText().indexOf('"Statement"')), '"Id": "\u{1F4E8}",\r\n  '));
    await dropSourceArn(editing, 1);
    await editing.edit((builder) => builder.insert(document.positionAt(document.getText().indexOf('AllowSESPuts20"')), '\u{1D11E}'));
    await waitFor('the diagnostics of the last version', () => lastDiagnosticsRun(document.uri.toString())?.version === document.version, WAIT_LONG_MS);
    const edited = sesGrantsDiagnostics(document.uri);
    assert.equal(missingArns(edited), STATEMENTS / 10 + 1);
    assert.equal(lintCounts(document.uri.toString(), document.version).worker, 1, 'the last version was read in the worker');
    assert.equal(api.stats().textResent, resentBefore, 'the edits reached the worker as edits');

    api.setMinLength(Number.MAX_SAFE_INTEGER);
    for (const [text, expected, label] of [[content, fromWorker, 'as opened'], [document.getText(), edited, 'after the edits']] as const) {
      const onThread = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'json', content: text }), { preview: false });
      const fromThread = await waitForDiagnostics(onThread.document.uri, (ds) => missingArns(ds) === missingArns(expected), WAIT_LONG_MS);
      assert.equal(lintCounts(onThread.document.uri.toString(), onThread.document.version).thread, 1, `${label}: read on the thread`);
      assert.deepEqual(shownFully(expected), shownFully(fromThread), label);
    }
  });

  it('diagnostics read in the worker, whose reading starts before the debounce ends, are set no sooner than the debounce after the edit', async () => {
    const editor = await openLargePolicy();
    const { document } = editor;
    await waitForDiagnostics(document.uri, (ds) => missingArns(ds) === STATEMENTS / 10, WAIT_LONG_MS);
    // The edit's arrival as the extension's own change listener saw it (the clock it holds the diagnostics by:
    // a listener of this test's runs after it, later by more than a few milliseconds on a loaded machine).
    const key = document.uri.toString();
    // The first edit after opening: its reading starts early by the opening's (cold) reading time, and ends early.
    for (const i of [1, 2, 3]) {
      await dropSourceArn(editor, i);
      await waitForDiagnostics(document.uri, (ds) => missingArns(ds) === STATEMENTS / 10 + i, WAIT_LONG_MS);
      const setAfter = diagnosticsSetAt(key)! - editArrivedAt(key)!;
      // Without the hold, the first edit's diagnostics come ~30 ms early.
      assert.ok(setAfter >= DEBOUNCE_MS, `edit ${i}: set ${setAfter.toFixed(1)} ms after the edit arrived (the debounce: ${DEBOUNCE_MS} ms)`);
    }
  });

  it('a version whose diagnostics show what is shown already is not set again; one that changes a finding keeps the other diagnostics\' objects', async () => {
    const editor = await openLargePolicy();
    const { document } = editor;
    const key = document.uri.toString();
    const runOfVersion = (label: string) => waitFor(label, () => (lastDiagnosticsRun(key)?.version === document.version ? lastDiagnosticsRun(key) : undefined), WAIT_LONG_MS);
    const replaceAfter = (text: string, replacement: string) => {
      const at = document.positionAt(document.getText().indexOf(text) + text.length);
      return editor.edit((builder) => builder.replace(new vscode.Range(at, at.translate(0, 1)), replacement));
    };
    const before = await waitForDiagnostics(document.uri, (ds) => missingArns(ds) === STATEMENTS / 10, WAIT_LONG_MS);
    assert.deepEqual(await runOfVersion('the first run'), { version: document.version, set: true, built: before.length, bands: 1 });
    // A Sid's last character changed for another (the Sid stays unique): no finding moves or changes.
    assert.ok(await replaceAfter('AllowSESPuts', 'X'));
    assert.deepEqual(await runOfVersion('the run of the edited version'), { version: document.version, set: false, built: 0, bands: 0 });
    assert.deepEqual(shownFully(sesGrantsDiagnostics(document.uri)), shownFully(before));
    // A SourceArn key misspelt on its line (no line moves): a finding more there, every other diagnostic the same object.
    assert.ok(await replaceAfter('"AWS:SourceAr', 'X'));
    const changed = await runOfVersion('the run of the misspelt key');
    const after = sesGrantsDiagnostics(document.uri);
    assert.equal(missingArns(after), STATEMENTS / 10 + 1);
    assert.ok(changed.set && changed.built > 0 && changed.built < 5, `a few diagnostics built (${changed.built})`);
    assert.equal(after.filter((d) => before.includes(d)).length, after.length - changed.built, 'the others are the objects set before');
    // A line inserted above the findings: every range moves, every diagnostic is new.
    assert.ok(await editor.edit((builder) => builder.insert(new vscode.Position(1, 0), '\n')));
    assert.deepEqual(await runOfVersion('the run of the moved version'), { version: document.version, set: true, built: after.length, bands: 1 });
    const moved = sesGrantsDiagnostics(document.uri);
    assert.deepEqual(moved.map((d) => d.range.start.line), after.map((d) => d.range.start.line + 1));
  });

  it('a document with more diagnostics than a band sets them in bands of lines: an edit of one finding sets one band, the list stays in document order', async () => {
    // ~300 findings: bands of SHARD_TARGET diagnostics (src/extension/diagnosticShards.ts).
    const text = templateOfSize(300_000);
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    const key = document.uri.toString();
    const runOfVersion = (label: string) => waitFor(label, () => (lastDiagnosticsRun(key)?.version === document.version ? lastDiagnosticsRun(key) : undefined), WAIT_LONG_MS);
    const lines = (ds: readonly vscode.Diagnostic[]) => ds.map((d) => d.range.start.line);
    const inOrder = (ds: readonly vscode.Diagnostic[]) => lines(ds).every((line, i, all) => i === 0 || all[i - 1]! <= line);
    const first = await runOfVersion('the first run');
    const before = sesGrantsDiagnostics(document.uri);
    assert.ok(before.length > SHARD_TARGET && first.bands >= 2, `${before.length} diagnostics in ${first.bands} bands`);
    assert.ok(inOrder(before), 'in document order across the bands');
    // The first restricted grant's Condition key misspelt on its line: findings there, one band set, the others' objects kept.
    const at = document.positionAt(text.indexOf('Condition:'));
    assert.ok(await editor.edit((builder) => builder.replace(new vscode.Range(at, at.translate(0, 'Condition'.length)), 'Conditio_')));
    const flipped = await runOfVersion('the run of the misspelt key');
    const after = sesGrantsDiagnostics(document.uri);
    assert.ok(after.length > before.length, `findings added (${after.length - before.length})`);
    assert.equal(flipped.bands, 1, 'one band set');
    assert.ok(inOrder(after));
    assert.ok(after.filter((d) => before.includes(d)).length >= before.length - 2 * SHARD_TARGET, 'the other bands keep their objects');
    // A line inserted above every finding: every band set, each diagnostic a line lower.
    assert.ok(await editor.edit((builder) => builder.insert(new vscode.Position(1, 0), '\n')));
    const moved = await runOfVersion('the run of the moved version');
    assert.ok(moved.bands >= 2, `bands set: ${moved.bands}`);
    assert.deepEqual(lines(sesGrantsDiagnostics(document.uri)), lines(after).map((line) => line + 1));
  });

  for (const trouble of ['crash', 'hang'] as const) {
    it(`a worker that ${trouble === 'crash' ? 'crashes' : 'hangs'} is restarted, the document analysed again and the failure logged`, async () => {
      const editor = await openLargePolicy();
      const { uri } = editor.document;
      await waitForDiagnostics(uri, (ds) => missingArns(ds) === STATEMENTS / 10, WAIT_LONG_MS);
      const before = api.stats();
      if (trouble === 'hang') api.setTimeoutMs(5_000);
      api.troubleNextJob(trouble);
      await dropSourceArn(editor, 3);
      await waitForDiagnostics(uri, (ds) => missingArns(ds) === STATEMENTS / 10 + 1, WAIT_LONG_MS);
      const after = api.stats();
      assert.equal(after.restarts, before.restarts + 1);
      assert.equal(after.read, before.read + 1, 'read again in the new worker');
      assert.equal(after.onThread, before.onThread, 'not sent back to the thread');
      assert.match(after.lastError ?? '', trouble === 'crash' ? /stopped: .*crash requested by a test/s : /did not answer within 5000 ms/);
    });
  }

  it('quick fixes, hover and fix-all of a large document are the worker\'s answers, the same as the thread\'s, from its one reading', async () => {
    const before = api.stats();
    const inWorker = await openLargePolicy();
    const fromWorker = await askEverything(inWorker);
    const { uri, version } = inWorker.document;
    assert.deepEqual(lintCounts(uri.toString(), version), { thread: 0, worker: 1 }, 'read once, in the worker');
    // Three code-action requests (two quick-fix ones, as VS Code may ask twice) and a hover at least.
    assert.ok(api.stats().answered >= before.answered + 3, `the worker answered (${api.stats().answered - before.answered})`);

    api.setMinLength(Number.MAX_SAFE_INTEGER);
    const onThread = await openLargePolicy();
    const fromThread = await askEverything(onThread);
    assert.deepEqual(lintCounts(onThread.document.uri.toString(), onThread.document.version), { thread: 1, worker: 0 }, 'read on the thread');

    assert.ok(fromThread.quickFixes.filter((a) => a.edit).length >= 2, 'fixes with edits and a suppression');
    assert.deepEqual(fromWorker.quickFixes.map(describeAction), fromThread.quickFixes.map(describeAction));
    assert.equal(fromThread.hover.length, 1, 'the condition key has our hover');
    assert.deepEqual(fromWorker.hover, fromThread.hover);
    assert.equal(fromThread.fixAll.length, 1, 'fix-all has an edit');
    assert.deepEqual(fromWorker.fixAll.map(describeAction), fromThread.fixAll.map(describeAction));
    // The edits applied give the same text, byte for byte (snippet edits included, which entries() leaves out).
    const withEdits = (actions: vscode.CodeAction[]) => actions.filter((a) => a.edit);
    for (const [index, action] of withEdits([...fromThread.quickFixes, ...fromThread.fixAll]).entries()) {
      const workers = withEdits([...fromWorker.quickFixes, ...fromWorker.fixAll])[index]!;
      const expected = await textAfter(onThread.document, action.edit!);
      assert.notEqual(expected, LARGE_POLICY, `"${action.title}" changes the text`);
      assert.ok((await textAfter(inWorker.document, workers.edit!)) === expected, `"${workers.title}" gives the thread's text`);
    }
  });

  for (const trouble of ['crash', 'hang'] as const) {
    it(`a worker that ${trouble === 'crash' ? 'crashes' : 'hangs'} on a code-action request is restarted and the thread gives the actions`, async () => {
      const editor = await openLargePolicy();
      const { uri } = editor.document;
      const diagnostics = await waitForDiagnostics(uri, (ds) => missingArns(ds) === STATEMENTS / 10, WAIT_LONG_MS);
      const diagnostic = diagnostics.find((d) => findingId(d) === MISSING_ARN)!;
      const expected = (await waitFor('quick fixes', async () => {
        const actions = await quickFixesAt(uri, diagnostic.range);
        return actions.some((action) => action.edit) && actions;
      })).map(describeAction);
      assert.ok(expected.some((action) => action.isPreferred), 'the worker gave a preferred fix');
      const before = api.stats();
      if (trouble === 'hang') api.setTimeoutMs(5_000);
      api.troubleNextJob(trouble);
      const actions = await quickFixesAt(uri, diagnostic.range);
      const after = api.stats();
      assert.deepEqual(actions.map(describeAction), expected);
      assert.equal(after.restarts, before.restarts + 1, 'restarted');
      assert.equal(after.onThread, before.onThread + 1, 'the question went to the thread');
      assert.match(after.lastError ?? '', trouble === 'crash' ? /stopped: .*crash requested by a test.*its question answered on the extension host's thread/s : /did not answer within 5000 ms; it is restarted and its question answered/);
      assert.deepEqual(lintCounts(uri.toString(), editor.document.version), { thread: 1, worker: 1 }, 'the thread read the version for the question');
    });
  }

  it('Add SES Grant on a large document takes its defaults and plan from the worker, and writes the thread\'s text', async () => {
    const editor = await openLargePolicy();
    const { uri } = editor.document;
    await waitForDiagnostics(uri, (ds) => missingArns(ds) === STATEMENTS / 10, WAIT_LONG_MS);
    const before = api.stats();
    const { version } = editor.document;
    assert.equal(await addGrant(editor, SAME_GRANT), 'unchanged');
    assert.equal(editor.document.version, version, 'nothing written');
    assert.deepEqual(lintCounts(uri.toString(), version), { thread: 0, worker: 1 }, 'read once, in the worker: the command read nothing on the thread');
    assert.ok(api.stats().answered >= before.answered + 2, `the worker answered the defaults and the plan (${api.stats().answered - before.answered})`);
    assert.equal(api.stats().onThread, before.onThread, 'nothing sent back to the thread');

    assert.equal(await addGrant(editor, NEW_GRANT), 'added');
    assert.ok(api.stats().answered >= before.answered + 4, `and again for the second grant (${api.stats().answered - before.answered})`);
    const fromWorker = editor.document.getText();
    const fromThread = await grantedOnThread(api);
    assert.ok(fromThread.includes('arn:aws:s3:::granted-by-the-command/*') && fromThread.length > LARGE_POLICY.length, 'the thread added the grant');
    assert.ok(fromWorker === fromThread, 'the same text, byte for byte');
  });

  it('Add SES Grant on a large document whose worker crashes on the question: the thread answers', async () => {
    const editor = await openLargePolicy();
    const { uri } = editor.document;
    await waitForDiagnostics(uri, (ds) => missingArns(ds) === STATEMENTS / 10, WAIT_LONG_MS);
    const before = api.stats();
    api.troubleNextJob('crash');
    assert.equal(await addGrant(editor, NEW_GRANT), 'added');
    const after = api.stats();
    assert.equal(after.restarts, before.restarts + 1, 'restarted');
    assert.ok(after.onThread >= before.onThread + 1, 'the question went to the thread');
    assert.match(after.lastError ?? '', /stopped: .*crash requested by a test.*its question answered on the extension host's thread/s);
    assert.ok(editor.document.getText() === (await grantedOnThread(api)), "the thread's text");
  });

  it('Add SES Grant on a large document that changes while the worker answers plans again for the new text', async () => {
    const editor = await openLargePolicy();
    const { uri } = editor.document;
    await waitForDiagnostics(uri, (ds) => missingArns(ds) === STATEMENTS / 10, WAIT_LONG_MS);
    const before = api.stats();
    // The first question hangs the worker until its timeout; the user edits meanwhile.
    api.setTimeoutMs(5_000);
    api.troubleNextJob('hang');
    const outcome = addGrant(editor, NEW_GRANT);
    await waitFor('the worker stuck on the question', () => api.stats().running === uri.toString(), WAIT_LONG_MS);
    await dropSourceArn(editor, 5);
    assert.equal(await outcome, 'added');
    const after = api.stats();
    assert.equal(after.restarts, before.restarts + 1, 'the hang restarted the worker');
    assert.ok(after.answered >= before.answered + 2, `the worker answered about the new version (${after.answered - before.answered})`);
    assert.ok(editor.document.getText() === (await grantedOnThread(api, (other) => dropSourceArn(other, 5))), "the thread's text for the edited policy");
  });
  it('reads a large YAML template in the worker, after an edit too, with the diagnostics the thread gives; a hover and quick fixes read its one reading', async () => {
    assert.ok(LARGE_TEMPLATE.length > 64 * 1024, `the template is large (${LARGE_TEMPLATE.length} characters)`);
    const readBefore = api.stats().read;
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: LARGE_TEMPLATE });
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    const opened = await diagnosticsOfCurrentVersion(document);
    assert.ok(opened.length > SHARD_TARGET, `diagnostics in more than one band (${opened.length})`);
    assert.equal(api.stats().read, readBefore + 1, 'the worker read it');
    // The first restricted grant's Condition misspelt: an unknown element, and the grant open.
    const at = document.positionAt(LARGE_TEMPLATE.indexOf('Condition:'));
    assert.ok(await editor.edit((builder) => builder.replace(new vscode.Range(at, at.translate(0, 'Condition'.length)), 'Conditio_')));
    const fromWorker = await diagnosticsOfCurrentVersion(document);
    assert.equal(fromWorker.length, opened.length + 2, 'the edit\'s two findings added');
    const { version } = document;
    assert.deepEqual(lintCounts(document.uri.toString(), version), { thread: 0, worker: 1 }, 'the edited version was read once, in the worker');
    const before = api.stats();
    // The second grant's condition key (the first is under the misspelt key now).
    const hoverAt = document.positionAt(document.getText().indexOf('AWS:SourceAccount', document.getText().indexOf('Bucket2Policy:')) + 4);
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, hoverAt)) ?? [];
    const open = fromWorker.find((d) => findingId(d) === 's3-missing-source-conditions')!;
    const fixes = await waitFor('quick fixes', async () => {
      const actions = await quickFixesAt(document.uri, open.range);
      return actions.some((action) => action.edit) && actions;
    });
    assert.ok(hovers.length > 0 && fixes.length > 0, 'a hover and quick fixes');
    assert.ok(api.stats().answered >= before.answered + 2, `the worker answered them (${api.stats().answered - before.answered})`);
    assert.deepEqual(lintCounts(document.uri.toString(), version), { thread: 0, worker: 1 }, 'they read the worker\'s one reading: no lint on the thread');

    api.setMinLength(Number.MAX_SAFE_INTEGER);
    const onThread = await vscode.workspace.openTextDocument({ language: 'yaml', content: document.getText() });
    await vscode.window.showTextDocument(onThread, { preview: false });
    const fromThread = await waitForDiagnostics(onThread.uri, (ds) => ds.length === fromWorker.length, WAIT_LONG_MS);
    assert.deepEqual(lintCounts(onThread.uri.toString(), onThread.version), { thread: 1, worker: 0 }, 'read on the thread');
    const shown = (ds: readonly vscode.Diagnostic[]) => {
      const sorted = [...ds].sort((a, b) => a.range.start.compareTo(b.range.start) || a.range.end.compareTo(b.range.end));
      return describeDiagnostics(sorted).map((line, i) => `${line} ${sorted[i]!.severity} ${sorted[i]!.message}`);
    };
    assert.deepEqual(shown(fromWorker), shown(fromThread));
    assert.ok(fromWorker.some((d) => findingId(d) === 'invalid-policy-element'), 'the edit\'s finding shows');
  });
});
