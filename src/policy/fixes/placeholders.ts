import { isAccountId } from '../aws/accounts';
import { valuesOf } from '../extract';
import type { PolicyValue, Statement } from '../model';
import { isPlaceholderToken } from '../placeholders';
import { parseTopicArn } from '../values';
import type { GrantValues } from '../templates';
import { build, defined, namedAccounts, valuesForAccount } from './common';
import { replaceValues } from './listEdits';
import type { FixContext, FixProposal } from './types';

/**
 * `placeholder-left`: every placeholder of the statement whose real value is known (settings, or the same
 * value used elsewhere in the file) is filled in. Unknown ones stay: a fix never invents an account id.
 */

type Field = 'account' | 'functionName' | 'other';

const ACCOUNT_KEYS = ['aws:sourceaccount', 'aws:sourceowner', 'aws:referer', 'kms:encryptioncontext:aws:ses:source-account'];

function namedValues(statement: Statement): { value: PolicyValue; field: Field }[] {
  const named: { value: PolicyValue; field: Field }[] = [];
  for (const principal of statement.principals) if (principal.type !== 'Service') named.push({ value: principal.value, field: 'other' });
  for (const value of statement.resources) named.push({ value, field: 'other' });
  for (const entry of statement.conditions) {
    for (const value of entry.values) named.push({ value, field: ACCOUNT_KEYS.includes(entry.keyLower) ? 'account' : 'other' });
  }
  if (statement.shape === 'add-permission') {
    for (const prop of statement.node.properties) {
      if (prop.key === 'FunctionName') for (const value of valuesOf(prop.value)) named.push({ value, field: 'functionName' });
    }
  }
  return named.filter((n) => !n.value.isToken);
}

const known = (value: string | undefined) => (value !== undefined && value !== '' ? value : undefined);

/**
 * The filled text of one value, or undefined when nothing in it can be filled. A receipt-rule ARN's region,
 * rule set and rule come from `valuesFor` its account: the configured ones belong to the configured account.
 */
export function fillPlaceholders(text: string, field: Field, values: GrantValues, valuesFor: (account: string | undefined) => GrantValues = () => values): string | undefined {
  const trimmed = text.trim();
  if (isPlaceholderToken(trimmed)) {
    if (field === 'account') return known(values.accountId);
    if (field === 'functionName') return known(values.functionName);
    return undefined;
  }
  if (!trimmed.startsWith('arn:')) return undefined;
  const parts = trimmed.split(':');
  if (parts.length < 6) return undefined;
  const service = parts[2]!;
  const hasPlaceholder = (part: string) => part.split('/').some((piece) => piece !== '' && isPlaceholderToken(piece));
  if (service === 'sns') {
    // A topic may live in another account: only a configured topic ARN replaces the whole value.
    return parts.some(hasPlaceholder) && values.topicArn && parseTopicArn(values.topicArn) ? values.topicArn : undefined;
  }
  const fill = (part: string, value: string | undefined) => (isPlaceholderToken(part) && known(value) ? value! : part);
  parts[4] = fill(parts[4]!, values.accountId);
  const own = service === 'ses' ? valuesFor(isAccountId(parts[4]!) ? parts[4] : undefined) : values;
  parts[3] = fill(parts[3]!, own.region);
  const resource = parts.slice(5).join(':');
  let filled = resource;
  if (service === 'ses') {
    filled = resource.replace(/^receipt-rule-set\/([^:]+):receipt-rule\/(.+)$/, (_whole, ruleSet: string, rule: string) =>
      `receipt-rule-set/${fill(ruleSet, own.ruleSet)}:receipt-rule/${fill(rule, own.rule)}`,
    );
  } else if (service === 's3') {
    const [bucket, ...rest] = resource.split('/');
    filled = [fill(bucket!, values.bucket), ...rest].join('/');
  } else if (service === 'lambda') {
    filled = resource.replace(/^function:([^:]+)/, (_whole, name: string) => `function:${fill(name, values.functionName)}`);
  }
  const result = [...parts.slice(0, 5), filled].join(':');
  return result !== trimmed ? result : undefined;
}

export function placeholderLeftFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  const valuesFor = (account: string | undefined) => valuesForAccount(context, account);
  // An account placeholder stands for the account the statement names elsewhere (a SourceArn's, a Referer's),
  // the configured one only when it names none, and nobody's when it names several.
  const named = namedAccounts(statement);
  const values = named.length === 0 ? context.values : { ...context.values, accountId: named.length === 1 ? named[0] : undefined };
  const replacements = namedValues(statement).flatMap(({ value, field }) => {
    const text = fillPlaceholders(value.text, field, values, valuesFor);
    return text === undefined ? [] : [{ value, text }];
  });
  if (replacements.length === 0) return [];
  return defined([
    build(context, { name: 'fillPlaceholders', preferred: true }, (editor) =>
      replaceValues(editor, replacements, statement.node),
    ),
  ]);
}
