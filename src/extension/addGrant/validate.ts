import * as vscode from 'vscode';
import {
  checkAccountId,
  checkBucketName,
  checkFunctionName,
  checkPrefix,
  checkRegion,
  checkRuleName,
  checkTopicArn,
  parseTopicArn,
} from '../../policy/values';

/**
 * The command's validators: values.ts decides (the same rules as the CLI and the settings), and the user
 * reads a translated sentence. Each returns undefined for a good value.
 */
export type Validator = (value: string) => string | undefined;

function refuse(check: (value: string) => string | undefined, message: () => string): Validator {
  return (value) => (check(value) === undefined ? undefined : message());
}

export const validateAccountId = refuse(checkAccountId, () => vscode.l10n.t('An AWS account id is exactly 12 digits, e.g. 111122223333.'));
export const validateRegion = refuse(checkRegion, () => vscode.l10n.t('Use a region name such as us-east-1.'));
export const validateRuleSet = refuse(
  (v) => checkRuleName(v, 'rule set name'),
  () => vscode.l10n.t('A rule set name has 1 to 64 letters, digits, ".", "_" and "-", starting and ending with a letter or digit.'),
);
export const validateRule = refuse(
  (v) => checkRuleName(v, 'rule name'),
  () => vscode.l10n.t('A rule name has 1 to 64 letters, digits, ".", "_" and "-", starting and ending with a letter or digit.'),
);
export const validateBucket = refuse(checkBucketName, () =>
  vscode.l10n.t('A bucket name has 3 to 63 lower-case letters, digits, "." and "-", starting and ending with a letter or digit.'),
);
export const validatePrefix = refuse(checkPrefix, () =>
  vscode.l10n.t('A key prefix is plain text without "*" or "?" and does not start with "/", e.g. mail/.'),
);
export const validateFunctionName = refuse(checkFunctionName, () =>
  vscode.l10n.t('A function name has 1 to 64 letters, digits, "-" and "_".'),
);

/** SES publishes only to a topic in the rule set's own region, so another region is refused too. */
export function topicArnValidator(ruleRegion: string): Validator {
  return (value) => {
    if (checkTopicArn(value) !== undefined) return vscode.l10n.t('Use a topic ARN such as arn:aws:sns:us-east-1:111122223333:inbound-mail.');
    const region = parseTopicArn(value)?.region;
    if (region !== ruleRegion) {
      return vscode.l10n.t('SES publishes only to a topic in the rule set\'s region ({0}); this topic is in {1}.', ruleRegion, region ?? '');
    }
    return undefined;
  };
}
