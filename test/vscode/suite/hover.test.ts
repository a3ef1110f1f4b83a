// Hovers in the real editor on test/vscode/workspace/hover/grant.json: SES condition keys and the receipt-rule
// ARN are explained, other keys and other services' policies get nothing from this extension.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, openFixture, openRepoFile, resetEditors } from './helpers';
import { positionOf } from './workspaceFiles';

function markdownOf(hover: vscode.Hover): string {
  return hover.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n');
}

/** Our hovers at a position: the ones that speak of SES (JSON's own hovers, if any, are left out). */
async function sesHovers(uri: vscode.Uri, position: vscode.Position): Promise<{ text: string; range: vscode.Range | undefined }[]> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers
    .map((h) => ({ text: markdownOf(h), range: h.range }))
    .filter((h) => /receiving-email-permissions|sesGrants\.showRuleDocs/.test(h.text));
}

const english = () => !vscode.env.language.startsWith('ja');

describe('hover', () => {
  before(activateExtension);
  afterEach(resetEditors);

  it('explains aws:SourceAccount with the key as the hover range', async () => {
    const editor = await openFixture('hover/grant.json');
    const position = positionOf(editor.document, '"AWS:SourceAccount"', 5);
    const hovers = await sesHovers(editor.document.uri, position);
    assert.equal(hovers.length, 1);
    assert.match(hovers[0]!.text, /\*\*AWS\\:SourceAccount\*\*/);
    if (english()) assert.match(hovers[0]!.text, /confused-deputy/);
    assert.equal(editor.document.getText(hovers[0]!.range), '"AWS:SourceAccount"');
  });

  it('explains the legacy aws:Referer and links its rule page', async () => {
    const editor = await openFixture('hover/grant.json');
    const hovers = await sesHovers(editor.document.uri, positionOf(editor.document, '"aws:Referer"', 3));
    assert.equal(hovers.length, 1);
    assert.match(hovers[0]!.text, /\(command:sesGrants\.showRuleDocs\?%5B%22legacy-referer-only%22%5D\)/);
    if (english()) assert.match(hovers[0]!.text, /caller-supplied header/);
  });

  it('breaks the receipt-rule ARN into region, account, rule set and rule, explaining the wildcard', async () => {
    const editor = await openFixture('hover/grant.json');
    const hovers = await sesHovers(editor.document.uri, positionOf(editor.document, 'receipt-rule-set/inbound', 5));
    assert.equal(hovers.length, 1);
    const text = hovers[0]!.text;
    if (english()) {
      assert.match(text, /region: `us-east-1`/);
      assert.match(text, /account: `111122223333`/);
      assert.match(text, /rule set: `inbound`/);
      assert.match(text, /rule: any rule/);
    } else {
      assert.match(text, /リージョン: `us-east-1`/);
    }
    assert.match(text, /\(command:sesGrants\.showRuleDocs\?%5B%22source-arn-wildcard%22%5D\)/);
  });

  it('explains the KMS encryption-context key of the old guide', async () => {
    const editor = await openFixture('hover/grant.json');
    const hovers = await sesHovers(editor.document.uri, positionOf(editor.document, 'kms:EncryptionContext:aws:ses:source-account', 4));
    assert.equal(hovers.length, 1);
    assert.match(hovers[0]!.text, /%22kms-legacy-encryption-context%22/);
  });

  it('shows a key written as Markdown as text: the rendered hover has no image and no link from the document', async () => {
    const editor = await openRepoFile('test/fixtures/hover/hover-inject.json');
    const position = positionOf(editor.document, 'kms:EncryptionContext:aws:ses:x', 4);
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position)) ?? [];
    const ours = hovers.filter((h) => /receiving-email-permissions/.test(markdownOf(h)));
    assert.equal(ours.length, 1);
    for (const content of ours[0]!.contents) {
      if (content instanceof vscode.MarkdownString) {
        assert.deepEqual(content.isTrusted, { enabledCommands: ['sesGrants.showRuleDocs'] }, 'no command link but the docs page\'s');
        assert.ok(!content.supportHtml, 'no HTML');
      }
    }
    // Rendered by VS Code's own Markdown engine (the built-in Markdown extension, links recognised in text too).
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', markdownOf(ours[0]!));
    assert.doesNotMatch(html, /<img/i);
    const targets = [...html.matchAll(/<a [^>]*href="([^"]*)"/g)].map((m) => m[1]!);
    // The docs page's command link may be left as text by this renderer; the hover widget links it.
    assert.ok(targets.includes('https://docs.aws.amazon.com/ses/latest/dg/receiving-email-permissions.html'), html);
    assert.doesNotMatch(html, /href="[^"]*attacker/);
    for (const target of targets) {
      assert.ok(target === 'command:sesGrants.showRuleDocs?%5B%22kms-encryption-context-key-unknown%22%5D' || target === 'https://docs.aws.amazon.com/ses/latest/dg/receiving-email-permissions.html', target);
    }
    // The document's text is shown as it is written.
    assert.match(html, /!\[t\]\(https:\/\/attacker\.example\/pixel\.png\?u=victim\)/);
  });

  it('says nothing on other keys or on another service\'s policy', async () => {
    const editor = await openFixture('hover/grant.json');
    // Positive control first, so "nothing" below is not a provider that is not there.
    assert.equal((await sesHovers(editor.document.uri, positionOf(editor.document, '"AWS:SourceAccount"', 5))).length, 1);
    assert.deepEqual(await sesHovers(editor.document.uri, positionOf(editor.document, '"Effect"', 3)), []);
    assert.deepEqual(await sesHovers(editor.document.uri, positionOf(editor.document, 'arn:aws:s3', 4)), []);
    const other = await openFixture('hover/not-ses.json');
    assert.deepEqual(await sesHovers(other.document.uri, positionOf(other.document, '"aws:SourceAccount"', 5)), []);
  });
});
