import type { Finding } from '../../policy/findings';
import type { LintOptions } from '../../policy/lint';
import { lintDocumentInParts } from '../../policy/lintInParts';
import { mightHoldSesGrant } from '../../policy/prefilter';
import { mayHoldSuppressions } from '../../policy/suppressions';
import { readsAsTemplate } from '../cloudformation/cloudformation';
import { apiOutputPolicyNodes } from '../embedded/encodedPolicies';

/**
 * The findings of a plain JSON policy document read statement by statement (src/policy/lintInParts.ts), the
 * same as the JSON adapter's lint gives: for the command line, which only prints findings, on a file too large
 * to hold whole comfortably. Undefined when the reading does not fit the text, which is then linted whole: a
 * template, a policy held in a string (`Policy`, `Attributes.Policy`), a suppression comment (applied over the
 * whole file), anything but strict JSON, or a text without SES content (the whole lint passes it over at once).
 */
export function jsonFindingsInParts(text: string, options: LintOptions = {}): readonly Finding[] | undefined {
  if (!mightHoldSesGrant(text) || mayHoldSuppressions(text)) return undefined;
  return lintDocumentInParts(text, (root) => !readsAsTemplate(root) && apiOutputPolicyNodes(root).length === 0, options);
}
