import { cannotInsert, type TemplateInsertPlan } from '../adapter';
import { stackValues, toCloudFormationJson } from './editing';
import { JsonEditor } from '../json/jsonEditor';
import type { EditPath, PolicyEditor } from '../../policy/fixes/policyEditor';
import type { FormattingPreferences, OffsetEdit } from '../../policy/fixes/types';
import { YamlEditor } from '../yaml/yamlEditor';
import { LineIndex } from '../../policy/positions';
import { collectFromPolicyRoot } from '../../policy/extract';
import { chooseTarget, keysToUpdate, placeGrant, requestedTarget, statementPathOf, uniqueName, type GrantPlacement, type GrantStatement } from '../../policy/grantPlacement';
import type { Statement } from '../../policy/model';
import { grantStatement, type GrantValues, type InsertKind } from '../../policy/templates';
import { isObject, property, textOf, type ObjectNode, type TreeNode } from '../../policy/tree';
import { isTemplate, templateResources, type TemplateResource } from './cloudformation';
import { cfnResource, cfnResourceName } from './cloudformationTemplates';
import { referencesIn, tokenizeIntrinsics } from './intrinsics';
import { yamlLimitExceeded } from '../yaml/yamlBudget';
import { parseYaml } from '../yaml/yamlTree';
import { parseJson } from '../json/parseJson';

/**
 * "Add SES grant" in a CloudFormation template (YAML or JSON), editor-free: the statement goes into the
 * template's policy resource for the target when there is one (the bucket's BucketPolicy, the topic's
 * TopicPolicy, the template's KMS key), else a whole new resource is added under `Resources`. Written with
 * the fixes' editors, so comments and layout stay; the account and region are the stack's pseudo parameters
 * (`!Ref AWS::AccountId`, `${AWS::Region}` in `!Sub`), and targets defined in the template are referenced
 * (`!Ref Inbox`) rather than named.
 *
 * Inserted text may hold placeholder marks (templates.ts): render it with `renderPlain` or `renderSnippet`.
 */

/** The policy resource type that holds a grant of each kind, and the property of its policy document. */
const POLICY_RESOURCE: Record<Exclude<InsertKind, 'lambda'>, { readonly type: string; readonly document: string }> = {
  s3: { type: 'AWS::S3::BucketPolicy', document: 'PolicyDocument' },
  kms: { type: 'AWS::KMS::Key', document: 'KeyPolicy' },
  sns: { type: 'AWS::SNS::TopicPolicy', document: 'PolicyDocument' },
};

/** Undefined when the text, read as JSON or YAML, is no CloudFormation template (the JSON policy planner serves it then). */
export function planTemplateInsertAs(
  text: string,
  format: 'json' | 'yaml',
  kind: InsertKind,
  values: GrantValues,
  formatting: FormattingPreferences,
): TemplateInsertPlan | undefined {
  // As for linting: YAML beyond the reader's limits is not parsed (see yamlBudget.ts).
  const beyondLimits = format === 'yaml' ? yamlLimitExceeded(text) : undefined;
  if (beyondLimits) return cannotInsert(`the file is too much for the YAML reader: ${beyondLimits}`);
  const parsed = format === 'yaml' ? parseYaml(text) : parseJson(text);
  if (!isTemplate(parsed.root)) return undefined;
  if (parsed.errors.length > 0) return cannotInsert('the template has syntax errors: fix them first');
  const root = tokenizeIntrinsics(parsed.root);
  if (!isObject(root)) return cannotInsert('the template could not be read');
  const resourcesPath = resourcesPathOf(root);
  if (!resourcesPath) return cannotInsert('the template has no Resources mapping');
  const editor = templateEditor(text, format, formatting);
  if (!editor) return cannotInsert('the template could not be read');

  const resources = templateResources(root);
  const lines = new LineIndex(text);
  const lineOf = (offset: number) => lines.position(offset).line;
  // The account and region fixes write in a template too: the stack's pseudo parameters.
  const valuesInStack = stackValues(values);
  const target = targetOf(kind, values, resources);
  const container = kind === 'lambda' ? undefined : policyResourceFor(kind, target, resources);

  if (container && kind !== 'lambda') {
    const documentProperty = POLICY_RESOURCE[kind].document;
    const statement = statementFor(kind, valuesInStack, target);
    const propertiesPath = [...resourcesPath, container.logicalId, 'Properties'];
    const placement = placeGrant(statementsIn(container, documentProperty), kind, valuesInStack, statement, true);
    const found = placement.existing;
    const existing = found === undefined ? undefined : lineOf(found.node.span.offset);
    const into = { logicalId: container.logicalId, line: lineOf(container.logicalIdSpan.offset) };
    const update = found && updateInPlace(text, format, formatting, [...propertiesPath, documentProperty, ...statementPathOf(found)], found.node, statement);
    const added = addStatement(editor, propertiesPath, container, documentProperty, placement);
    if (!added) return cannotInsert(`the policy of ${container.logicalId} could not be edited`);
    return { add: editor.edits(), into, newResource: undefined, existingGrantLine: existing, problem: undefined, ...(update ? { update } : {}) };
  }

  const name = uniqueName(cfnResourceName(kind), new Set(resources.map((r) => r.logicalId)), (n) => `${cfnResourceName(kind)}${n}`);
  editor.insertProperty(resourcesPath, name, newResource(kind, values, target));
  return { add: editor.edits(), into: undefined, newResource: name, existingGrantLine: undefined, problem: undefined };
}

/** `Resources`, or serverless.yml's `resources.Resources`. */
function resourcesPathOf(root: ObjectNode): EditPath | undefined {
  if (isObject(property(root, 'Resources')?.value)) return ['Resources'];
  const nested = property(root, 'resources')?.value;
  return isObject(nested) && isObject(property(nested, 'Resources')?.value) ? ['resources', 'Resources'] : undefined;
}

/** The fixes' editor on the whole template; YAML in the file's own indentation (the editor's tab size when it has none yet). */
function templateEditor(text: string, format: 'json' | 'yaml', formatting: FormattingPreferences): PolicyEditor | undefined {
  if (format === 'json') return JsonEditor.open(text, formatting)?.withTemplateValues(toCloudFormationJson);
  return YamlEditor.open(text, /^ +\S/m.test(text) ? undefined : formatting.tabSize);
}

/** The target as the template knows it: the logical id of its resource, or the literal name/ARN asked for. */
interface Target {
  readonly logicalId: string | undefined;
  readonly literal: string | undefined;
}

const TARGET_TYPE: Record<InsertKind, { readonly type: string; readonly nameProperty: string } | undefined> = {
  s3: { type: 'AWS::S3::Bucket', nameProperty: 'BucketName' },
  lambda: { type: 'AWS::Lambda::Function', nameProperty: 'FunctionName' },
  sns: { type: 'AWS::SNS::Topic', nameProperty: 'TopicName' },
  kms: undefined,
};

function targetOf(kind: InsertKind, values: GrantValues, resources: readonly TemplateResource[]): Target {
  const { name, literal } = requestedTarget(kind, values);
  const wanted = TARGET_TYPE[kind];
  if (!wanted) return { logicalId: undefined, literal: undefined };
  const candidates = resources.filter((r) => r.type === wanted.type);
  const found = chooseTarget(candidates, name, (r) => r.properties && textOf(property(r.properties, wanted.nameProperty)?.value), (r) => r.logicalId);
  return found ? { logicalId: found.logicalId, literal: undefined } : { logicalId: undefined, literal };
}

/** Logical ids (or the literal text) a value names: `!Ref X`, `!GetAtt X.Arn`, `${X}` in a `!Sub`. */
function namesIn(node: TreeNode | undefined): string[] {
  if (!node) return [];
  if (node.type === 'array') return node.items.flatMap(namesIn);
  if (node.type === 'token') return referencesIn(node.text).map((r) => r.name);
  const text = textOf(node);
  return text === undefined ? [] : [text];
}

/** The policy resource of this kind that belongs to the target (the only key, for KMS). */
function policyResourceFor(kind: Exclude<InsertKind, 'lambda'>, target: Target, resources: readonly TemplateResource[]): TemplateResource | undefined {
  const candidates = resources.filter((r) => r.type === POLICY_RESOURCE[kind].type);
  if (kind === 'kms') return candidates.length === 1 ? candidates[0] : undefined;
  const wanted = target.logicalId ?? target.literal;
  if (wanted === undefined) return undefined;
  const targetProperty = kind === 's3' ? 'Bucket' : 'Topics';
  return candidates.find((r) => r.properties && namesIn(property(r.properties, targetProperty)?.value).includes(wanted));
}

/** The statements of the resource's policy document, as the model reads them. */
function statementsIn(resource: TemplateResource, documentProperty: string): Statement[] {
  const document = resource.properties ? property(resource.properties, documentProperty)?.value : undefined;
  const statements: Statement[] = [];
  if (isObject(document)) collectFromPolicyRoot(document, [], statements);
  return statements;
}

/** Keys an update leaves as they are: the statement's identity, and the resource it already names (a reference the stack resolves). */
const KEPT_ON_UPDATE = new Set(['Sid', 'Resource']);

/**
 * The existing grant updated to the new statement, key by key, with a fresh editor on the template: keys
 * already saying the same are not rewritten, so their layout and comments stay. Undefined when the edit fails.
 */
function updateInPlace(
  text: string,
  format: 'json' | 'yaml',
  formatting: FormattingPreferences,
  path: EditPath,
  existing: ObjectNode,
  statement: GrantStatement,
): OffsetEdit[] | undefined {
  const editor = templateEditor(text, format, formatting);
  if (!editor) return undefined;
  for (const { key, value, present } of keysToUpdate(existing, statement, KEPT_ON_UPDATE)) {
    if (present) editor.set([...path, key], value);
    else editor.insertProperty(path, key, value);
  }
  return editor.intact ? editor.edits() : undefined;
}

/** The statement for the target: its Resource refers to the template's resource when there is one. */
function statementFor(kind: InsertKind, values: GrantValues, target: Target): GrantStatement {
  const statement = grantStatement(kind, values);
  const prefix = values.prefix ?? '';
  if (kind === 's3' && target.logicalId) return { ...statement, Resource: `arn:\${AWS::Partition}:s3:::\${${target.logicalId}}/${prefix}*` };
  if (kind === 'sns' && target.logicalId) return { ...statement, Resource: `\${${target.logicalId}}` };
  return statement;
}

/** A whole new resource: references to the target when the template defines it, else its literal name. */
function newResource(kind: InsertKind, values: GrantValues, target: Target): GrantStatement {
  const resource = cfnResource(kind, { ...values, targetLogicalId: target.logicalId });
  if (target.logicalId || target.literal === undefined) return resource;
  const properties = resource['Properties'] as GrantStatement;
  const literal = target.literal;
  switch (kind) {
    case 's3': {
      const document = properties['PolicyDocument'] as GrantStatement;
      const [statement] = document['Statement'] as GrantStatement[];
      const objects = `arn:aws:s3:::${literal}/${values.prefix ?? ''}*`;
      return { ...resource, Properties: { ...properties, Bucket: literal, PolicyDocument: { ...document, Statement: [{ ...statement!, Resource: objects }] } } };
    }
    case 'lambda':
      return { ...resource, Properties: { ...properties, FunctionName: literal } };
    case 'sns': {
      const document = properties['PolicyDocument'] as GrantStatement;
      const [statement] = document['Statement'] as GrantStatement[];
      return { ...resource, Properties: { ...properties, Topics: [literal], PolicyDocument: { ...document, Statement: [{ ...statement!, Resource: literal }] } } };
    }
    case 'kms':
      return resource;
  }
}

/** Appends the statement to the resource's policy document, creating the document or the list as needed. */
function addStatement(
  editor: PolicyEditor,
  propertiesPath: EditPath,
  resource: TemplateResource,
  documentProperty: string,
  placement: GrantPlacement,
): boolean {
  if (!resource.properties) return false;
  const document = property(resource.properties, documentProperty)?.value;
  if (!document) {
    editor.insertProperty(propertiesPath, documentProperty, { Version: '2012-10-17', Statement: [placement.added] });
    return true;
  }
  if (!isObject(document)) return false;
  const documentPath = [...propertiesPath, documentProperty];
  const current = property(document, 'Statement')?.value;
  const unique = placement.added;
  if (!current) editor.insertProperty(documentPath, 'Statement', [unique]);
  else if (current.type === 'array') editor.appendItem([...documentPath, 'Statement'], unique);
  // One statement object becomes a list; in YAML its tags (`!Ref`…) would not survive being moved: refused.
  else if (isObject(current) && editor.format === 'json') editor.set([...documentPath, 'Statement'], [editor.valueAt(current.span), unique]);
  else return false;
  return true;
}
