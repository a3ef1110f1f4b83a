import { applyRuleLevels, type ConfigLevel } from '../config';
import { fixAll, fixes, type Analysis, type FormatHint, type FormatLintResult } from '../service';
import { analysisOf, analyzeFile } from './fileAnalysis';
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
  /** The analysis of `text` fix-all made in its last round, when it made one: the fixed file's findings are read from it. */
  readonly analysis?: Analysis;
}

/**
 * `analysis`: the lint of `text` (with this hint) the caller made already; fix-all's first round reads it
 * instead of linting again, as the editor's fix-all reads the version's analysis.
 */
export function fixText(text: string, hint: FormatHint, values: GrantValues, levels: Readonly<Record<string, ConfigLevel>>, analysis?: Analysis): FixedText {
  let last: Analysis | undefined;
  // Only the file's own lints are kept (the hint is the one given here; a code block's has its own): the last
  // is of the fixed text whenever fix-all's last round linted the text it returns.
  const keepLast = (made: Analysis) => {
    last = made;
  };
  const linterFor = (innerHint: FormatHint) => linterWithLevels(innerHint, levels, innerHint === hint ? keepLast : undefined);
  const first = analysis !== undefined && analysis.text === text ? { result: withLevels(analysis.result, levels) } : {};
  const fixed = fixAll({ text, hint, ...first }, values, formattingOf(text), { linterFor, withoutPlaceholders: true });
  const fixedAnalysis = last?.text === fixed ? last : analysis?.text === fixed ? analysis : undefined;
  return { text: fixed, changed: fixed !== text, ...(fixedAnalysis ? { analysis: fixedAnalysis } : {}) };
}

/** A finding left after the fixes whose fix needs values that were not given. */
export interface FixNeedingValues {
  readonly finding: Finding;
  /** What to give: `--account` and the like, in the order of the flags. */
  readonly missing: readonly string[];
}

/**
 * Among findings left in a text, those a fix would address if the values it needs were given. `findings` are
 * the ones reported (levels applied); the model the fixes read is `given`'s, the text's lint already made (else
 * the text is linted again).
 */
export function fixesNeedingValues(text: string, hint: FormatHint, values: GrantValues, findings: readonly Finding[], given?: Analysis): FixNeedingValues[] {
  const candidates = findings.filter((finding) => hasFixBuilder(finding.id) || COMMAND_LINE_FIX_IDS.has(finding.id));
  if (candidates.length === 0) return [];
  const analysis = analysisOf(text, hint, given);
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

/**
 * The linter fix-all re-lints with between rounds: the file's format, with findings turned off dropped. `made`
 * is told each analysis (the result fix-all reads has the levels applied; the analysis keeps every finding).
 */
function linterWithLevels(hint: FormatHint, levels: Readonly<Record<string, ConfigLevel>>, made?: (analysis: Analysis) => void): (text: string) => FormatLintResult {
  return (text) => {
    const analysis = analyzeFile(text, hint);
    made?.(analysis);
    return withLevels(analysis.result, levels);
  };
}

/** A lint result as fix-all reads it: without the findings turned off (not reported, so not fixed). */
function withLevels(result: FormatLintResult, levels: Readonly<Record<string, ConfigLevel>>): FormatLintResult {
  return Object.values(levels).includes('off') ? { ...result, findings: applyRuleLevels(result.findings, levels) } : result;
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
