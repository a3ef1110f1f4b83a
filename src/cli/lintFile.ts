import { applyRuleLevels, type ConfigLevel } from '../config';
import type { Analysis, FormatHint } from '../service';
import type { Finding } from '../policy/findings';
import { hasFixBuilder } from '../policy/fixes';
import type { GrantValues } from '../policy/templates';
import { stampOf, type ReadStamp } from './atomicWrite';
import { readingOf } from './fileKinds';
import { fixesNeedingValues, fixText } from './fixText';
import { fingerprintsOf, fixesOf } from './format/sarifExtras';
import type { FixMode } from './lintOptions';
import { lintFileInBatches, lintFileText, withoutByteOrderMark } from './lintText';
import { initTerraformInNode } from './nodeWasmLoader';
import { compareLocated, locateFindings, locateFindingsLazily, type LocatedFinding } from './located';
import { LineIndex } from '../policy/positions';
import { encodeText, encodingOf, roundTrips } from './textEncoding';

/** What applies to one file: the values fixes write and the findings' levels (configuration file, then flags). */
export interface FileSettings {
  readonly values: GrantValues;
  readonly levels: Readonly<Record<string, ConfigLevel>>;
}

/** A finding left after the fixes whose fix needs values nobody gave. */
export interface UnfixedFinding {
  readonly finding: LocatedFinding;
  readonly missing: readonly string[];
}

export interface LintedFile {
  /** What is reported: the findings of the text after the fixes (`--fix`, `--fix-dry-run`), else as read. */
  readonly findings: readonly LocatedFinding[];
  readonly unfixed: readonly UnfixedFinding[];
  /** The fixed text, when fixes changed it. */
  readonly fixed?: {
    readonly text: string;
    /** The text as read, for a diff. */
    readonly before: string;
    readonly bytes: Uint8Array;
    readonly stamp: ReadStamp;
    /** The findings as read: reported instead when the fixed text cannot be written. */
    readonly findingsBefore: readonly LocatedFinding[];
  };
  /** Why fixes that would change the file are not applied (its bytes do not survive decoding). */
  readonly cannotFix?: string;
}

export type FileOutcome =
  | { readonly kind: 'linted'; readonly file: LintedFile }
  | { readonly kind: 'skipped' }
  | { readonly kind: 'unreadable'; readonly reason: string }
  /** The text needs Terraform's parser, which is not loaded yet: load it (see nodeWasmLoader.ts) and lint again. */
  | { readonly kind: 'waiting-for-parser' };

export interface LintFileOptions {
  readonly fix: FixMode;
  readonly sarif: boolean;
  /** The other files of a Terraform file's module (its folder), for the checks across resources. */
  readonly moduleFiles?: FormatHint['moduleFiles'];
  /** The size (characters) from which a file is read statement by statement where it can be (tests lower it). */
  readonly inPartsFrom?: number;
}

/** The size (characters) from which a file is read statement by statement when it can be (lintFileTextInParts). */
const IN_PARTS_FROM = 1_000_000;

/**
 * Runs a lint, and when the text needs Terraform's parser, loads it and runs the lint again. The parser is
 * WebAssembly, loaded once, when the first file that needs it is linted (a Terraform file or a Markdown
 * Terraform block that may hold a grant); a file that still cannot be read by it is reported, not lost.
 */
export async function lintLoadingParser(lint: () => FileOutcome): Promise<Exclude<FileOutcome, { kind: 'waiting-for-parser' }>> {
  let outcome = lint();
  if (outcome.kind === 'waiting-for-parser') {
    await initTerraformInNode().catch(() => undefined);
    outcome = lint();
  }
  return outcome.kind === 'waiting-for-parser' ? { kind: 'unreadable', reason: 'the Terraform parser could not be loaded' } : outcome;
}

/**
 * Lints a text read from a file or stdin (`path` picks its format, `display` is what the output calls it),
 * and with a fix mode, fixes it in memory: nothing is written here.
 */
export function lintSourceText(
  source: { readonly text: string; readonly bytes: Uint8Array },
  path: string,
  display: string,
  settings: FileSettings,
  options: LintFileOptions,
): FileOutcome {
  const reading = readingOf(path, source.text);
  if (!reading) return { kind: 'skipped' };
  const readingHint: Omit<FormatHint, 'fileName'> = {
    ...(reading.languageId === undefined ? {} : { languageId: reading.languageId }),
    ...(options.moduleFiles === undefined ? {} : { moduleFiles: options.moduleFiles }),
  };
  const hint: FormatHint = { fileName: path, ...readingHint };
  // A large file only reported is read statement by statement where it can be: its whole tree and model weigh
  // about 20 times its text. Fixes and SARIF's fixes read the whole analysis.
  if (options.fix === 'none' && !options.sarif && source.text.length >= (options.inPartsFrom ?? IN_PARTS_FROM)) {
    const findings = locatedInParts(source.text, path, display, settings.levels, readingHint);
    if (findings) return { kind: 'linted', file: { findings, unfixed: [] } };
  }
  const linted = lintFileText(source.text, path, readingHint);
  if (linted.parserLoading) return { kind: 'waiting-for-parser' };
  if (linted.notRead) return { kind: 'unreadable', reason: `too much for the YAML reader: ${linted.notRead}` };
  const findings = applyRuleLevels(linted.findings, settings.levels);
  // Each step hands its analysis of the text on (`analysis`): the file as read is linted once, and the fixed
  // text's findings are those of fix-all's last round.
  const locate = (text: string, list: readonly Finding[], analysis: Analysis | undefined) => located(display, text, hint, list, settings.values, options.sarif, analysis);
  const unfixed = (text: string, list: readonly Finding[], analysis: Analysis | undefined) => unfixedIn(text, hint, settings, list, display, options, analysis);
  if (options.fix === 'none' || !findings.some((f) => hasFixBuilder(f.id))) {
    return { kind: 'linted', file: { findings: locate(linted.text, findings, linted.analysis), unfixed: unfixed(linted.text, findings, linted.analysis) } };
  }
  // The text the findings' offsets refer to must be the whole decoded file, or writing it back would lose a character.
  const fixed = linted.text === source.text ? fixText(linted.text, hint, settings.values, settings.levels, linted.analysis) : { text: linted.text, changed: false };
  if (!fixed.changed) {
    return { kind: 'linted', file: { findings: locate(linted.text, findings, linted.analysis), unfixed: unfixed(linted.text, findings, linted.analysis) } };
  }
  if (!roundTrips(source.bytes)) {
    const reason = `its bytes are not valid ${encodingName(encodingOf(source.bytes))}, and writing it back would change them`;
    return { kind: 'linted', file: { findings: locate(linted.text, findings, linted.analysis), unfixed: [], cannotFix: reason } };
  }
  const after = lintFileText(fixed.text, path, readingHint, 'analysis' in fixed ? fixed.analysis : undefined);
  const findingsAfter = applyRuleLevels(after.findings, settings.levels);
  return {
    kind: 'linted',
    file: {
      findings: locate(fixed.text, findingsAfter, after.analysis),
      unfixed: unfixed(fixed.text, findingsAfter, after.analysis),
      fixed: {
        text: fixed.text,
        before: linted.text,
        bytes: encodeText(fixed.text, encodingOf(source.bytes)),
        stamp: stampOf(source.bytes),
        findingsBefore: locate(linted.text, findings, linted.analysis),
      },
    },
  };
}

/**
 * The findings of a file read statement by statement (lintFileInBatches), placed a batch at a time: the core's
 * findings of one batch are let go before the next is read. Undefined where that reading does not fit.
 */
function locatedInParts(
  rawText: string,
  path: string,
  display: string,
  levels: FileSettings['levels'],
  hint: Omit<FormatHint, 'fileName'>,
): LocatedFinding[] | undefined {
  const text = withoutByteOrderMark(rawText);
  const index = new LineIndex(text);
  const located: LocatedFinding[] = [];
  const read = lintFileInBatches(text, path, hint, (batch) => {
    for (const finding of locateFindingsLazily(display, applyRuleLevels(batch, levels), index)) located.push(finding);
  });
  return read ? located.sort(compareLocated) : undefined;
}

function unfixedIn(text: string, hint: FormatHint, settings: FileSettings, findings: readonly Finding[], display: string, options: LintFileOptions, analysis: Analysis | undefined): UnfixedFinding[] {
  if (options.fix === 'none') return [];
  const needing = fixesNeedingValues(text, hint, settings.values, findings, analysis);
  if (needing.length === 0) return [];
  const places = locateFindings(display, text, needing.map((n) => n.finding));
  return needing.map((n, i) => ({ finding: places[i]!, missing: n.missing }));
}

function located(display: string, text: string, hint: FormatHint, findings: readonly Finding[], values: GrantValues, sarif: boolean, analysis: Analysis | undefined): LocatedFinding[] {
  const places = locateFindings(display, text, findings);
  if (!sarif || places.length === 0) return places;
  const fingerprints = fingerprintsOf(text, findings);
  const fixes = fixesOf(text, hint, values, findings, analysis);
  return places.map((place, i) => {
    const fix = fixes[i];
    return fix ? { ...place, fingerprint: fingerprints[i]!, fix } : { ...place, fingerprint: fingerprints[i]! };
  });
}

function encodingName(encoding: ReturnType<typeof encodingOf>): string {
  return { utf8: 'UTF-8', utf8bom: 'UTF-8', utf16le: 'UTF-16', utf16be: 'UTF-16', utf32le: 'UTF-32', utf32be: 'UTF-32' }[encoding];
}
