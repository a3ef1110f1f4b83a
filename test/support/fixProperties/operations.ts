import { lintText } from '../../../src/formats';
import type { Finding } from '../../../src/policy/findings';
import { applyOffsetEdits, fixContextFor, fixesFor, type FormattingPreferences, type OffsetEdit } from '../../../src/policy/fixes';
import { fixAllPlainJson } from '../../../src/formats/json/plainJson';
import type { LintResult } from '../../../src/policy/lint';
import { hasPlaceholders, type GrantValues } from '../../../src/policy/templates';
import { renderedEdits } from '../fixFixtures';

/**
 * The fix operations a user can run on a file, each with its before and after: every quick fix offered for
 * every finding (each proposal, preferred or not, placeholders rendered as plain text does), and fix-all
 * attended (on save in the editor: the guide's placeholder names may be written into an open grant) and
 * unattended (the command line: nothing that needs a value nobody gave), with the settings' values and
 * without any.
 */

export interface FixInput {
  /** Where the input comes from (a fixture path, or a fixture path and the mutations applied). */
  readonly name: string;
  /** The file name the linter is told (it picks the format). */
  readonly fileName: string;
  readonly text: string;
}

export type FixAllMode = 'attended' | 'unattended' | 'unattended, no values';

export interface QuickFixRun {
  readonly kind: 'quick-fix';
  readonly label: string;
  readonly finding: Finding;
  readonly findingIndex: number;
  readonly preferred: boolean;
  /** What the user reads before choosing it. */
  readonly title: string;
  /** The edits as applied (placeholder marks rendered). */
  readonly edits: readonly OffsetEdit[];
  readonly placeholders: boolean;
  readonly after: string;
}

export interface FixAllRun {
  readonly kind: 'fix-all';
  readonly label: string;
  readonly mode: FixAllMode;
  readonly values: GrantValues;
  readonly options: { readonly withoutPlaceholders?: boolean };
  readonly after: string;
}

export type FixRun = QuickFixRun | FixAllRun;

export interface RunLimits {
  /** Quick fixes are tried for this many findings at most (document order). */
  readonly findings: number;
}

export function linterFor(input: FixInput): (text: string) => LintResult {
  return (text) => lintText(text, { fileName: input.fileName });
}

/** What an editor would report for the document: tabs or the smallest space indent, and its line ends. */
export { formattingOf } from '../fixFixtures';

export function quickFixRuns(input: FixInput, before: LintResult, values: GrantValues, formatting: FormattingPreferences, limits: RunLimits): QuickFixRun[] {
  const runs: QuickFixRun[] = [];
  if (!before.file) return runs;
  before.findings.slice(0, limits.findings).forEach((finding, findingIndex) => {
    const proposals = fixesFor({ ...fixContextFor(input.text, before.file!, finding, values, formatting), lint: linterFor(input) });
    proposals.forEach((proposal, proposalIndex) => {
      const edits = renderedEdits(proposal.edits);
      runs.push({
        kind: 'quick-fix',
        label: `quick fix ${proposalIndex + 1}${proposal.preferred ? ' (preferred)' : ''} of finding ${findingIndex + 1} ${finding.id}`,
        finding,
        findingIndex,
        preferred: proposal.preferred === true,
        title: proposal.title,
        edits,
        placeholders: proposal.edits.some((edit) => hasPlaceholders(edit.content)),
        after: applyOffsetEdits(input.text, edits),
      });
    });
  });
  return runs;
}

export const FIX_ALL_MODES: readonly FixAllMode[] = ['attended', 'unattended', 'unattended, no values'];

export function fixAllRun(input: FixInput, mode: FixAllMode, values: GrantValues, formatting: FormattingPreferences): FixAllRun {
  const runValues = mode === 'unattended, no values' ? {} : values;
  const options = mode === 'attended' ? {} : { withoutPlaceholders: true };
  const after = fixAllPlainJson(input.text, runValues, formatting, linterFor(input), options);
  return { kind: 'fix-all', label: `fix-all (${mode})`, mode, values: runValues, options, after };
}
