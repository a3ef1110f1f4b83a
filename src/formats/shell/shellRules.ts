import type { FileContext, FileRule } from '../../policy/findings';
import { nearest } from '../../policy/rules/ruleHelpers';
import { ADD_PERMISSION_OPTIONS } from './awsCommands';
import type { ShellFile } from './shellFile';

/**
 * `cli-unknown-option` (docs/semantics.md#other-places-grants-are-written): an option `aws lambda add-permission` does not have fails the whole command,
 * so the permission is never added. Only commands about SES are judged: the principal is an SES grant's, or
 * some value names SES (a misspelt `--principle ses.amazonaws.com` leaves no principal to classify).
 */
const MENTIONS_SES = /ses\.amazonaws\.com|arn:[^:]*:ses:/i;

function unknownOptionRule(context: FileContext): void {
  const file = context.file as ShellFile;
  for (const command of file.awsCommands ?? []) {
    if (command.service !== 'lambda' || command.operation !== 'add-permission') continue;
    const unknown = command.options.find((option) => option.canonical === undefined);
    if (!unknown) continue;
    const statement = file.addPermissions.get(command);
    const grant = statement && context.grants.get(statement);
    const aboutSes = grant?.isSesGrant === true || command.options.some((o) => o.value !== undefined && MENTIONS_SES.test(o.value.value));
    if (!aboutSes) continue;
    const suggested = nearest(unknown.written, Object.keys(ADD_PERMISSION_OPTIONS), 3);
    context.report(
      'cli-unknown-option',
      unknown.nameSpan,
      { option: unknown.written, suggestion: suggested ? ` (did you mean \`${suggested}\`?)` : '' },
      statement,
    );
  }
}

export const SHELL_RULES: readonly FileRule[] = [unknownOptionRule];
