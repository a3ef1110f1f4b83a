import type { FileRule, Finding } from '../policy/findings';
import type { OffsetEdit } from '../policy/fixes/types';
import type { FixAllOptions, FixProposal, FormattingPreferences, Linter } from '../policy/fixes';
import type { FormatEditing } from '../policy/fixes/policyEditor';
import type { LintOptions } from '../policy/lint';
import type { PolicyFile } from '../policy/model';
import type { LineCommentMarker, SourceComment } from '../policy/suppressions';
import type { GrantInsertPlan } from './json/insert';
import type { GrantValues, InsertKind } from '../policy/templates';
import type { EmbeddedDocument, FormatLintResult } from './result';
import type { FormatOfTag } from './markdown';
import type { ModuleFile } from './terraform';

/** One replacement in a text, as the editor's change events give them (applied in order, each to the text the previous left). */
export interface TextReplacement {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
}

/**
 * One format the linter reads: how a file is recognised, parsed, and what policies it holds, and where its
 * comments are. Every adapter is listed once in `FORMAT_ADAPTERS` (registry.ts); nothing else chooses formats.
 * The adapter does not lint: `lintText` (src/formats/index.ts) drives every adapter the same way, parse →
 * extract → the core's rules (`lintPolicyFile`) with the adapter's cross-resource rules.
 *
 * What the adapter hooks map to here:
 * - detect: `languageIds`, `extensions`, `claimsFile`, `mightHold`;
 * - parse, extract, crossResourceRules: as named;
 * - editorFor and valuesFor: `fixing.editingFor`, the `FormatEditing` (src/policy/fixes/policyEditor.ts: its
 *   editor, the account and region a fix writes, recipes of its own) the lint sets as the file's `editing`;
 *   the rest of `fixing` is what fixes, fix-all and suppressions need to know of the format.
 */
export interface FormatAdapter<Id extends string = string, Tree = unknown> {
  readonly id: Id;
  /** The format's name in messages: `parse-error` says "JSON", "YAML in this code block"… */
  readonly displayName: string;
  /** VS Code language ids read in this format (the first is the language a file of this format opens in). */
  readonly languageIds: readonly string[];
  /** File name endings (lower case) read in this format when no language id says otherwise. */
  readonly extensions: readonly string[];
  /** The command-line folder walk matches `extensions` in any letter case (else in lower case only, as written). */
  readonly extensionsAnyCase?: boolean;
  /**
   * Formats whose language id this format's file names win over: a `*.tf.json` file opened as JSON is still
   * Terraform. Otherwise a language id wins over the file name.
   */
  readonly winsOverLanguagesOf?: readonly string[];
  /** Whether this format reads a file of that name (lower case) and text; by default, when an extension matches. */
  claimsFile?(name: string, text: string): boolean;
  /**
   * Cheap test before any parsing: false when the text cannot hold anything the format reads (no SES
   * principal, no `:ses:` ARN…). Such a text yields no findings and is not parsed.
   */
  mightHold(text: string): boolean;
  /** Reads the text into the format's tree, offsets into the file (the neutral tree of src/policy/tree.ts, or the format's own). */
  parse(text: string, hint: FormatHint): ParsedText<Tree>;
  /**
   * The policies the parsed file holds, as the core's `PolicyFile` (statements carrying the file's offsets),
   * and the documents of other formats inside it (`nesting` lints them: formats nest). Not called when the
   * parse says `notRead` or `parserLoading`.
   */
  extract(parsed: ParsedText<Tree>, text: string, hint: FormatHint, nesting: Nesting, options: LintOptions): Extraction;
  /**
   * A user's edits (in order) turned `before`, whose lint read `file`, into `after`, which is linted next:
   * the format may read it from what it read of `before` (YAML: the edited entry of a template read again).
   * What it offers is taken by the next parse of exactly `after`; `withdrawReading` drops what was not taken.
   * `owned`: `file` and everything read with it are dropped by the caller and never read again, so the format
   * may make the reading of `after` by changing them in place.
   */
  offerReadingAfterChanges?(before: string, file: PolicyFile, edits: readonly TextReplacement[], after: string, owned: boolean): void;
  withdrawReading?(): void;
  /** The format's checks across resources (a template's or module's targets), run after the core's rules on a file it extracted. */
  crossResourceRules?(file: PolicyFile): readonly FileRule[] | undefined;
  /** The file's comments as suppressions read them: each comment's text and where it stands. */
  commentsOf(text: string, hint: FormatHint): SourceComment[];
  /** Markdown code blocks with these tags (lower case) are documents of this format. */
  readonly codeBlockTags?: readonly string[];
  /**
   * True when the format reports syntax errors only in a text that may hold a grant (Terraform: past its
   * prefilter, broken JSON in a policy string among them): in a Markdown code block they count even where no
   * policy was read. Otherwise a block's syntax error counts only when a policy was read from the block.
   */
  readonly syntaxErrorsAlwaysCount?: boolean;
  /** Markdown code blocks with these tags are terminal sessions whose commands (after the prompts) are this format's text. */
  readonly sessionBlockTags?: readonly string[];
  /** How fixes work in this format; without it, the shared recipes edit nothing in its files and no suppression comment is offered. */
  readonly fixing?: FormatFixing;
  /**
   * Where "Add SES Grant" puts a grant when the format has a place of its own for it (a template's or a
   * module's resources); undefined (or no hook): into the policy the text is, by the JSON policy planner (src/formats/json/insert.ts).
   */
  planInsert?(text: string, hint: FormatHint, kind: InsertKind, values: GrantValues, formatting: FormattingPreferences): InsertPlan | undefined;
  /**
   * The account and region the file's module names itself (Terraform's `data.aws_caller_identity.X.account_id`,
   * `data.aws_region.X.name`), which a grant written into it uses whatever value is given: "Add SES Grant"
   * does not ask for them. No hook, or a key absent: the value is asked for.
   */
  moduleReferences?(file: PolicyFile): { readonly accountId?: string; readonly region?: string };
}

/**
 * Where "Add SES Grant" puts a grant: into the resources of a template (CloudFormation, Terraform: the grant's
 * policy resource, or a new one), or into the policy the text is (or a new one when the text is empty).
 */
export type InsertPlan = { readonly into: 'template'; readonly plan: TemplateInsertPlan } | { readonly into: 'policy'; readonly plan: GrantInsertPlan };

/**
 * Where "Add SES Grant" puts a grant in a file of resources (a CloudFormation template, a Terraform module):
 * into the policy of the target's resource, or a new resource.
 */
export interface TemplateInsertPlan {
  /** Edits that add the grant; undefined when the template cannot take it (see `problem`). */
  readonly add: readonly OffsetEdit[] | undefined;
  /** The existing resource (logical id, Terraform address) the statement goes into; undefined when a new resource is added. */
  readonly into: { readonly logicalId: string; readonly line: number } | undefined;
  /** The logical id (address) of the resource added, when one is. */
  readonly newResource: string | undefined;
  /** An SES grant of this kind already in the resource the statement would go into (its 1-based line). */
  readonly existingGrantLine: number | undefined;
  /**
   * Edits that update that grant in place instead (as "Add SES grant" does in a JSON policy): each key of the
   * new statement set on it, its `Sid` and its `Resource` kept; empty when it already says all that (CloudFormation only).
   */
  readonly update?: readonly OffsetEdit[] | undefined;
  /** Why nothing can be added (English). */
  readonly problem: string | undefined;
}

/** A plan that adds nothing, and says why. */
export function cannotInsert(problem: string): TemplateInsertPlan {
  return { add: undefined, into: undefined, newResource: undefined, existingGrantLine: undefined, problem };
}

/**
 * What fixes, fix-all and the suppression quick fix ask of a format (src/formats/fixes, src/formats/suppressFix.ts).
 * Documents and policies embedded in the file are fixed by their own formats and written back through
 * their embedding, whatever the outer format.
 */
export interface FormatFixing {
  /** editorFor and valuesFor: how fixes edit a file this adapter extracted; undefined: the shared recipes do not edit it. */
  editingFor?(file: PolicyFile): FormatEditing | undefined;
  /** The line comment that suppresses the next line's finding (`ses-grants-disable-next-line`); none where a comment cannot stand (Markdown). */
  readonly lineComment: LineCommentMarker | undefined;
  /**
   * Whether a whole comment line inserted at `lineStart` of the file's text leaves every other reading of it as
   * it was (the file's findings, moved by the line, and its syntax errors): the suppression quick fix then reads
   * the file after its comment from the file before it instead of linting it again. By default it lints.
   */
  commentLineFitsAt?(file: PolicyFile, lineStart: number): boolean;
  /** The values a fix writes into a policy embedded in a string of this format; by default the values given. */
  embeddedValues?(values: GrantValues, file: PolicyFile): GrantValues;
  /** Fixes of the format's own statements that the core's recipes do not write (a shell script's command lines); by default the core's. */
  ownFixes?(text: string, file: PolicyFile, finding: Finding, values: GrantValues): FixProposal[];
  /** Fix-all on the format's own statements (before its embedded policies and documents); by default the core's `fixAllText`. */
  ownFixAll?(text: string, lint: Linter, run: OwnFixAllRun): string;
}

/** What a format's own fix-all is given: the values and layout, and the unattended fix of one finding (in every format). */
export interface OwnFixAllRun {
  readonly values: GrantValues;
  readonly formatting: FormattingPreferences;
  readonly options: FixAllOptions;
  unattendedFix(text: string, result: FormatLintResult, finding: Finding): FixProposal | undefined;
}

export type SyntaxErrors = FormatLintResult['syntaxErrors'];

/** What `parse` read. */
export interface ParsedText<Tree> {
  /** The format's tree; undefined when nothing could be read (extract then finds nothing). */
  readonly tree: Tree | undefined;
  readonly syntaxErrors: SyntaxErrors;
  /** Why the text was not parsed at all (a YAML text beyond the reader's limits): nothing is extracted. */
  readonly notRead?: string;
  /** The format's parser is still loading (Terraform's WebAssembly): nothing is extracted; lint again once it resolves. */
  readonly parserLoading?: Promise<void>;
}

/** What `extract` found in a parsed file. */
export interface Extraction {
  readonly file: PolicyFile | undefined;
  /** Problems met while extracting (broken JSON in a policy string), reported after the parse's. */
  readonly syntaxErrors?: SyntaxErrors;
  /** Documents of their own inside the file (Markdown code blocks), each linted in its own format; their findings are placed in the file. */
  readonly documents?: readonly EmbeddedDocument[];
}

/** Lints a document found inside a file (a Markdown code block) in the format of its language: formats nest. */
export type NestedLint = (text: string, hint: FormatHint, options: LintOptions) => FormatLintResult;

/** What an adapter whose files hold documents of other formats is given: the format dispatch, and the registered code-block tags. */
export interface Nesting {
  readonly lint: NestedLint;
  readonly codeBlockFormat: FormatOfTag;
}

export interface FormatHint {
  readonly fileName?: string;
  /** Terraform: the other files of the file's module (its folder), for the checks across resources. */
  readonly moduleFiles?: readonly ModuleFile[];
  /** A VS Code language id (`json`, `jsonc`, `yaml`, `shellscript`, `markdown`, `terraform`); wins over the file name. */
  readonly languageId?: string;
}

/** Declares an adapter, keeping its id as a literal type (`SourceFormat` is the union of the registered ids). */
export function formatAdapter<Id extends string, Tree>(adapter: FormatAdapter<Id, Tree>): FormatAdapter<Id, Tree> {
  return adapter;
}
