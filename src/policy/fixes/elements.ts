import { editDistance } from '../rules/ruleHelpers';
import { build, defined, spansOverlap } from './common';
import type { FixContext, FixProposal } from './types';

/** `invalid-policy-element`: a misspelt statement key becomes the element it was meant to be. */

const STATEMENT_ELEMENTS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const ADD_PERMISSION_ELEMENTS = [
  'FunctionName', 'StatementId', 'Action', 'Principal', 'SourceAccount', 'SourceArn', 'EventSourceToken',
  'Qualifier', 'RevisionId', 'PrincipalOrgID', 'FunctionUrlAuthType', 'InvokedViaFunctionUrl',
];

/** The nearest element not already in the statement; undefined when nothing is close (a made-up key). */
export function closestElement(key: string, valid: readonly string[], present: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of valid) {
    if (present.includes(candidate)) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 4)) ? best : undefined;
}

export function invalidElementFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  const valid = statement.shape === 'add-permission' ? ADD_PERMISSION_ELEMENTS : STATEMENT_ELEMENTS;
  const keys = statement.node.properties.map((p) => p.key);
  const unknown =
    statement.node.properties.find((p) => !valid.includes(p.key) && spansOverlap(p.keySpan, context.finding.span)) ??
    statement.node.properties.find((p) => !valid.includes(p.key));
  if (!unknown) return [];
  const suggested = closestElement(unknown.key, valid, keys);
  if (!suggested) return [];
  return defined([
    build(context, { name: 'renameElement', title: 'Rename {element} to {suggested}', args: { element: unknown.key, suggested }, preferred: true }, (editor) => {
      const path = editor.pathOfKey(unknown.keySpan);
      if (!path) return false;
      editor.renameKey(path, suggested);
      return true;
    }),
  ]);
}
