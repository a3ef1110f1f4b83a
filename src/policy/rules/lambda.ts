import type { StatementContext } from '../findings';
import { hasWildcard } from '../glob';
import { actionCovers } from '../grant';
import { isReceivingGrantOf, normalizedAction } from './ruleHelpers';

/** Lambda content (docs/rules): SES only needs `lambda:InvokeFunction`. */
export function lambdaContentRules(context: StatementContext): void {
  if (!isReceivingGrantOf(context, 'lambda')) return;
  for (const action of context.statement.actions) {
    // As usually written: nothing to trim or lower-case (a new string per action).
    if (action.text === 'lambda:InvokeFunction') continue;
    const text = normalizedAction(action);
    if (text === 'lambda:invokefunction') continue;
    // `lambda:*`, `lambda:Invoke*`, `lambda:GetFunction`, `*`: all more than SES needs.
    if (text.startsWith('lambda:') || (hasWildcard(text) && actionCovers(text, 'lambda:InvokeFunction'))) {
      context.report('lambda-action-too-broad', action.span, { action: action.text });
      return;
    }
  }
}
