import { ruleInfo } from '../../policy/catalogue';
import { applyOffsetEdits, namedAccounts, READING_FIXES, sameTrust, type FixProposal } from '../../policy/fixes';
import type { Statement } from '../../policy/model';
import { renderPlain } from '../../policy/templates';
import { lintText, type FormatHint, type FormatLintResult } from '../index';

/** Above this length the light bulb would wait too long for a lint per proposal. */
const MAX_CHECKED_LENGTH = 256 * 1024;

/**
 * The core's promise about who is trusted (src/policy/fixes/trustGuard.ts), kept in the formats whose
 * statements the core cannot read on their own (Terraform, templates, embedded policies): each proposal's
 * whole result is linted again by its format, and the proposal is dropped when the file gains an error
 * finding it did not have (a grant contradicting itself, or made open), except a placeholder left to fill in
 * and except after a fix that makes a statement readable as a grant, or when the file trusts another set of
 * accounts. A plain JSON policy is left to the core's statement-level check, which is cheaper.
 *
 * Each proposal costs a lint of the whole file, so this runs for the quick fixes of one finding (what the
 * light bulb asks for) in files up to MAX_CHECKED_LENGTH; fix-all checks each round's whole result itself
 * (src/policy/fixes/fixAll.ts), where a check per proposal would make its cost grow with the square of the
 * number of findings.
 */
export function keepingTrustInFormat(
  request: {
    readonly text: string;
    readonly hint: FormatHint;
    readonly result: FormatLintResult;
    readonly values: { readonly accountId?: string };
    readonly unattended?: boolean;
  },
  findingId: string,
  proposals: FixProposal[],
): FixProposal[] {
  if (proposals.length === 0 || request.unattended || request.text.length > MAX_CHECKED_LENGTH || isPlainJson(request.result)) return proposals;
  const before = readingOf(request.result);
  return proposals.filter((proposal) => {
    const edited = applyOffsetEdits(
      request.text,
      proposal.edits.map((edit) => ({ ...edit, content: renderPlain(edit.content) })),
    );
    const after = readingOf(lintText(edited, request.hint));
    if (!READING_FIXES.has(findingId) && [...after.errors].some(([id, count]) => count > (before.errors.get(id) ?? 0))) return false;
    return sameTrust(before.accounts, after.accounts, request.values.accountId, proposal.title);
  });
}

interface FileReading {
  /** Error finding ids with their counts, placeholders left aside. */
  readonly errors: ReadonlyMap<string, number>;
  /** Every account the file's grants trust. */
  readonly accounts: readonly string[];
}

function isPlainJson(result: FormatLintResult): boolean {
  const file = result.file;
  return file !== undefined && file.editing === undefined && (file.format === undefined || file.format === 'json') && (result.documents ?? []).length === 0 && (file.embedded ?? []).length === 0;
}

function readingOf(result: FormatLintResult): FileReading {
  const errors = new Map<string, number>();
  for (const finding of result.findings) {
    if (finding.id === 'placeholder-left' || ruleInfo(finding.id).severity !== 'error') continue;
    errors.set(finding.id, (errors.get(finding.id) ?? 0) + 1);
  }
  const statements: Statement[] = [...(result.file?.statements ?? []), ...(result.documents ?? []).flatMap((document) => document.result.file?.statements ?? [])];
  return { errors, accounts: [...new Set(statements.flatMap(namedAccounts))] };
}
