import type { FormatEditing } from './fixes/policyEditor';
import type { ObjectNode, PropertyNode, Span, TreeNode } from './tree';

/**
 * The policy model: statements with every element normalised (docs/semantics.md#normalisation) and every value keeping its span,
 * so that rules report precise ranges and fixes know where to edit.
 */

export type GrantKind = 's3' | 'kms' | 'lambda' | 'sns' | 'sts';
export const GRANT_KINDS: readonly GrantKind[] = ['s3', 'kms', 'lambda', 'sns', 'sts'];

/** A string-like value of the policy: a literal, or an opaque template token whose known text is `text`. */
export interface PolicyValue {
  readonly text: string;
  readonly span: Span;
  readonly node: TreeNode;
  /** True for template values (intrinsics); their `text` is only the literal part. */
  readonly isToken: boolean;
}

export interface ConditionEntry {
  /** The operator as written: `StringEquals`, `ArnLikeIfExists`, `ForAnyValue:StringLike`. */
  readonly operator: string;
  /** The operator without set qualifier and without `IfExists`: `StringEquals`, `ArnLike`. */
  readonly baseOperator: string;
  readonly ifExists: boolean;
  readonly operatorSpan: Span;
  /** The operator's object (`{"aws:SourceAccount": …}`). Undefined for AddPermission properties. */
  readonly block: ObjectNode | undefined;
  /** The key as written, and lower-cased for comparison (keys are case-insensitive). */
  readonly key: string;
  readonly keyLower: string;
  readonly keySpan: Span;
  /** From the key to the end of its value. */
  readonly entrySpan: Span;
  readonly valueNode: TreeNode;
  readonly values: readonly PolicyValue[];
  /** Set when the entry comes from an AddPermission body's `SourceAccount` / `SourceArn` property. */
  readonly fromAddPermission: boolean;
}

export type PrincipalType = 'wildcard' | 'AWS' | 'Service' | 'Federated' | 'CanonicalUser' | 'other';

export interface PrincipalEntry {
  readonly type: PrincipalType;
  readonly value: PolicyValue;
}

export type StatementShape = 'policy-statement' | 'bare-statement' | 'add-permission';

export interface PolicyDocument {
  readonly node: ObjectNode;
  readonly version: PropertyNode | undefined;
  readonly statementProperty: PropertyNode | undefined;
  readonly statements: readonly Statement[];
}

export interface Statement {
  readonly shape: StatementShape;
  readonly node: ObjectNode;
  /** The enclosing policy document (undefined for bare statements and AddPermission bodies). */
  readonly document: PolicyDocument | undefined;
  readonly sid: PolicyValue | undefined;
  readonly effect: PolicyValue | undefined;
  readonly principalProperty: PropertyNode | undefined;
  readonly notPrincipalProperty: PropertyNode | undefined;
  readonly principals: readonly PrincipalEntry[];
  readonly actionProperty: PropertyNode | undefined;
  readonly notActionProperty: PropertyNode | undefined;
  readonly actions: readonly PolicyValue[];
  readonly resourceProperty: PropertyNode | undefined;
  readonly notResourceProperty: PropertyNode | undefined;
  readonly resources: readonly PolicyValue[];
  /** The `Condition` property; AddPermission bodies have none (their source keys are properties). */
  readonly conditionProperty: PropertyNode | undefined;
  readonly conditions: readonly ConditionEntry[];
}

/** Everything a format adapter found in one file. */
export interface PolicyFile {
  readonly text: string;
  readonly root: TreeNode | undefined;
  readonly documents: readonly PolicyDocument[];
  /** Every statement in document order, including bare statements and AddPermission bodies. */
  readonly statements: readonly Statement[];
  /** True when values like `${…}` are template syntax of the format (CloudFormation, Terraform). */
  readonly allowsTemplateValues: boolean;
  /**
   * The JSON reader's syntax errors in `text`, where the file was read as JSON (parseJson) and they were kept:
   * fixes check their statement against them without reading the text again.
   */
  readonly jsonSyntaxErrors?: readonly { readonly offset: number }[];
  /** How fixes edit the file (its editor, values and recipes), given by its format adapter; absent when the shared recipes do not edit it (a shell script). */
  readonly editing?: FormatEditing;
  /**
   * Policies read from text written inside this file in another form: a JSON string (`{"Policy": "…"}`), a
   * shell argument or heredoc. Their statements are in `statements`, with spans in this file's text.
   */
  readonly embedded?: readonly EmbeddedPolicy[];
}

/**
 * Inner offsets (of text decoded from inside a file) to the file's offsets and back. A span that starts or
 * ends inside an escape sequence widens to the whole sequence; `spanToInner` is undefined for a span that
 * cuts one, which an edit must not do. src/formats/offsetMap.ts builds them.
 */
export interface SpanMap {
  spanToOuter(span: Span): Span;
  spanToInner(span: Span): Span | undefined;
}

/** How an embedded policy is written in its file. */
export type EmbeddedPolicySource = 'json-string' | 'yaml-string' | 'shell-argument' | 'terraform-heredoc' | 'terraform-string' | 'terraform-json-expression';

/** How text is written where it is embedded (a string's escapes, a shell word's quoting): text in that form. */
export type TextEncoding = (content: string) => string;

/** A policy read from text decoded out of its file (escapes, quotes or indentation removed). */
export interface EmbeddedPolicy {
  readonly source: EmbeddedPolicySource;
  /**
   * The forms a fix's text may need where the policy is written, most likely first, as the embedding that
   * read it knows them; fixes are written back through the first that reads back faithfully.
   */
  readonly encodings: readonly TextEncoding[];
  /**
   * The decoded text, as the policy's own reader saw it: JSON, or for `terraform-json-expression` (a
   * `${jsonencode({…})}` string of Terraform's JSON syntax) a Terraform file holding that expression.
   */
  readonly text: string;
  /** The same tree with spans in the file's text: the statements of the file point into this one. */
  readonly root: TreeNode;
  readonly map: SpanMap;
  /** The decoded text's syntax errors, with offsets in the file's text. */
  readonly syntaxErrors: readonly { readonly message: string; readonly offset: number; readonly length: number }[];
}
