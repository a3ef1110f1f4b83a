import * as vscode from 'vscode';
import { logFailure } from '../log';
import { applyGrant, policyEditor } from './apply';
import { grantDefaults } from './defaults';
import { parseArguments } from './args';
import { promptForGrant } from './prompts';
import { moduleReferencesFor, referencesUsed, type ModuleReferences } from './terraform';
import type { AddGrantResult } from './request';
import type { GrantValues, InsertKind } from '../../policy/templates';
import { validateBucket, validateFunctionName } from './validate';

export const ADD_GRANT_COMMAND = 'sesGrants.addGrant';
export type { AddGrantResult, GrantRequest } from './request';

/**
 * "SES: Add SES Grant…": asks for the grant (or takes an argument object, for keybindings and tests) and
 * writes it into the open policy, or into a new document when no policy is open.
 */
export function registerAddGrant(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(vscode.commands.registerCommand(ADD_GRANT_COMMAND, (argument?: unknown) => runAddGrant(argument, log)));
}

/** A resource the caller already knows the grant is for: a target in the SES Grants view. */
export interface KnownTarget {
  readonly kind: InsertKind;
  /** Its name as the file writes it: a bucket or function name, or a template's logical id. */
  readonly name: string;
}

/**
 * The command's prompts with the target known in advance: its kind is the first item of the first prompt,
 * and its name the default bucket or function name when it is a valid one (a template's logical id is: the
 * template insert resolves it to the resource).
 */
export function addGrantPrompted(log: vscode.LogOutputChannel, target: KnownTarget): Promise<AddGrantResult | undefined> {
  return runAddGrant(undefined, log, target);
}

async function runAddGrant(argument: unknown, log: vscode.LogOutputChannel, target?: KnownTarget): Promise<AddGrantResult | undefined> {
  try {
    const document = policyEditor()?.document;
    // In a .tf file the defaults (the bucket the file names) and the module's own account and region need the
    // parser, which may still be loading right after activation, and the module's other files: read first.
    const fromModule = await moduleReferencesFor(document);
    const defaults = withTarget(await grantDefaults(document), target);
    if (argument === undefined) {
      logModuleReferences(log, fromModule);
      const request = await promptForGrant(defaults, target?.kind, fromModule);
      return request ? await applyGrant(request) : undefined;
    }
    const parsed = parseArguments(argument, defaults, fromModule);
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

function withTarget(defaults: GrantValues, target: KnownTarget | undefined): GrantValues {
  if (target?.kind === 's3' && validateBucket(target.name) === undefined) return { ...defaults, bucket: target.name };
  if (target?.kind === 'lambda' && validateFunctionName(target.name) === undefined) return { ...defaults, functionName: target.name };
  return defaults;
}

/** Says in the log which values the prompts skip because the module names them itself. */
function logModuleReferences(log: vscode.LogOutputChannel, fromModule: ModuleReferences): void {
  const used = referencesUsed(fromModule);
  if (used.length > 0) log.info(`Add SES grant: the Terraform module's ${used.join(' and ')} are written; not asked for.`);
}
