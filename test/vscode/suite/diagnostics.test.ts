// Diagnostics in the real editor: exact ids and ranges on fixture files (test/vscode/workspace/diagnostics,
// each `name.expected.json` beside its input), the diagnostic's shape (source, code with the bundled docs
// page, severity), silence on files without an SES grant, live updates while typing, clearing on close, and
// the sesGrants.enable / sesGrants.rules settings.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activateExtension,
  describeDiagnostics,
  findingId,
  openFixture,
  openText,
  resetEditors,
  sesGrantsDiagnostics,
  waitForDiagnostics,
} from './helpers';
import { workspaceJson, workspaceText } from './workspaceFiles';

const FIXTURES = [
  'diagnostics/s3-open.json',
  'diagnostics/legacy-referer.jsonc',
  'diagnostics/kms-mixed.json',
  'diagnostics/lambda-permission.json',
];
const NEGATIVES = ['diagnostics/negative/package.json', 'diagnostics/negative/tsconfig.json', 'diagnostics/negative/cloudtrail-bucket.json'];

const expectedPathOf = (path: string) => path.replace(/\.jsonc?$/, '.expected.json');

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

async function waitForExpected(uri: vscode.Uri, expected: readonly string[]): Promise<vscode.Diagnostic[]> {
  return waitForDiagnostics(uri, (ds) => sameList(describeDiagnostics(ds), expected));
}

async function withGlobalSetting(key: string, value: unknown, body: () => Promise<void>): Promise<void> {
  const config = vscode.workspace.getConfiguration('sesGrants');
  await config.update(key, value, vscode.ConfigurationTarget.Global);
  try {
    await body();
  } finally {
    await vscode.workspace.getConfiguration('sesGrants').update(key, undefined, vscode.ConfigurationTarget.Global);
  }
}

describe('diagnostics', () => {
  before(activateExtension);
  afterEach(resetEditors);

  for (const path of FIXTURES) {
    it(`reports exactly the findings of ${path}`, async () => {
      const expected = await workspaceJson<string[]>(expectedPathOf(path));
      assert.ok(expected.length > 0, 'a positive fixture expects findings');
      const editor = await openFixture(path);
      await waitForExpected(editor.document.uri, expected);
    });
  }

  it('gives each diagnostic the source, the id with its bundled docs page, the severity and the message', async () => {
    const editor = await openFixture('diagnostics/kms-mixed.json');
    const diagnostics = await waitForExpected(editor.document.uri, await workspaceJson(expectedPathOf('diagnostics/kms-mixed.json')));
    await activateExtension();
    const severities = new Map(diagnostics.map((d) => [findingId(d), d.severity]));
    assert.equal(severities.get('kms-invalid-action'), vscode.DiagnosticSeverity.Error);
    assert.equal(severities.get('kms-missing-generate-data-key'), vscode.DiagnosticSeverity.Error);
    assert.equal(severities.get('kms-missing-source-arn'), vscode.DiagnosticSeverity.Warning);
    for (const diagnostic of diagnostics) {
      assert.equal(diagnostic.source, 'ses-grants');
      const code = diagnostic.code;
      assert.ok(typeof code === 'object' && code !== null && 'target' in code, 'code carries a target');
      const target = code.target;
      assert.equal(target.toString(), `ses-grants-docs:/rules/${String(code.value)}.md`);
      // The extension serves the page (offline): it must open.
      assert.equal((await vscode.workspace.openTextDocument(target)).languageId, 'markdown');
    }
    const invalid = diagnostics.find((d) => findingId(d) === 'kms-invalid-action')!;
    if (!vscode.env.language.startsWith('ja')) {
      assert.equal(invalid.message, '`km:Encrypt` is not a KMS action: did you mean `kms:Encrypt`?');
    }
    const legacy = await openFixture('diagnostics/legacy-referer.jsonc');
    const info = await waitForDiagnostics(legacy.document.uri, (ds) => ds.some((d) => findingId(d) === 'version-legacy-2008'));
    assert.equal(info.find((d) => findingId(d) === 'version-legacy-2008')!.severity, vscode.DiagnosticSeverity.Information);
  });

  it('reports nothing on JSON without an SES grant (package.json, tsconfig.json, another service\'s bucket policy)', async () => {
    const negatives: vscode.Uri[] = [];
    for (const path of NEGATIVES) {
      assert.deepEqual(await workspaceJson(expectedPathOf(path)), []);
      negatives.push((await openFixture(path)).document.uri);
    }
    // Positive control opened last: once its diagnostics are in, the documents before it were linted too.
    const control = await openFixture('diagnostics/s3-open.json');
    await waitForDiagnostics(control.document.uri);
    for (const uri of negatives) assert.deepEqual(describeDiagnostics(sesGrantsDiagnostics(uri)), [], uri.toString());
    const tsconfig = vscode.workspace.textDocuments.find((d) => d.uri.path.endsWith('/negative/tsconfig.json'));
    assert.equal(tsconfig?.languageId, 'jsonc', 'tsconfig.json is JSON with comments');
  });

  it('follows the text as it is typed, ending with the findings of the final text', async () => {
    const text = await workspaceText('diagnostics/s3-open.json');
    const editor = await openText(text, 'json');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (ds) => ds.some((d) => findingId(d) === 's3-missing-source-conditions'));
    // Type the missing condition one piece at a time, faster than the debounce: only the final text counts.
    const condition = ',\n      "Condition": { "StringEquals": { "AWS:SourceAccount": "111122223333", "AWS:SourceArn": "arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/store" } }';
    const insertAt = editor.document.positionAt(text.indexOf('/*"') + 3);
    for (let i = 0; i < condition.length; i += 16) {
      const typed = await editor.edit((builder) => builder.insert(editor.document.positionAt(editor.document.offsetAt(insertAt) + i), condition.slice(i, i + 16)));
      assert.ok(typed);
    }
    await waitForDiagnostics(uri, (ds) => ds.length === 0);
    // Widening the action brings a finding back, at the new text's range.
    const action = editor.document.getText().indexOf('"s3:PutObject"');
    await editor.edit((builder) => builder.replace(new vscode.Range(editor.document.positionAt(action), editor.document.positionAt(action + '"s3:PutObject"'.length)), '"s3:*"'));
    const widened = await waitForDiagnostics(uri, (ds) => ds.length === 1 && findingId(ds[0]!) === 's3-action-too-broad');
    assert.equal(editor.document.getText(widened[0]!.range), '"s3:*"');
  });

  it('lints untitled JSON documents and ignores other languages', async () => {
    const text = await workspaceText('diagnostics/s3-open.json');
    const plain = await openText(text, 'plaintext');
    const json = await openText(text, 'json');
    await waitForDiagnostics(json.document.uri);
    assert.deepEqual(sesGrantsDiagnostics(plain.document.uri), []);
  });

  it('clears a document\'s diagnostics when it closes', async () => {
    const editor = await openFixture('diagnostics/lambda-permission.json');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitForDiagnostics(uri, (ds) => ds.length === 0);
  });

  it('applies sesGrants.rules: "off" hides an id, a level changes its severity', async () => {
    const editor = await openFixture('diagnostics/legacy-referer.jsonc');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (ds) => ds.some((d) => findingId(d) === 'version-legacy-2008'));
    await withGlobalSetting('rules', { 'version-legacy-2008': 'off', 'legacy-referer-only': 'error' }, async () => {
      const diagnostics = await waitForDiagnostics(
        uri,
        (ds) => ds.length === 1 && findingId(ds[0]!) === 'legacy-referer-only' && ds[0]!.severity === vscode.DiagnosticSeverity.Error,
      );
      assert.equal(diagnostics.length, 1);
    });
    await waitForExpected(uri, await workspaceJson(expectedPathOf('diagnostics/legacy-referer.jsonc')));
  });

  it('reports nothing while sesGrants.enable is false, and reports again when it is back', async () => {
    const editor = await openFixture('diagnostics/s3-open.json');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri);
    await withGlobalSetting('enable', false, async () => {
      await waitForDiagnostics(uri, (ds) => ds.length === 0);
    });
    await waitForExpected(uri, await workspaceJson(expectedPathOf('diagnostics/s3-open.json')));
  });
});
