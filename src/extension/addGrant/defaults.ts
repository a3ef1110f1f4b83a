import type * as vscode from 'vscode';
import { inferValues } from '../../policy/fixes';
import { documentAnalysis } from '../documents';
import type { GrantValues } from '../../policy/templates';
import { policiesOf } from '../../service';
import { knownValues } from '../settings';

/**
 * Defaults for the prompts and for arguments left out: settings and the document (`knownValues`), plus the
 * targets the policy already names. knownValues reads the document only when it mentions SES (the linter's
 * fast path), while the command is mostly run on a policy that has no SES grant yet: its bucket, function
 * or topic ARN is still the natural default, read by the document's format (`policiesOf`).
 */
export function grantDefaults(document: vscode.TextDocument | undefined): GrantValues {
  const known = knownValues(document);
  if (!document) return known;
  const policies = policiesOf(documentAnalysis(document));
  const targets = policies ? inferValues(policies) : {};
  return {
    ...known,
    bucket: known.bucket ?? targets.bucket,
    functionName: known.functionName ?? targets.functionName,
    topicArn: known.topicArn ?? targets.topicArn,
  };
}
