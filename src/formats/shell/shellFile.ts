import { collectFromPolicyRoot } from '../../policy/extract';
import type { EmbeddedPolicy, PolicyDocument, PolicyFile, Statement, TextEncoding } from '../../policy/model';
import { mightHoldSesGrant } from '../../policy/prefilter';
import { isObject, type ObjectNode, type PropertyNode, type TreeNode } from '../../policy/tree';
import { embeddedJsonPolicy, startsLikeObject } from '../embedded/encodedPolicies';
import { AS_WRITTEN } from '../offsetMap';
import { ASSIGNMENT, awsOperationAmong, optionNamed, readAwsCommand, textAfter, type AwsCommand, type AwsOption } from './awsCommands';
import { everyCommand, readShell, type ShellComment, type ShellCommand, type ShellReading, type ShellText, type ShellWord } from './lexer';
import { expansionTokenFor, shellValueNode } from './shellValues';

/**
 * Shell scripts onto the policy model (docs/semantics.md#other-places-grants-are-written): `aws lambda add-permission` becomes an AddPermission body
 * whose properties are its options, and the JSON policies given inline to `aws s3api put-bucket-policy
 * --policy`, `aws kms put-key-policy --policy` (and `create-key`), `aws sns set-topic-attributes
 * --attribute-name Policy --attribute-value` are policies. A policy is read from a quoted argument, a
 * `"$(cat <<EOF … EOF)"` here-document, or a variable assigned one of those earlier in the script;
 * `file://…` arguments name files, which are not read.
 */
export interface ShellFile extends PolicyFile {
  readonly awsCommands: readonly AwsCommand[];
  /** The statement each `aws lambda add-permission` command became (none when it names no principal). */
  readonly addPermissions: ReadonlyMap<AwsCommand, Statement>;
  readonly comments: readonly ShellComment[];
}

/** A script as read: its commands (only those the extraction needs) and the aws command each grant-related one is. */
export interface ShellScriptReading {
  readonly reading: ShellReading;
  readonly awsOf: ReadonlyMap<ShellCommand, AwsCommand>;
}

/** `aws lambda add-permission` options and the AddPermission request members they set [S27](docs/semantics.md#sources). */
const ADD_PERMISSION_MEMBERS: Readonly<Record<string, string>> = {
  '--function-name': 'FunctionName',
  '--statement-id': 'StatementId',
  '--action': 'Action',
  '--principal': 'Principal',
  '--source-arn': 'SourceArn',
  '--source-account': 'SourceAccount',
  '--event-source-token': 'EventSourceToken',
  '--qualifier': 'Qualifier',
  '--revision-id': 'RevisionId',
  '--principal-org-id': 'PrincipalOrgID',
  '--function-url-auth-type': 'FunctionUrlAuthType',
  '--invoked-via-function-url': 'InvokedViaFunctionUrl',
  '--no-invoked-via-function-url': 'InvokedViaFunctionUrl',
};

/** Where each command takes a policy document. */
function policyOption(command: AwsCommand): AwsOption | undefined {
  switch (`${command.service} ${command.operation}`) {
    case 's3api put-bucket-policy':
    case 'kms put-key-policy':
    case 'kms create-key':
      return optionNamed(command, '--policy');
    case 'sns set-topic-attributes':
      return optionNamed(command, '--attribute-name')?.value?.value === 'Policy' ? optionNamed(command, '--attribute-value') : undefined;
    default:
      return undefined;
  }
}

/**
 * The forms a policy argument may have: single-quoted or a quoted here-document (as written), a double-quoted
 * word (`\`, `"`, `$` and backquote escaped), an unquoted here-document (`<<EOF`: `\`, `$` and backquote escaped).
 */
export const SHELL_DOUBLE_QUOTED: TextEncoding = (content) => content.replace(/[\\"$`]/g, '\\$&');
const UNQUOTED_HERE_DOCUMENT: TextEncoding = (content) => content.replace(/[\\$`]/g, '\\$&');
const SHELL_ENCODINGS: readonly TextEncoding[] = [AS_WRITTEN, SHELL_DOUBLE_QUOTED, UNQUOTED_HERE_DOCUMENT];

/** The aws operations whose grants are read here (asked of most commands of a script: no string is made to ask). */
function isReadOperation(service: string, operation: string): boolean {
  switch (service) {
    case 'lambda':
      return operation === 'add-permission';
    case 's3api':
      return operation === 'put-bucket-policy';
    case 'kms':
      return operation === 'put-key-policy' || operation === 'create-key';
    case 'sns':
      return operation === 'set-topic-attributes';
    default:
      return false;
  }
}

/**
 * `passOver: false` decodes every word of every command, as the reader did before it passed over the words
 * of commands told apart by their first words: the same extraction, slower (kept for a differential test).
 */
export function readShellScript(text: string, { passOver = true }: { readonly passOver?: boolean } = {}): ShellScriptReading {
  // Only the commands used here are kept as the script is read (the aws commands that grant, assignments,
  // `read`, and `cat` for `$(cat <<EOF …)`), each aws command read once: a long script's other commands
  // never pile up.
  const awsOf = new Map<ShellCommand, AwsCommand>();
  const keep = (command: ShellCommand): boolean => {
    const first = command.words[0]?.value;
    if (first === undefined) return false;
    const aws = readAwsCommand(command);
    if (aws && isReadOperation(aws.service, aws.operation)) {
      awsOf.set(command, aws);
      return true;
    }
    return keptForItsFirstWord(first);
  };
  // Most of a script's commands are told apart by their first words (`echo`, `aws s3 cp`): the rest of
  // such a command is passed over without decoding its words.
  const mayKeep = (words: readonly ShellWord[]): boolean | undefined => keptForItsFirstWord(words[0]!.value) || awsOperationAmong(words, isReadOperation);
  return { reading: readShell(text, passOver ? { keep, mayKeep } : { keep }), awsOf };
}

/** `read`, `cat` (for `$(cat <<EOF …)`), assignments and declarations are kept whatever their other words. */
function keptForItsFirstWord(first: string): boolean {
  return first === 'read' || first === 'cat' || DECLARATION_WORDS.has(first) || ASSIGNMENT.test(first);
}

/** The grants a script's commands make, onto the policy model. */
export function extractShell(text: string, { reading, awsOf }: ShellScriptReading): ShellFile {
  const documents: PolicyDocument[] = [];
  const statements: Statement[] = [];
  const embedded: EmbeddedPolicy[] = [];
  const awsCommands: AwsCommand[] = [];
  const addPermissions = new Map<AwsCommand, Statement>();
  const variables = new Map<string, ShellText>();
  const readPolicy = (source: ShellText | undefined): EmbeddedPolicy | undefined => {
    const policyText = source && resolvedText(source, variables);
    if (!policyText || !startsLikeObject(policyText.value) || !mightHoldSesGrant(policyText.value)) return undefined;
    const policy = embeddedJsonPolicy(policyText, 'shell-argument', SHELL_ENCODINGS, expansionTokenFor(policyText), text);
    if (policy) embedded.push(policy);
    return policy;
  };
  for (const command of everyCommand(reading.script)) {
    rememberAssignments(command, variables);
    const aws = awsOf.get(command);
    if (!aws) continue;
    awsCommands.push(aws);
    if (aws.service === 'lambda' && aws.operation === 'add-permission') {
      const input = readPolicy(optionNamed(aws, '--cli-input-json')?.value);
      const node = addPermissionNode(aws, input?.root);
      const before = statements.length;
      collectFromPolicyRoot(node, documents, statements);
      if (statements.length > before) addPermissions.set(aws, statements[statements.length - 1]!);
      continue;
    }
    const policy = readPolicy(policyOption(aws)?.value);
    if (policy && isObject(policy.root)) collectFromPolicyRoot(policy.root, documents, statements);
  }
  const file: ShellFile = {
    text,
    root: undefined,
    documents,
    statements,
    allowsTemplateValues: false,
    awsCommands,
    addPermissions,
    comments: reading.comments,
    ...(embedded.length > 0 ? { embedded } : {}),
  };
  return file;
}

/**
 * The AddPermission body a command sends: the members of `--cli-input-json` first, then the options, which
 * the CLI lets override them (the model keeps the last of a repeated key, as for JSON).
 */
function addPermissionNode(command: AwsCommand, input: TreeNode | undefined): ObjectNode {
  const properties: PropertyNode[] = isObject(input) ? [...input.properties] : [];
  for (const option of command.options) {
    const member = option.canonical && ADD_PERMISSION_MEMBERS[option.canonical];
    if (!member) continue;
    const value: TreeNode = option.value
      ? shellValueNode(option.value, option.value.span)
      : { type: 'scalar', span: option.nameSpan, value: !option.canonical!.startsWith('--no-'), raw: option.written };
    const end = value.span.offset + value.span.length;
    properties.push({ key: member, keySpan: option.nameSpan, value, span: { offset: option.nameSpan.offset, length: end - option.nameSpan.offset } });
  }
  return { type: 'object', span: command.span, properties };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DECLARATION_WORDS = new Set(['export', 'local', 'readonly', 'declare', 'typeset']);

/**
 * Variables a later `--policy "$NAME"` may use: `NAME='…'` (also after `export`, `local`, `readonly`,
 * `declare`), `NAME=$(cat <<EOF … EOF)`, and `read -r -d '' NAME <<EOF`. The latest assignment before the
 * command counts; assignments inside functions or branches are taken as they come in the text.
 */
function rememberAssignments(command: ShellCommand, variables: Map<string, ShellText>): void {
  const words = command.words;
  if (words[0]?.value === 'read' && command.hereDocuments.length > 0) {
    const name = words[words.length - 1]!.value;
    if (NAME.test(name)) variables.set(name, command.hereDocuments[0]!);
    return;
  }
  let index = 0;
  if (words[0] && DECLARATION_WORDS.has(words[0].value)) {
    index = 1;
    while (words[index]?.value.startsWith('-')) index++;
  }
  for (; index < words.length; index++) {
    const word = words[index]!;
    const equals = word.value.indexOf('=');
    if (equals <= 0 || !NAME.test(word.value.slice(0, equals))) return;
    const assigned = textAfter(word, equals + 1);
    variables.set(word.value.slice(0, equals), resolvedText(assigned, variables) ?? assigned);
  }
}

/**
 * The text a value stands for: itself, the here-document of a `"$(cat <<EOF … EOF)"` it consists of, or the
 * value of the variable it consists of. Undefined for `file://` and `fileb://` (a file, not read).
 */
function resolvedText(text: ShellText, variables: ReadonlyMap<string, ShellText>): ShellText | undefined {
  if (/^fileb?:\/\//.test(text.value)) return undefined;
  const only = text.expansions.length === 1 ? text.expansions[0]! : undefined;
  if (!only || only.innerStart !== 0 || only.innerEnd !== text.value.length) return text;
  if (only.script) return catHereDocument(only.script.commands) ?? text;
  const name = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(text.value)?.[1];
  return (name !== undefined ? variables.get(name) : undefined) ?? text;
}

/** The body of `cat <<EOF … EOF` (or `cat -`, `cat /dev/stdin`) when that is the whole substitution. */
function catHereDocument(commands: readonly ShellCommand[]): ShellText | undefined {
  if (commands.length !== 1) return undefined;
  const [command] = commands as [ShellCommand];
  const [name, ...args] = command.words.map((w) => w.value);
  if (name !== 'cat' || command.hereDocuments.length !== 1) return undefined;
  if (args.some((arg) => arg !== '-' && arg !== '/dev/stdin')) return undefined;
  return command.hereDocuments[0];
}
