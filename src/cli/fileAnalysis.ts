import { analyze, type Analysis, type FormatHint } from '../service';

/**
 * Every analysis of a whole file the command line makes (its lint, fix-all's rounds, the values fixes need,
 * SARIF's fixes) goes through here, so that one can be handed on instead of made again, and counted: a test
 * reads the count (cli-lint-count.test.ts) to hold `--fix` to one lint of the file as read and one per fix round.
 */
let made = 0;

export function analyzeFile(text: string, hint: FormatHint): Analysis {
  made++;
  return analyze(text, hint);
}

/** The analyses made so far in this process. */
export function analysesMade(): number {
  return made;
}

/**
 * `given` when it is an analysis of `text` (made with the same hint, which the callers ensure), else a new
 * one: the analysis a step before made is handed on instead of made again.
 */
export function analysisOf(text: string, hint: FormatHint, given: Analysis | undefined): Analysis {
  return given !== undefined && given.text === text ? given : analyzeFile(text, hint);
}
