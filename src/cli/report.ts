import { escapeControlCharacters } from '../policy/controlCharacters';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatSummary, formatText, severityCounts, type SeverityCounts } from './format/text';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliIo } from './io';
import type { UnfixedFinding } from './lintFile';
import type { LintRequest } from './lintOptions';
import type { LocatedFinding } from './located';

/** `cannot read <path>: <reason>` or `cannot fix <path>: <reason>`. */
export interface RunProblem {
  readonly path: string;
  readonly what: 'read' | 'fix';
  readonly reason: string;
}

/** Everything a lint run found, before it is printed. Paths are display paths. */
export interface RunResult {
  /** Empty when the findings were printed as the files were linted (`printed`). */
  readonly findings: readonly LocatedFinding[];
  /** The counts of findings already printed (findingsStream.ts): the findings shown, and all of them. */
  readonly printed?: { readonly shown: SeverityCounts; readonly all: SeverityCounts };
  readonly lintedCount: number;
  readonly unfixed: readonly UnfixedFinding[];
  /** Files `--fix` wrote, or `--fix-dry-run` would write. */
  readonly fixedFiles: readonly string[];
  /** `--fix-dry-run`: the patch. */
  readonly diff: string;
  readonly skipped: readonly string[];
  readonly ignored: readonly string[];
  /** Files that could not be read, or not be fixed: each makes the exit code 2. */
  readonly problems: readonly RunProblem[];
}

/**
 * Prints a run as the request asks and returns its exit code: 2 when a path could not be read or a fix not
 * written, else 1 for an error finding (or more warnings than `--max-warnings`), else 0. The findings go to
 * stdout in the chosen format (a `--fix-dry-run` patch instead), notes and the summary to stderr.
 * `findingsTo: 'stderr'` is `--stdin --fix`, whose stdout is the fixed text.
 */
export function report(request: LintRequest, result: RunResult, io: CliIo, toolVersion: string, findingsTo: 'stdout' | 'stderr' = 'stdout'): number {
  const escaped = (text: string) => escapeControlCharacters(text);
  const counts = result.printed ?? printFindings(request, result.findings, io, toolVersion, findingsTo, result.diff);
  if (request.format === 'text' || request.fix === 'dry-run' || findingsTo === 'stderr') io.err(formatSummary(counts.shown, result.lintedCount));
  for (const path of result.skipped) io.err(`ses-grants: skipped ${escaped(path)}: not a format ses-grants reads (JSON, YAML, Terraform, shell, Markdown)\n`);
  for (const path of result.ignored) io.err(`ses-grants: ignored ${escaped(path)}: an ignore pattern leaves it out\n`);
  for (const { finding, missing } of result.unfixed) {
    const needs = missing.join(', ') + (missing.includes('--rule') ? ' (or --any-rule)' : '');
    io.err(`ses-grants: not fixed: ${escaped(finding.file)}:${finding.line}:${finding.column} ${finding.id} needs ${needs}\n`);
  }
  if (result.unfixed.length > 0) {
    io.err('ses-grants: give those values as options, or as accountId, region, ruleSet and rule (or anyRule) in ses-grants.json\n');
  }
  if (request.fix !== 'none' && result.fixedFiles.length > 0) {
    const count = `${result.fixedFiles.length} file${result.fixedFiles.length === 1 ? '' : 's'}`;
    io.err(request.fix === 'write' ? `ses-grants: fixed ${count}\n` : `ses-grants: --fix would change ${count}\n`);
  }
  // A file name found in a folder may hold a newline or ESC: shown escaped, as in the findings.
  for (const { path, what, reason } of result.problems) io.err(`ses-grants: cannot ${what} ${escaped(`${path}: ${reason}`)}\n`);
  if (result.problems.length > 0) return EXIT_USAGE;
  if (counts.all.error > 0) return EXIT_FINDINGS;
  const warnings = counts.all.warning;
  if (request.maxWarnings !== undefined && warnings > request.maxWarnings) {
    io.err(`ses-grants: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${request.maxWarnings}\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}

/** Prints the findings of a run (or its patch) in the format asked for; returns their counts. */
function printFindings(
  request: LintRequest,
  findings: readonly LocatedFinding[],
  io: CliIo,
  toolVersion: string,
  findingsTo: 'stdout' | 'stderr',
  diff: string,
): { shown: SeverityCounts; all: SeverityCounts } {
  const shown = request.quiet ? findings.filter((f) => f.severity === 'error') : findings;
  if (request.fix === 'dry-run') {
    io.out(diff);
  } else if (findingsTo === 'stderr') {
    io.err(formatText(shown));
  } else {
    switch (request.format) {
      case 'text':
        io.out(formatText(shown));
        break;
      case 'json':
        io.out(formatJson(shown));
        break;
      case 'sarif':
        io.out(formatSarif(shown, toolVersion));
        break;
    }
  }
  return { shown: severityCounts(shown), all: severityCounts(findings) };
}
