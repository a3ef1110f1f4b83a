import type * as vscode from 'vscode';
import { askWorker } from '../documents';
import type { FeatureAnswer, FeatureQuery } from '../offThread/protocol';

/**
 * How many times the command asks the worker again when the document changed while it answered: a user typing
 * on keeps changing it, and after that the thread answers, for the text as it is then.
 */
const ASKS = 3;

/**
 * The worker's answer to one of Add SES Grant's questions about the document's current version (a large
 * document: grantPlans.ts writes it there); undefined when the thread is to answer, now, from the text as it
 * is. Unlike a light bulb, which VS Code asks again, a command must not silently do nothing: when the document
 * changed while the worker answered, the question is asked again about the new version.
 */
export async function askAboutCurrentVersion<Kind extends FeatureQuery['kind']>(
  document: vscode.TextDocument,
  query: Extract<FeatureQuery, { readonly kind: Kind }>,
): Promise<Extract<FeatureAnswer, { readonly kind: Kind }> | undefined> {
  for (let asked = 0; asked < ASKS; asked++) {
    const answer = await askWorker(document, query);
    if (answer.kind === 'answered') return answer.answer.kind === query.kind ? (answer.answer as Extract<FeatureAnswer, { readonly kind: Kind }>) : undefined;
    if (answer.kind === 'onThread' || document.isClosed) return undefined;
  }
  return undefined;
}
