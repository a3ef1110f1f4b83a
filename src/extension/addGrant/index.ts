import * as vscode from 'vscode';
import { logFailure } from '../log';
import { applyGrant, policyEditor } from './apply';
import { grantDefaults } from './defaults';
import { parseArguments } from './args';
import { promptForGrant } from './prompts';
import type { AddGrantResult } from './request';

export const ADD_GRANT_COMMAND = 'sesGrants.addGrant';
export type { AddGrantResult, GrantRequest } from './request';

/**
 * "SES: Add SES Grant…": asks for the grant (or takes an argument object, for keybindings and tests) and
 * writes it into the open policy, or into a new document when no policy is open.
 */
export function registerAddGrant(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(vscode.commands.registerCommand(ADD_GRANT_COMMAND, (argument?: unknown) => runAddGrant(argument, log)));
}

async function runAddGrant(argument: unknown, log: vscode.LogOutputChannel): Promise<AddGrantResult | undefined> {
  try {
    const defaults = grantDefaults(policyEditor()?.document);
    if (argument === undefined) {
      const request = await promptForGrant(defaults);
      return request ? await applyGrant(request) : undefined;
    }
    const parsed = parseArguments(argument, defaults);
    if ('problems' in parsed) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Add SES Grant: {0}', parsed.problems.join(' ')));
      return undefined;
    }
    return await applyGrant(parsed.request);
  } catch (error) {
    logFailure(log, 'Add SES grant', error);
    void vscode.window.showErrorMessage(vscode.l10n.t('Adding the SES grant failed; see the "SES Grants" log.'));
    return undefined;
  }
}
