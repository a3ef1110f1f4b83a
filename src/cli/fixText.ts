import { applyRuleLevels, type ConfigLevel } from '../config';
import { analyze, fixAll, fixes, type FormatHint, type FormatLintResult } from '../service';
import type { Finding } from '../policy/findings';
import { COMMAND_LINE_FIX_IDS } from '../formats/shell/fixes';
import { hasFixBuilder, inferValues, mergeValues, type FormattingPreferences } from '../policy/fixes';
import { PLACEHOLDERS, placeholderNames, type GrantValues } from '../policy/templates';

/**
 * Fix-all for the command line: the same entry the editor's fix-all uses (`fixAllText` with the format-aware
 * linter), with two differences. A fix is applied only when it writes real values: one that needs a value
 * nobody gave (the account, the receipt rule…) is left out and named, never written as the guide's
 * placeholder. And findings whose level is `off` are not fixed, as they are not reported.
 */
export interface FixedText {
  /** The text after every fix that could be applied (the same string when none could). */
  readonly text: string;
  readonly changed: boolean;
}

export function fixText(text: string, hint: FormatHint, values: GrantValues, levels: Readonly<Record<string, ConfigLevel>>): FixedText {
  const fixed = fixAll({ text, hint }, values, formattingOf(text), { linterFor: (innerHint) => linterWithLevels(innerHint, levels), withoutPlaceholders: true });
  return { text: fixed, changed: fixed !== text };
}

/** A finding left after the fixes whose fix needs values that were not given. */
export interface FixNeedingValues {
  readonly finding: Finding;
  /** What to give: `--account` and the like, in the order of the flags. */
  readonly missing: readonly string[];
}

/**
 * Among findings left in a text, those a fix would address if the values it needs were given. `findings` are
 * the ones reported (levels applied); the text is linted again for the model the fixes read.
 */
export function fixesNeedingValues(text: string, hint: FormatHint, values: GrantValues, findings: readonly Finding[]): FixNeedingValues[] {
  const candidates = findings.filter((finding) => hasFixBuilder(finding.id) || COMMAND_LINE_FIX_IDS.has(finding.id));
  if (candidates.length === 0) return [];
  const analysis = analyze(text, hint);
  const result = analysis.result;
  const known = result.file ? mergeValues(values, inferValues(result.file)) : values;
  const formatting = formattingOf(text);
  const needing: FixNeedingValues[] = [];
  for (const finding of candidates) {
    const same = result.findings.find((f) => f.id === finding.id && f.span.offset === finding.span.offset && f.span.length === finding.span.length);
    if (!same) continue;
    // The editor's preferred quick fix, with its tab stops: what is missing is what it marks.
    const proposal = fixes(analysis, same, { values: known, formatting }).find((p) => p.preferred);
    const names = proposal ? proposal.edits.flatMap((edit) => placeholderNames(edit.content)) : [];
    if (names.length > 0) needing.push({ finding, missing: flagsFor(names) });
  }
  return needing;
}

const FLAG_OF_PLACEHOLDER: Readonly<Record<string, string>> = {
  [PLACEHOLDERS.accountId]: '--account',
  [PLACEHOLDERS.region]: '--region',
  [PLACEHOLDERS.ruleSet]: '--rule-set',
  [PLACEHOLDERS.rule]: '--rule',
};
const FLAG_ORDER = ['--account', '--region', '--rule-set', '--rule'];

function flagsFor(names: readonly string[]): string[] {
  const flags = new Set(names.map((name) => FLAG_OF_PLACEHOLDER[name] ?? name));
  return [...flags].sort((a, b) => rank(a) - rank(b));
}

function rank(flag: string): number {
  const index = FLAG_ORDER.indexOf(flag);
  return index < 0 ? FLAG_ORDER.length : index;
}

/** The linter fix-all re-lints with between rounds: the file's format, with findings turned off dropped. */
function linterWithLevels(hint: FormatHint, levels: Readonly<Record<string, ConfigLevel>>): (text: string) => FormatLintResult {
  const off = Object.values(levels).includes('off');
  return (text) => {
    const result = analyze(text, hint).result;
    return off ? { ...result, findings: applyRuleLevels(result.findings, levels) } : result;
  };
}

/**
 * How inserted text is laid out, read from the file as an editor detects it: its line ending (the first one),
 * tabs or spaces, and the width of its first indented line (two spaces when nothing is indented).
 */
export function formattingOf(text: string): FormattingPreferences {
  const firstBreak = text.indexOf('\n');
  const eol = firstBreak > 0 && text.charCodeAt(firstBreak - 1) === 13 ? '\r\n' : '\n';
  const indented = /^([ \t]+)\S/m.exec(text.length > 65536 ? text.slice(0, 65536) : text);
  const indent = indented?.[1] ?? '  ';
  if (indent.startsWith('\t')) return { tabSize: 4, insertSpaces: false, eol };
  return { tabSize: Math.min(8, Math.max(1, indent.length)), insertSpaces: true, eol };
}
