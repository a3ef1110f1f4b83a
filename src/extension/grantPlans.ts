import { inferValues, type FormattingPreferences } from '../policy/fixes';
import type { GrantValues, InsertKind } from '../policy/templates';
import { planInsert, policiesOf, type Analysis, type InsertPlan } from '../service';
import { knownValuesOf, type SettingValues } from './featurePlans';

/**
 * What "Add SES Grant" reads of a document version, as plain data: its defaults and where the grant goes.
 * Written by the same functions on the extension host's thread and in the analysis worker, which answers them
 * for a large document (a 1 MB policy is read and planned there, not on the thread). No `vscode` here: the
 * worker has none.
 */

/**
 * Defaults for the prompts and for arguments left out: the settings' values and what the document uses
 * (`knownValuesOf`), plus the targets the policy already names. The lint reads the document only when it
 * mentions SES (its fast path), while the command is mostly run on a policy that has no SES grant yet: its
 * bucket, function or topic ARN is still the natural default, read by the document's format (`policiesOf`).
 */
export function grantDefaultsPlan(analysis: Analysis | undefined, settings: SettingValues): GrantValues {
  const known = knownValuesOf(analysis, settings);
  if (!analysis) return known;
  const policies = policiesOf(analysis);
  const targets = policies ? inferValues(policies) : {};
  return {
    ...known,
    bucket: known.bucket ?? targets.bucket,
    functionName: known.functionName ?? targets.functionName,
    topicArn: known.topicArn ?? targets.topicArn,
  };
}

/** Where the grant goes in the text and the edits that write it (the facade's `planInsert`): plain data already. */
export function grantInsertPlan(analysis: Pick<Analysis, 'text' | 'hint'>, kind: InsertKind, values: GrantValues, formatting: FormattingPreferences): InsertPlan {
  return planInsert(analysis, kind, values, formatting);
}
