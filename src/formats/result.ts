import type { LintResult } from '../policy/lint';
import type { EmbeddedPolicySource, SpanMap } from '../policy/model';

/** A syntax error the CLI reports as `parse-error`, with what could not be read (`JSON in this code block`). */
export interface SyntaxProblem {
  readonly what: string;
  readonly message: string;
  readonly offset: number;
  readonly length: number;
}

/**
 * A document of its own inside a file: a Markdown code block, linted by its own format. Its result keeps the
 * offsets of the text its reader saw; `map` takes them to the file (the fixes will write back through it).
 */
export interface EmbeddedDocument {
  /** The block's tag as written (`json`, `console`). */
  readonly tag: string;
  /** The VS Code language the block is read as (`json`, `yaml`, `shellscript`, `terraform`). */
  readonly languageId: string;
  readonly text: string;
  readonly map: SpanMap;
  readonly result: FormatLintResult;
  /** Where the document cannot be read, in the file's offsets. */
  readonly syntaxProblems: readonly SyntaxProblem[];
}

export interface FormatLintResult extends LintResult {
  /** Separate documents inside the file (Markdown code blocks); their findings are in `findings` too, placed in the file. */
  readonly documents?: readonly EmbeddedDocument[];
}

const WHERE: Readonly<Record<EmbeddedPolicySource, string>> = {
  'json-string': 'JSON in this string',
  'yaml-string': 'JSON in this string',
  'shell-argument': 'JSON in this shell argument',
  'terraform-heredoc': 'JSON in this heredoc',
  'terraform-string': 'JSON in this string',
  'terraform-json-expression': 'the expression in this string',
};

/**
 * The syntax errors inside a file that its own syntax error (if any) does not cover: the first one of each
 * policy decoded from a string or an argument, and those of its code blocks. Each part stands alone, so a
 * broken one does not hide the others.
 */
export function innerSyntaxProblems(result: FormatLintResult): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  for (const policy of result.file?.embedded ?? []) {
    const first = policy.syntaxErrors[0];
    if (first) problems.push({ what: WHERE[policy.source], ...first });
  }
  for (const document of result.documents ?? []) problems.push(...document.syntaxProblems);
  return problems;
}
