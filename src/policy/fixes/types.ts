import type { Finding } from '../findings';
import type { LintResult } from '../lint';
import type { PolicyFile, Statement } from '../model';
import type { GrantValues } from '../templates';

/**
 * Fixes are offset edits computed by the core's recipes through the editor of the file's format (its
 * `editing`), so comments and indentation survive. Inserted text may carry placeholder marks (templates.ts `placeholder()`): the editor
 * turns them into tab stops, plain consumers into the guide's placeholder names.
 */
export interface OffsetEdit {
  readonly offset: number;
  readonly length: number;
  readonly content: string;
}

export interface FormattingPreferences {
  readonly tabSize: number;
  readonly insertSpaces: boolean;
  readonly eol: '\n' | '\r\n';
}

export interface FixContext {
  readonly text: string;
  readonly file: PolicyFile;
  readonly finding: Finding;
  /** The statement the finding belongs to, when it belongs to one. */
  readonly statement: Statement | undefined;
  /**
   * What the fix writes by default: values known from settings or inferred from the document, where a
   * CloudFormation template has the stack's own account and region as pseudo parameters. Missing ones
   * become placeholders.
   */
  readonly values: GrantValues;
  /** The same values before the template's substitution: what the settings and the document say literally. */
  readonly knownValues?: GrantValues;
  readonly formatting: FormattingPreferences;
  /** Only the preferred fix is wanted (fix-all): alternatives are not computed. */
  readonly onlyPreferred?: boolean;
  /**
   * The fix is applied without the user looking at it (fix-all, on save): no snippet session fills in its
   * placeholders, and nobody chooses between accounts. Fixes that need either are left to quick fixes.
   */
  readonly unattended?: boolean;
  /**
   * Unattended fixes may not leave placeholder names either (the command-line tool): a fix that needs a value
   * nobody gave is not applied at all, so the file never holds `AWSACCOUNTID` where a grant used to work.
   */
  readonly withoutPlaceholders?: boolean;
  /**
   * The format's own linter (a template's adapter), for the quick fixes' check of who is trusted in a file the
   * core cannot read a statement of on its own (see trustGuard.ts). Fix-all checks each round itself.
   */
  readonly lint?: (text: string) => LintResult;
  /**
   * `lint(text)` made already (the version's analysis): the trust check reads the file before the fix from it
   * instead of linting the whole file again (a second of a quick-fix request on a 1 MB template).
   */
  readonly reading?: LintResult;
}

export interface FixProposal {
  /** The finding id the fix answers. */
  readonly findingId: string;
  /** A short English imperative, e.g. "Add aws:SourceAccount and aws:SourceArn". */
  readonly title: string;
  /** A stable key for translations of the title (`fix.<name>`). */
  readonly titleKey: string;
  readonly titleArgs?: Readonly<Record<string, string>>;
  readonly edits: readonly OffsetEdit[];
  /** Exactly one proposal per finding is preferred: the safest. */
  readonly preferred: boolean;
}

export type FixBuilder = (context: FixContext) => FixProposal[];
