// The web runner's own suite, run first: this is a web worker without Node, and the extension runs in it
// from its `browser` bundle. Without the user setting `remote.extensionKind` code-server would run the
// extension in its Node host instead, and every other suite would still pass there.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID } from '../suite/helpers';

describe('web-worker extension host', () => {
  it('is a web worker without Node: no process, no DOM, importScripts', () => {
    assert.equal(typeof process, 'undefined');
    assert.equal(typeof (globalThis as { importScripts?: unknown }).importScripts, 'function');
    assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
    assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
  });

  it('runs the extension here, where the workbench runs (not in a remote Node host)', async () => {
    const extension = await activateExtension();
    assert.equal(extension.id, EXTENSION_ID);
    assert.equal(extension.extensionKind, vscode.ExtensionKind.UI);
    assert.equal(extension.extensionUri.scheme, 'vscode-remote');
  });
});
