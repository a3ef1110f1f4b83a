import { visit } from 'jsonc-parser';
import { describeParseError } from '../formats/json/parseJson';
import { findingsInBatches, innerSyntaxProblems, type Analysis, type FormatHint, type FormatLintResult, type SourceFormat, type SyntaxProblem } from '../service';
import { analysisOf } from './fileAnalysis';
import { compareFindings, makeFinding, type Finding } from '../policy/findings';

/**
 * The CLI's view of one file: the findings of its format adapter (JSON policy, CloudFormation JSON or YAML,
 * Terraform, shell script, Markdown) plus a `parse-error` at the first syntax error of the file, and one at the first
 * syntax error of each part read from inside it (a policy in a string or a shell argument, a code block).
 *
 * Which syntax errors count: JSON files must be JSON(C) — comments and trailing commas are read leniently
 * (docs/semantics.md#normalisation), and an empty file holds no policy rather than being broken. YAML and `.template` files are
 * reported only when they are CloudFormation templates: a Helm chart or a Handlebars template is not YAML
 * or JSON at all, and reporting it would break precision on files that hold no SES grant. Terraform files
 * are parsed only when they name an SES principal or a receipt rule, so only those can be reported. Shell scripts,
 * and the parts inside files, only when they may hold an SES grant: READMEs and scripts are full of text
 * that is nobody's policy.
 */
export interface FileLintResult {
  /** The text the positions refer to: the file without a leading byte-order mark, as editors show it. */
  readonly text: string;
  readonly findings: readonly Finding[];
  /**
   * Why a file that looks like a CloudFormation template was not read (it is beyond the YAML reader's
   * limits). Other YAML beyond the limits holds no template and is passed over in silence, as it would be
   * after parsing.
   */
  readonly notRead?: string;
  /** Set when the file needs the Terraform parser, which is not loaded yet: lint the file again once this resolves. */
  readonly parserLoading?: Promise<void>;
  /** The analysis of `text` the findings come from: fixes, and the values they need, start from it. */
  readonly analysis?: Analysis;
}

const LENIENT_SYNTAX = /\.(ya?ml|template)$/i;
/** What a template shows even unparsed: its format version, or the `AWS::` of resource types and pseudo parameters. */
const LOOKS_LIKE_TEMPLATE = /AWSTemplateFormatVersion|AWS::/;

/**
 * `analysis`: one already made of the text (fix-all's last round of the fixed text), read instead of linting
 * again; it must have been made with the same hint.
 */
export function lintFileText(rawText: string, fileName = 'policy.json', hint: Omit<FormatHint, 'fileName'> = {}, analysis?: Analysis): FileLintResult {
  const text = withoutByteOrderMark(rawText);
  const read = analysisOf(text, { ...hint, fileName }, analysis);
  const result = read.result;
  if (result.parserLoading) return { text, findings: [], parserLoading: result.parserLoading };
  if (result.notRead) return LOOKS_LIKE_TEMPLATE.test(text) ? { text, findings: [], notRead: result.notRead } : { text, findings: [] };
  const own = ownSyntaxError(text, read.format, LENIENT_SYNTAX.test(fileName) && hint.languageId === undefined, result);
  const inner = innerSyntaxProblems(result).map(parseErrorOf);
  const findings = inner.length > 0 ? [...inner, ...result.findings].sort(compareFindings) : result.findings;
  // The file's own error comes first: it explains why later findings may be incomplete.
  return { text, findings: own ? [parseErrorOf({ what: read.formatName, ...own }), ...findings] : findings, analysis: read };
}

/**
 * `lintFileText`'s result for a plain JSON policy read statement by statement (`findingsInParts`), or undefined
 * where that reading does not fit the file. Such a file is strict JSON and holds no policy in a string, so it
 * has no syntax error of its own or inside it: the findings are all there is.
 */
export function lintFileTextInParts(rawText: string, fileName: string, hint: Omit<FormatHint, 'fileName'> = {}): FileLintResult | undefined {
  const text = withoutByteOrderMark(rawText);
  const findings: Finding[] = [];
  const read = lintFileInBatches(text, fileName, hint, (batch) => {
    for (const finding of batch) findings.push(finding);
  });
  return read ? { text, findings: findings.sort(compareFindings) } : undefined;
}

/**
 * `lintFileTextInParts`' findings handed to `take` a batch at a time, each in document order (not the batches),
 * for `text` without its byte-order mark; false (and the batches wrong) where the reading does not fit.
 */
export function lintFileInBatches(text: string, fileName: string, hint: Omit<FormatHint, 'fileName'>, take: (findings: readonly Finding[]) => void): boolean {
  return findingsInBatches(text, { ...hint, fileName }, take);
}

/** The text the positions refer to: the file without a leading byte-order mark, as editors show it. */
export function withoutByteOrderMark(rawText: string): string {
  return rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
}

function ownSyntaxError(text: string, format: SourceFormat, lenient: boolean, result: FormatLintResult) {
  switch (format) {
    case 'terraform':
      // The parser's innermost error, or broken JSON in a policy string (files that name no SES grant are not parsed).
      return result.syntaxErrors[0];
    case 'markdown':
      return undefined;
    case 'yaml':
      return result.file?.allowsTemplateValues ? result.syntaxErrors[0] : undefined;
    case 'json':
      if (lenient) return result.file?.allowsTemplateValues ? result.syntaxErrors[0] : undefined;
      return result.file ? result.syntaxErrors[0] : firstSyntaxError(text);
    default:
      // Shell scripts, and any format registered later: the first error of a file that holds a grant.
      return result.file ? result.syntaxErrors[0] : undefined;
  }
}

function parseErrorOf(problem: SyntaxProblem): Finding {
  return makeFinding('parse-error', { offset: problem.offset, length: problem.length }, { format: problem.what, detail: problem.message }, undefined);
}

/**
 * The first syntax error of a text the linter skipped (its prefilter found nothing SES-related). Most
 * files are strict JSON, which the native parser confirms fastest; only the rest are scanned as JSONC.
 */
function firstSyntaxError(text: string): { message: string; offset: number; length: number } | undefined {
  if (text.trim() === '') return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch {
    // Not strict JSON: comments, trailing commas, or a real error. The JSONC scanner tells which.
  }
  let first: { message: string; offset: number; length: number } | undefined;
  try {
    visit(
      text,
      {
        onError(error, offset, length) {
          first ??= { message: describeParseError(error), offset, length };
        },
      },
      { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true },
    );
  } catch {
    // The JSONC visitor recurses: thousands of unclosed brackets exhaust the stack. The text is broken anyway.
    first ??= { message: 'the text could not be read as JSON', offset: 0, length: 0 };
  }
  return first;
}

