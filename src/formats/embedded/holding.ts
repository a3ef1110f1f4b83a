import type { Finding } from '../../policy/findings';
import type { EmbeddedPolicy } from '../../policy/model';
import { spanInside as inside } from '../../policy/tree';

/** The policy decoded from a string or argument that holds a finding (its statement), if one does. */
export function embeddedHolding(policies: readonly EmbeddedPolicy[], finding: Finding): EmbeddedPolicy | undefined {
  const span = finding.statementSpan ?? finding.span;
  return policies.find((policy) => inside(span, policy.root.span));
}

