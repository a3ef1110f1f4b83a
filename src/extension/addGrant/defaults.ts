import type * as vscode from 'vscode';
import { extractPolicies } from '../../policy/extract';
import { inferValues } from '../../policy/fixes';
import { parseJson } from '../../policy/parseJson';
import { lintDocument } from '../documents';
import type { GrantValues } from '../../policy/templates';
import { knownValues } from '../settings';

/**
 * Defaults for the prompts and for arguments left out: settings and the document (`knownValues`), plus the
 * targets the policy already names. knownValues reads the document only when it mentions SES (the linter's
 * fast path), while the command is mostly run on a policy that has no SES grant yet: its bucket, function
 * or topic ARN is still the natural default.
 */
export function grantDefaults(document: vscode.TextDocument | undefined): GrantValues {
  const known = knownValues(document);
  if (!document) return known;
  const text = document.getText();
  // The document's analysis has its policies, unless the linter skipped a text that names no SES at all.
  const targets = inferValues(lintDocument(document).file ?? extractPolicies(text, parseJson(text).root));
  return {
    ...known,
    bucket: known.bucket ?? targets.bucket,
    functionName: known.functionName ?? targets.functionName,
    topicArn: known.topicArn ?? targets.topicArn,
  };
}
