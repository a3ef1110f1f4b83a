import { fixTitle, type FixName } from '../../policy/fixes/titles';
import type { Finding } from '../../policy/findings';
import type { FixProposal, OffsetEdit } from '../../policy/fixes';
import { nearest } from '../../policy/rules/ruleHelpers';
import { PLACEHOLDERS, placeholder, receiptRuleArn, renderPlain, type GrantValues } from '../../policy/templates';
import { ADD_PERMISSION_OPTIONS, optionNamed, type AwsCommand, type AwsOption } from './awsCommands';
import type { ShellFile } from './shellFile';

/**
 * Fixes of `aws lambda add-permission` command lines (SPEC §10, "fixes add or correct flags"): the missing
 * `--source-account` / `--source-arn` are added in the command's own style (its quoting, and a `\` line
 * continuation with the indentation of its last line when it is written over several lines), a misspelt
 * option is corrected. Values come from the command itself first (the account inside its `--source-arn`,
 * its `--region`), then from the values given; what nobody knows is a placeholder.
 */

/** The finding ids fixed on the command line itself; `cli-unknown-option` has no fix in a policy document. */
export const COMMAND_LINE_FIX_IDS: ReadonlySet<string> = new Set([
  'lambda-missing-source-conditions',
  'lambda-missing-source-arn',
  'lambda-missing-source-account',
  'lambda-action-too-broad',
  'principal-service-unknown',
  'cli-unknown-option',
]);

interface Spec {
  readonly name: FixName;
  readonly args?: Readonly<Record<string, string>>;
}

export function addPermissionFixes(text: string, file: ShellFile, finding: Finding, values: GrantValues): FixProposal[] {
  const command = commandOf(file, finding);
  if (!command) return [];
  const proposal = (spec: Spec, edits: OffsetEdit[]): FixProposal[] => [
    {
      findingId: finding.id,
      ...fixTitle(spec.name, spec.args),
      edits,
      preferred: true,
    },
  ];
  const account = accountFor(command, values);
  const arn = () => receiptRuleArn({ ...values, region: values.region || literal(optionNamed(command, '--region')), accountId: account });
  const accountText = account ?? placeholder(PLACEHOLDERS.accountId);
  switch (finding.id) {
    case 'lambda-missing-source-conditions':
      return proposal({ name: 'addSourceOptions' }, [
        appendOptions(text, command, [
          ['--source-account', accountText],
          ['--source-arn', arn()],
        ]),
      ]);
    case 'lambda-missing-source-arn':
      return proposal({ name: 'addSourceArnOption' }, [appendOptions(text, command, [['--source-arn', arn()]])]);
    case 'lambda-missing-source-account':
      return proposal({ name: 'addSourceAccountOption', args: { account: renderPlain(accountText) } }, [
        appendOptions(text, command, [['--source-account', accountText]]),
      ]);
    case 'lambda-action-too-broad':
      return replaceValue(text, command, '--action', 'lambda:InvokeFunction', (edits) => proposal({ name: 'narrowLambdaAction' }, edits));
    case 'principal-service-unknown':
      return replaceValue(text, command, '--principal', 'ses.amazonaws.com', (edits) =>
        proposal({ name: 'correctServicePrincipal', args: { principal: optionNamed(command, '--principal')?.value?.value ?? '' } }, edits),
      );
    case 'cli-unknown-option':
      return renameOption(command, finding, (edits, option, suggested) =>
        proposal({ name: 'correctOption', args: { option, suggested } }, edits),
      );
    default:
      return [];
  }
}

/** The add-permission command a finding is about: the one whose statement it belongs to, else whose option it marks. */
function commandOf(file: ShellFile, finding: Finding): AwsCommand | undefined {
  for (const [command, statement] of file.addPermissions) {
    const span = statement.node.span;
    if (finding.statementSpan && finding.statementSpan.offset === span.offset && finding.statementSpan.length === span.length) return command;
  }
  return file.awsCommands.find(
    (command) =>
      command.service === 'lambda' &&
      command.operation === 'add-permission' &&
      finding.span.offset >= command.span.offset &&
      finding.span.offset + finding.span.length <= command.span.offset + command.span.length,
  );
}

const ACCOUNT = /^\d{12}$/;

/** An option's value when it is plain literal text (no `$VAR`). */
function literal(option: AwsOption | undefined): string | undefined {
  const value = option?.value;
  return value && value.expansions.length === 0 ? value.value : undefined;
}

/** The account the command grants for: the one in its literal `--source-arn` or `--source-account`, else the values'. */
function accountFor(command: AwsCommand, values: GrantValues): string | undefined {
  const fromArn = /^arn:[^:]*:ses:[^:]*:(\d{12}):/.exec(literal(optionNamed(command, '--source-arn')) ?? '')?.[1];
  const given = literal(optionNamed(command, '--source-account'));
  return fromArn ?? (given && ACCOUNT.test(given) ? given : undefined) ?? (values.accountId || undefined);
}

type Quote = '"' | "'" | '';

/** The quote the command's option values are written with: the first quoted value's, else none. */
function quoteOf(text: string, command: AwsCommand): Quote {
  for (const option of command.options) {
    const first = option.value ? text[spanOfValue(option).offset] : undefined;
    if (first === '"' || first === "'") return first;
  }
  return '';
}

function spanOfValue(option: AwsOption): { offset: number; length: number } {
  return option.value!.span;
}

/** A value as a shell word in the command's quoting; unquoted only when the shell reads it as it is. */
function shellWord(value: string, quote: Quote): string {
  const plain = renderPlain(value);
  if (quote === '' && /^[A-Za-z0-9_:/.@%+=,-]+$/.test(plain)) return value;
  if (quote === '"' || plain.includes("'")) return `"${value.replace(/[\\"$`]/g, '\\$&')}"`;
  return `'${value}'`;
}

/** New options at the end of the command: on new continued lines when the command is continued, else on its line. */
function appendOptions(text: string, command: AwsCommand, options: readonly (readonly [string, string])[]): OffsetEdit {
  const end = command.span.offset + command.span.length;
  const quote = quoteOf(text, command);
  const written = text.slice(command.span.offset, end);
  const continued = /\\\r?\n/.exec(written);
  let separator = ' ';
  if (continued) {
    const eol = continued[0].slice(1);
    const lastLineStart = text.lastIndexOf('\n', end - 1) + 1;
    const indentation = /^[ \t]*/.exec(text.slice(lastLineStart, end))![0];
    const beforeBackslash = /([ \t]*)\\\r?\n/.exec(written)![1] || ' ';
    separator = `${beforeBackslash}\\${eol}${indentation}`;
  }
  const content = options.map(([name, value]) => `${separator}${name} ${shellWord(value, quote)}`).join('');
  return { offset: end, length: 0, content };
}

function replaceValue(text: string, command: AwsCommand, name: string, value: string, make: (edits: OffsetEdit[]) => FixProposal[]): FixProposal[] {
  const option = optionNamed(command, name);
  if (!option?.value || option.value.expansions.length > 0) return [];
  return make([{ ...spanOfValue(option), content: shellWord(value, quoteOf(text, command)) }]);
}

/** A misspelt option renamed to the one option it is closest to (none when two are as close). */
function renameOption(command: AwsCommand, finding: Finding, make: (edits: OffsetEdit[], option: string, suggested: string) => FixProposal[]): FixProposal[] {
  const option = command.options.find((o) => o.canonical === undefined && o.nameSpan.offset === finding.span.offset);
  if (!option) return [];
  const suggested = nearest(option.written, Object.keys(ADD_PERMISSION_OPTIONS), 3);
  if (!suggested) return [];
  return make([{ ...option.nameSpan, content: suggested }], option.written, suggested);
}
