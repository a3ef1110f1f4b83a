import type * as vscode from 'vscode';
import { documentAnalysis } from '../documents';
import { grantDefaultsPlan } from '../grantPlans';
import type { GrantValues } from '../../policy/templates';
import { settingValues } from '../settings';
import { askAboutCurrentVersion } from './fromWorker';

/**
 * Defaults for the prompts and for arguments left out: the settings' values, what the document uses and the
 * targets its policies name (grantPlans.ts). A large document's come from the analysis worker, which holds its
 * analysis; else, or when the worker cannot answer, from the version's analysis on this thread.
 */
export async function grantDefaults(document: vscode.TextDocument | undefined): Promise<GrantValues> {
  const settings = settingValues(document);
  if (!document) return grantDefaultsPlan(undefined, settings);
  const fromWorker = await askAboutCurrentVersion(document, { kind: 'grantDefaults', settingValues: settings });
  return fromWorker?.values ?? grantDefaultsPlan(documentAnalysis(document), settings);
}
