import { FIX_BUILDERS } from '../../policy/fixes';
import type { FixBuilder } from '../../policy/fixes/types';
import type { EditPath, FormatEditing, PolicyEditor } from '../../policy/fixes/policyEditor';
import type { PolicyDocument, PolicyFile } from '../../policy/model';
import type { Span } from '../../policy/tree';
import { documentFixBuilder, isJsonSyntax } from './documentFixes';
import { JsonencodeEditor } from './jsonencodeEditor';
import { terraformModuleValues } from './moduleValues';
import { PERMISSION_FIX_BUILDERS } from './permissionFixes';
import type { TerraformFile } from './terraformFile';

/**
 * How fixes edit a Terraform file. The shared fix recipes edit a policy written as `jsonencode({…})` through
 * the HCL object editor (jsonencodeEditor.ts); an `aws_lambda_permission` gets its own arguments
 * (permissionFixes.ts); JSON in a heredoc or a quoted string is fixed as the JSON it is and written back in
 * the string's form (src/formats/fixes). Account and region: the module's own data sources when it declares
 * them, else the settings' values.
 */
const POLICY_EDITING: FormatEditing = {
  open(text, statementSpan, file) {
    const document = statementSpan && documentAt(file, statementSpan);
    return document && openDocument(text, file, document);
  },
  commentsOf: (text) => JsonencodeEditor.commentsOfText(text),
  valuesFor: (values, file) => terraformModuleValues(file as TerraformFile, values),
  appendToTemplateValue: (editor, path, source, _value, suffix) => appendToHclTemplate(editor, path, source, suffix),
};

/**
 * A bucket ARN in Terraform: a reference (`aws_s3_bucket.inbox.arn`) becomes the string `"${aws_s3_bucket.inbox.arn}/*"`,
 * a plain template string (`"${aws_s3_bucket.inbox.arn}"`) gets the suffix inside it; anything else is left alone.
 */
function appendToHclTemplate(editor: PolicyEditor, path: EditPath, source: string, suffix: string): boolean {
  if (/^[A-Za-z_][\w.\-]*$/.test(source)) editor.set(path, `\${${source}}${suffix}`);
  else if (/^"[^"\\%]*"$/.test(source)) editor.set(path, source.slice(1, -1) + suffix);
  else return false;
  return true;
}

function documentAt(file: PolicyFile, span: Span): PolicyDocument | undefined {
  return file.documents.find((d) => d.node.span.offset <= span.offset && span.offset + span.length <= d.node.span.offset + d.node.span.length);
}

function openDocument(text: string, file: PolicyFile, document: PolicyDocument): PolicyEditor | undefined {
  // Terraform's JSON syntax (`*.tf.json`) is not edited here, nor JSON in a string (src/formats/fixes writes
  // it); a jsonencode object starts with its brace (a policy document's tree spans its `data` block).
  if (isJsonSyntax(text) || text.charCodeAt(document.node.span.offset) !== 0x7b) return undefined;
  if (file.embedded?.some((policy) => policy.root.span.offset === document.node.span.offset)) return undefined;
  return JsonencodeEditor.open(text, document.node.span);
}

/**
 * The shared builders on the policy that holds the finding: a jsonencode object through its editor (a finding
 * on the whole policy, `version-missing`, has no statement to say which of the file's policies it is), a
 * policy document through the JSON it renders (documentFixes.ts).
 */
function onItsPolicy(builder: FixBuilder): FixBuilder {
  return (context) => {
    const document = documentAt(context.file, context.finding.statementSpan ?? context.finding.span);
    if (!document) return [];
    if (context.text.charCodeAt(document.node.span.offset) !== 0x7b) return documentFixBuilder(document)(context);
    const editing: FormatEditing = { ...POLICY_EDITING, open: (text) => openDocument(text, context.file, document) };
    return builder({ ...context, file: { ...context.file, editing } });
  };
}

/**
 * The recipes and the Terraform writers build their new lines with `\n`; a file written with CRLF gets its own
 * line ends in every line an edit writes, as the JSON and YAML editors do, never a file of mixed line ends.
 * (A line break inside HCL is never part of a value: a quoted string cannot hold one, a heredoc's are the file's.)
 */
function inFileLineEnds(builder: FixBuilder): FixBuilder {
  return (context) => {
    const proposals = builder(context);
    if (context.formatting.eol !== '\r\n') return proposals;
    return proposals.map((proposal) => ({
      ...proposal,
      edits: proposal.edits.map((edit) => (edit.content.includes('\n') ? { ...edit, content: edit.content.replace(/\r?\n/g, '\r\n') } : edit)),
    }));
  };
}

/** By finding id: the permission's own builder for an `aws_lambda_permission`, the shared one for a policy. */
const TERRAFORM_FIX_BUILDERS: ReadonlyMap<string, FixBuilder> = new Map(
  [...new Set([...FIX_BUILDERS.keys(), ...PERMISSION_FIX_BUILDERS.keys()])].map((id) => {
    const permission = PERMISSION_FIX_BUILDERS.get(id);
    const shared = FIX_BUILDERS.get(id);
    const policy = shared && onItsPolicy(shared);
    const builder: FixBuilder = (context) => (context.statement?.shape === 'add-permission' ? (permission?.(context) ?? []) : (policy?.(context) ?? []));
    return [id, inFileLineEnds(builder)];
  }),
);

/** The Terraform editing with its own recipes (above): what the adapter's `editingFor` gives every Terraform file. */
export const TERRAFORM_EDITING: FormatEditing = { ...POLICY_EDITING, fixBuilders: TERRAFORM_FIX_BUILDERS };
