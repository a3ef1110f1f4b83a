import { grantStatement } from '../templates';
import { build, defined } from './common';
import { filterList, replaceValues } from './listEdits';
import type { FixContext, FixProposal } from './types';

/** Lambda and SNS content fixes: the one action SES needs, the topic instead of every topic. */

export function lambdaActionTooBroadFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  return defined([
    build(context, { name: 'narrowLambdaAction', preferred: true }, (editor) =>
      filterList(
        editor,
        statement.actionProperty,
        (value) => value.text.trim().toLowerCase() === 'lambda:invokefunction',
        'lambda:InvokeFunction',
        statement.node,
      ),
    ),
  ]);
}

export function snsResourceWildcardFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  // The template's topic ARN: the configured one, else region from the values and placeholders for the rest.
  const topicArn = String(grantStatement('sns', context.values)['Resource']);
  const wildcards = statement.resources.filter((value) => !value.isToken && value.text.trim() === '*');
  if (wildcards.length === 0) return [];
  return defined([
    build(context, { name: 'useTopicArn', preferred: true }, (editor) =>
      replaceValues(
        editor,
        wildcards.map((value) => ({ value, text: topicArn })),
        statement.node,
      ),
    ),
  ]);
}
