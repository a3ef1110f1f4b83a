import type { LintOptions } from '../policy/lint';
import type { SourceComment } from '../policy/suppressions';
import type { FormatLintResult } from './result';
import type { ModuleFile } from './terraform';

/**
 * One format the linter reads: how a file is recognised, read into the policy model and linted, and where its
 * comments are. Every adapter is listed once in `FORMAT_ADAPTERS` (registry.ts); nothing else chooses formats.
 *
 * What the adapter hooks map to here:
 * - detect: `languageIds`, `extensions`, `claimsFile`;
 * - parse and extract: inside `lint`, which reads the text into the neutral tree (src/policy/tree.ts, offsets
 *   into the file), builds the `PolicyFile` and runs `lintPolicyFile` with the format's cross-resource rules
 *   as `extraFileRules`;
 * - editorFor and valuesFor: the `FormatEditing` the adapter sets as `editing` on the PolicyFile it builds
 *   (src/policy/fixes/policyEditor.ts); without one, fixes offer nothing in that format.
 */
export interface FormatAdapter<Id extends string = string> {
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
  /** Reads the file and lints what it holds, suppressions not applied (lintText applies them). */
  lint(text: string, hint: FormatHint, options: LintOptions, nested: NestedLint): FormatLintResult;
  /** The file's comments as suppressions read them: each comment's text and where it stands. */
  commentsOf(text: string, hint: FormatHint): SourceComment[];
}

/** Lints a document found inside a file (a Markdown code block) in the format of its language: formats nest. */
export type NestedLint = (text: string, hint: FormatHint, options: LintOptions) => FormatLintResult;

export interface FormatHint {
  readonly fileName?: string;
  /** Terraform: the other files of the file's module (its folder), for the checks across resources. */
  readonly moduleFiles?: readonly ModuleFile[];
  /** A VS Code language id (`json`, `jsonc`, `yaml`, `shellscript`, `markdown`, `terraform`); wins over the file name. */
  readonly languageId?: string;
}

/** Declares an adapter, keeping its id as a literal type (`SourceFormat` is the union of the registered ids). */
export function formatAdapter<Id extends string>(adapter: FormatAdapter<Id>): FormatAdapter<Id> {
  return adapter;
}
