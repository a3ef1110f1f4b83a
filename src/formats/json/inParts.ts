import type { Finding } from '../../policy/findings';
import type { LintOptions } from '../../policy/lint';
import { lintDocumentInBatches } from './lintInParts';
import { mightHoldSesGrant } from '../../policy/prefilter';
import { mayHoldSuppressions } from '../../policy/suppressions';
import { readsAsTemplate } from '../cloudformation/cloudformation';
import { apiOutputPolicyNodes } from '../embedded/encodedPolicies';

/**
 * The findings of a plain JSON policy document read statement by statement (lintInParts.ts), a
 * batch at a time (`lintDocumentInBatches`), the same as the JSON adapter's lint gives: for the command line, which only prints findings, on a file too large
 * to hold whole comfortably. False when the reading does not fit the text, which is then linted whole: a
 * template, a policy held in a string (`Policy`, `Attributes.Policy`), a suppression comment (applied over the
 * whole file), anything but strict JSON, or a text without SES content (the whole lint passes it over at once).
 */
export function jsonFindingsInBatches(text: string, take: (findings: readonly Finding[]) => void, options: LintOptions = {}): boolean {
  if (!mightHoldSesGrant(text) || mayHoldSuppressions(text)) return false;
  return lintDocumentInBatches(text, (root) => !readsAsTemplate(root) && apiOutputPolicyNodes(root).length === 0, options, take);
}
