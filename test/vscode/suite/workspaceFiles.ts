// Reading the fixture files of test/vscode/workspace from the extension host, and comparing texts so that a
// failure shows the first differing line rather than two walls of JSON.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureUri } from './helpers';

export async function workspaceText(relativePath: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(fixtureUri(relativePath)));
}

export async function workspaceJson<T>(relativePath: string): Promise<T> {
  return JSON.parse(await workspaceText(relativePath)) as T;
}

export function assertSameText(actual: string, expected: string, what: string): void {
  if (actual === expected) return;
  const a = actual.split(/\r?\n/);
  const e = expected.split(/\r?\n/);
  const line = a.findIndex((text, i) => text !== e[i]);
  const at = line === -1 ? Math.min(a.length, e.length) : line;
  assert.fail(`${what}: texts differ at line ${at + 1}\n  actual:   ${JSON.stringify(a[at])}\n  expected: ${JSON.stringify(e[at])}\n--- actual ---\n${actual}`);
}

/** The position of the `nth` occurrence of `needle` in the document, plus `delta` characters. */
export function positionOf(document: vscode.TextDocument, needle: string, delta = 0, nth = 1): vscode.Position {
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = document.getText().indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" (occurrence ${nth}) is not in ${document.uri.toString()}`);
  }
  return document.positionAt(at + delta);
}
