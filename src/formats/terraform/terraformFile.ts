import { collectFromPolicyRoot } from '../../policy/extract';
import type { EmbeddedPolicy, PolicyDocument, PolicyFile, Statement } from '../../policy/model';
import { isObject, type ObjectNode, type PropertyNode } from '../../policy/tree';
import { readEmbeddedJson } from './embeddedJson';
import { OffsetMap, type OffsetPiece } from '../offsetMap';
import { attributeOf, type HclBody, type HclExpression, type HclTemplate } from './hcl';
import { hclToTree } from './hclValues';
import { policyDocumentTree } from './policyDocument';
import { decodeTemplate, TERRAFORM_HEREDOC, TERRAFORM_QUOTED } from './templateText';
import { JSON_STRING } from '../embedded/jsonString';
import { LAMBDA_PERMISSION, POLICY_ATTRIBUTE, POLICY_DOCUMENT, resourcesOf, type TerraformResource } from './resources';

/**
 * A Terraform file onto the policy model: the statements of every policy root of docs/semantics.md#terraform, each remembering
 * the resources whose policy holds it (for the checks across resources, crossResourceRules.ts).
 */

export interface TerraformFile extends PolicyFile {
  readonly resources: readonly TerraformResource[];
  /** The resources whose policy holds each statement: its own, plus every resource using a policy document. */
  readonly statementResources: ReadonlyMap<Statement, readonly TerraformResource[]>;
  /** Resources whose policy is `data.aws_iam_policy_document.<name>.json`, with that name (the document may be in another file). */
  readonly documentLinks: ReadonlyMap<TerraformResource, string>;
  /** Resources whose policy is computed elsewhere (`templatefile(…)`, a variable): what it grants is unknown. */
  readonly opaquePolicies: ReadonlySet<TerraformResource>;
  /** The other files of the module, when the caller gave them (the checks across resources look at the whole module). */
  readonly siblings: readonly TerraformFile[];
}

export interface SyntaxProblem {
  readonly message: string;
  readonly offset: number;
  readonly length: number;
}

/** aws_lambda_permission's arguments as the AddPermission request they make [S27](docs/semantics.md#sources). */
const ADD_PERMISSION_KEYS: readonly [string, string][] = [
  ['statement_id', 'StatementId'],
  ['action', 'Action'],
  ['function_name', 'FunctionName'],
  ['principal', 'Principal'],
  ['source_account', 'SourceAccount'],
  ['source_arn', 'SourceArn'],
  ['qualifier', 'Qualifier'],
  ['event_source_token', 'EventSourceToken'],
  ['principal_org_id', 'PrincipalOrgID'],
  ['function_url_auth_type', 'FunctionUrlAuthType'],
];

const DOCUMENT_REFERENCE = /^data\.aws_iam_policy_document\.([\w-]+)\.(?:json|minified_json)$/;

export function extractTerraform(text: string, body: HclBody, problems: SyntaxProblem[]): TerraformFile {
  const documents: PolicyDocument[] = [];
  const statements: Statement[] = [];
  const statementResources = new Map<Statement, TerraformResource[]>();
  const resources = resourcesOf(body);
  const documentStatements = new Map<string, Statement[]>();
  const documentLinks = new Map<TerraformResource, string>();
  const opaquePolicies = new Set<TerraformResource>();
  const embedded: EmbeddedPolicy[] = [];

  const collect = (root: ObjectNode, resource: TerraformResource): Statement[] => {
    const before = statements.length;
    collectFromPolicyRoot(root, documents, statements);
    const added = statements.slice(before);
    for (const statement of added) statementResources.set(statement, [resource]);
    return added;
  };

  for (const resource of resources) {
    if (resource.mode === 'data' && resource.type === POLICY_DOCUMENT) {
      documentStatements.set(resource.name, collect(policyDocumentTree(text, resource.block), resource));
    }
  }
  for (const resource of resources) {
    if (resource.mode !== 'resource') continue;
    if (resource.type === LAMBDA_PERMISSION) {
      collect(addPermissionTree(text, resource), resource);
      continue;
    }
    const attributeName = POLICY_ATTRIBUTE[resource.type];
    const written = attributeName ? attributeOf(resource.block.body, attributeName)?.value : undefined;
    const policy = written && soleInterpolation(written);
    if (!policy) continue;
    const linked = linkedDocument(policy);
    if (linked !== undefined) {
      documentLinks.set(resource, linked);
      for (const statement of documentStatements.get(linked) ?? []) statementResources.get(statement)!.push(resource);
      continue;
    }
    const root = policyRoot(text, policy, problems, embedded);
    if (root) collect(root, resource);
    else opaquePolicies.add(resource);
    const expression = root && policy.kind === 'call' && written.kind === 'template' && written.flavor === 'json-string' && expressionInJsonString(text, written, resource, attributeName!, root);
    if (expression) embedded.push(expression);
  }
  return {
    text,
    root: undefined,
    documents,
    statements,
    allowsTemplateValues: true,
    resources,
    statementResources,
    documentLinks,
    opaquePolicies,
    siblings: [],
    ...(embedded.length > 0 ? { embedded } : {}),
  };
}

/** `"${expr}"` is `expr` itself (the older interpolation-only style, and every value of Terraform's JSON syntax). */
function soleInterpolation(value: HclExpression): HclExpression {
  const only = value.kind === 'template' && value.parts.length === 1 ? value.parts[0] : undefined;
  return only?.kind === 'interpolation' && only.expression ? only.expression : value;
}

/** The name of the policy document a `data.aws_iam_policy_document.X.json` value uses. */
function linkedDocument(value: HclExpression): string | undefined {
  return value.kind === 'reference' ? DOCUMENT_REFERENCE.exec(value.text)?.[1] : undefined;
}

/**
 * The policy a value writes: `jsonencode({…})`, or JSON in a heredoc or quoted string. Anything else
 * (`templatefile(…)`, `file(…)`, a variable) is computed elsewhere and not read here. JSON in a string is also
 * an embedded policy of the file: fixes edit its decoded text and write it back in the string's form.
 */
function policyRoot(text: string, value: HclExpression, problems: SyntaxProblem[], embedded: EmbeddedPolicy[]): ObjectNode | undefined {
  if (value.kind === 'call') {
    const argument = value.args[0];
    if (value.name !== 'jsonencode' || value.args.length !== 1 || argument?.kind !== 'object') return undefined;
    const tree = hclToTree(text, argument);
    return isObject(tree) ? tree : undefined;
  }
  if (value.kind !== 'template') return undefined;
  const { root, errors, decoded } = readEmbeddedJson(text, value);
  if (!isObject(root)) return undefined;
  if (decoded) {
    const [source, encoding] =
      value.flavor === 'json-string' ? (['json-string', JSON_STRING] as const) : value.flavor === 'quoted' ? (['terraform-string', TERRAFORM_QUOTED] as const) : (['terraform-heredoc', TERRAFORM_HEREDOC] as const);
    // Its syntax errors are the file's own problems already (below).
    embedded.push({ source, encodings: [encoding], text: decoded.text, root, map: decoded.map, syntaxErrors: [] });
  }
  // Broken JSON is what AWS rejects: the CLI reports it as the file's parse error.
  for (const error of errors) problems.push({ ...error, message: `policy JSON: ${error.message}` });
  return root;
}

/**
 * `"policy": "${jsonencode({…})}"` in Terraform's JSON syntax: native Terraform inside a JSON string. Fixes
 * edit it as the `.tf` file `resource "<type>" "<name>" { <attribute> = <the expression> }` (the text
 * decoded from the string, framed), and write their edits back with the string's JSON escapes.
 */
function expressionInJsonString(text: string, string: HclTemplate, resource: TerraformResource, attribute: string, root: ObjectNode): EmbeddedPolicy | undefined {
  const part = string.parts[0];
  if (part?.kind !== 'interpolation') return undefined;
  const start = part.span.offset + 2;
  const end = part.span.offset + part.span.length - 1;
  const decoded = decodeTemplate(text, { ...string, contentStart: start, contentEnd: end, parts: [{ kind: 'literal', start, end }] }, () => '');
  const prefix = `resource "${resource.type}" "${resource.name}" {\n  ${attribute} = `;
  const suffix = '\n}\n';
  const pieces: OffsetPiece[] = [
    { inner: 0, outer: start, innerLength: prefix.length, outerLength: 0 },
    ...decoded.map.pieces.map((piece) => ({ ...piece, inner: piece.inner + prefix.length })),
    { inner: prefix.length + decoded.text.length, outer: end, innerLength: suffix.length, outerLength: 0 },
  ];
  const policyText = prefix + decoded.text + suffix;
  const map = OffsetMap.fromPieces(pieces, policyText.length, start, end);
  return { source: 'terraform-json-expression', encodings: [JSON_STRING], text: policyText, root, map, syntaxErrors: [] };
}

function addPermissionTree(text: string, resource: TerraformResource): ObjectNode {
  const body = resource.block.body;
  const properties: PropertyNode[] = [];
  for (const [argument, key] of ADD_PERMISSION_KEYS) {
    const attribute = attributeOf(body, argument);
    if (attribute) properties.push({ key, keySpan: attribute.nameSpan, value: hclToTree(text, attribute.value), span: attribute.span });
  }
  return { type: 'object', span: resource.block.span, properties };
}
