import type * as vscode from 'vscode';

/** Stub until the "Add SES grant" command lands; registers nothing. */
export function registerAddGrant(_context: vscode.ExtensionContext, _log: vscode.LogOutputChannel): void {}
