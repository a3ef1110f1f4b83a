import type { LintResult } from '../lint';
import type { PolicyFile, PolicyValue, Statement } from '../model';
import type { GrantValues } from '../templates';
import type { Span } from '../tree';
import type { FixBuilder, FormattingPreferences, OffsetEdit } from './types';

/**
 * What a fix recipe edits: a policy in a file of some format, whose adapter under src/formats/ gives its
 * editor through `FormatEditing` (JSON: src/formats/json/jsonEditor.ts). Paths are the same in
 * every format (keys and array indexes from the document root), so one recipe serves every format. Strings
 * holding `${…}` are template values: a template format's editor writes them in its own syntax.
 */
export type EditPath = (string | number)[];

/** `hcl`: Terraform's native syntax (`jsonencode({…})` in HCL object syntax). */
export type EditFormat = 'json' | 'yaml' | 'hcl';

export interface PolicyEditor {
  readonly format: EditFormat;
  /** The text the editor was opened on (a JSON window: its statement). */
  readonly original: string;
  /** The text after the edits so far. */
  readonly text: string;
  readonly changed: boolean;
  /** The edited text is no less valid (in its format) than the original: the edit broke nothing. */
  readonly intact: boolean;
  /** False when the edit must be redone on the whole document (a window's edit reaching outside its node). */
  readonly fitsDocument: boolean;
  /** The path of the node that has exactly this span (a model node's span); undefined when none or ambiguous. */
  pathOf(span: Span): EditPath | undefined;
  /** The path of the value of the property whose key has this span. */
  pathOfKey(keySpan: Span): EditPath | undefined;
  /** The plain value of an original node, for moving a value to another key. */
  valueAt(span: Span): unknown;
  set(path: EditPath, value: unknown): this;
  insertProperty(objectPath: EditPath, key: string, value: unknown, index?: number): this;
  appendItem(arrayPath: EditPath, value: unknown): this;
  remove(path: EditPath): this;
  renameKey(path: EditPath, newKey: string): this;
  keysAt(path: EditPath): string[];
  /** The edits from the original document to the current text (document offsets). */
  edits(): OffsetEdit[];
  /** The comments of a text in the editor's format, in order: what an edit must keep. */
  commentsOf(text: string): string[];
  /**
   * True when the editor keeps every comment by construction (it writes none and checks each edit on its own
   * text): a proposal's comments then need no second check.
   */
  readonly keepsEveryComment?: boolean;
}

/**
 * How fixes edit a file of one format, given by the format's adapter (src/formats/<format>/, its
 * `editingFor` hook) on the PolicyFile it reads. A file without it is not edited by the recipes (a shell
 * script's command lines are fixed by its adapter's own fixes).
 */
export interface FormatEditing {
  /**
   * An editor for a fix: on a window holding the statement when `statementSpan` is given (what keeps a fix
   * as cheap as its statement), else on the whole text. Undefined when the text cannot be edited.
   */
  open(text: string, statementSpan: Span | undefined, file: PolicyFile, formatting: FormattingPreferences): PolicyEditor | undefined;
  /** The comments of a text in this format, in order: what a fix must keep. */
  commentsOf(text: string): string[];
  /** The account and region a fix may write in this format (a template's own pseudo parameters, say). */
  valuesFor?(values: GrantValues, file: PolicyFile): GrantValues;
  /**
   * Recipes by finding id for a format the shared ones (FIX_BUILDERS) do not write (Terraform), used instead
   * of them. Their edits only insert text.
   */
  readonly fixBuilders?: ReadonlyMap<string, FixBuilder>;
  /**
   * The syntax errors of a text whose reader recovers from them and reads the rest with spans that are a guess
   * (JSON): no fix is offered in a statement holding one, where an edit placed by those spans could land
   * inside the broken text. Absent where the reader gives no tree for a broken text.
   */
  recoveredErrorsOf?(text: string, file: PolicyFile): readonly { readonly offset: number }[];
  /**
   * Lints a statement's text cut out of its file, as the only statement of a policy (an AddPermission body,
   * `bodyOfItsOwn`: as the document it is). Set where a statement reads the same outside its file (plain
   * JSON, not a template, whose intrinsics read as values only inside it): the trust check of a quick fix
   * then costs what the statement costs, whatever the file's size.
   */
  lintStatementAlone?(statementText: string, bodyOfItsOwn: boolean): LintResult;
  /**
   * The linter of a whole file of this editing, where it keeps the reader's syntax errors on the file
   * (`PolicyFile.jsonSyntaxErrors`): the trust check reads a one-statement file's edited text with it, and
   * fix-all's next round, linting that text with the same function, takes that reading instead of reading again.
   */
  lintFile?(text: string): LintResult;
  /**
   * Set when the editor keeps every comment by construction: fix-all compares a result's comments only where
   * an edit removes text holding this mark (YAML's `#`).
   */
  readonly keepsCommentsUnlessRemoving?: string;
  /**
   * Told before fix-all lints `after`, the text `before` (of `file`) with `edits` applied, to check a round:
   * the format's reader may then read `after` from its reading of `before` instead of from scratch (YAML: the
   * quick reader's tree with the inserted lines spliced in, src/formats/yaml/yamlSplicedTree.ts). The lint's
   * result is the same either way.
   */
  readingAfterEdits?(before: string, file: PolicyFile, edits: readonly OffsetEdit[], after: string): void;
  /**
   * A smaller text that reads `statement` as the whole of `text` reads it, before and after `edits` (in `text`'s
   * offsets, contents rendered): the trust check of a quick fix on a template then lints a few lines, not the
   * file, per proposal. Undefined where the format cannot promise the same reading of the statement (the guard
   * then lints the whole file); the guard also compares the scope's reading before the edits with the file's.
   */
  statementScope?(text: string, file: PolicyFile, statement: Statement, edits: readonly OffsetEdit[]): StatementScope | undefined;
  /**
   * Appends `suffix` to a template value (a CloudFormation intrinsic, a Terraform reference) at `path`, in the
   * format's syntax: how the S3 fix turns a bucket's ARN into its objects' ARN. `source` is the value as
   * written. False when the value's form is not one it can extend.
   */
  appendToTemplateValue?(editor: PolicyEditor, path: EditPath, source: string, value: PolicyValue, suffix: string): boolean;
  /**
   * Reads about `chars` more characters of what every fix on `file` (the lint's) reads of the whole text once
   * (a YAML template's style); true when all of it is read. Called ahead of the first fix, between the analysis
   * worker's messages (readAhead.ts); a fix asked for sooner reads the rest itself, so it changes no fix.
   */
  readAhead?(file: PolicyFile, chars: number): boolean;
}

/** A text holding one resource of a template (`FormatEditing.statementScope`), before and after a fix's edits. */
export interface StatementScope {
  readonly before: string;
  readonly after: string;
  /** The statement's index among the statements `before` reads. */
  readonly index: number;
  /** How many statements `before` reads: the resource's, as many as the file reads in it. */
  readonly count: number;
}
