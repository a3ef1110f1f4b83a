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
  // The linter names one unknown element per statement: every misspelt one is renamed with it, or the next
  // would be reported right after the fix.
  const renames: { property: typeof unknown; suggested: string }[] = [];
  for (const property of [unknown, ...statement.node.properties.filter((p) => p !== unknown && !valid.includes(p.key))]) {
    const suggested = closestElement(property.key, valid, [...keys, ...renames.map((r) => r.suggested)]);
    if (suggested) renames.push({ property, suggested });
    else if (property === unknown) return [];
  }
  const args = { element: renames.map((r) => r.property.key).join(', '), suggested: renames.map((r) => r.suggested).join(', ') };
  return defined([
    build(context, { name: 'renameElement', args, preferred: true }, (editor) => {
      // Every path is read from the text as it was, before the first rename.
      const paths = renames.map(({ property }) => editor.pathOfKey(property.keySpan));
      if (paths.some((path) => !path)) return false;
      renames.forEach(({ suggested }, i) => editor.renameKey(paths[i]!, suggested));
      return true;
    }),
  ]);
}
