import * as vscode from 'vscode';
import { partitionOf } from '../../policy/values';
import type { GrantValues, InsertKind } from '../../policy/templates';
import { kindItems } from './kinds';
import { askText, pick, pickRegion } from './quickInputs';
import type { GrantRequest } from './request';
import { referencesUsed, type ModuleReferences } from './terraform';
import {
  topicArnValidator,
  validateAccountId,
  validateBucket,
  validateFunctionName,
  validatePrefix,
  validateRule,
  validateRuleSet,
} from './validate';

interface ChoiceItem<T> extends vscode.QuickPickItem {
  readonly value: T;
}

/**
 * Asks for a grant step by step, defaults from the settings and the open document. Escape at any step
 * resolves undefined and nothing is changed. What the Terraform module names itself (`fromModule`) is what
 * the grant will use, so it is not asked for (the first prompt's title says what is used instead); the
 * settings' value, if any, stays in the request.
 */
export async function promptForGrant(defaults: GrantValues, preferredKind?: InsertKind, fromModule: ModuleReferences = {}): Promise<GrantRequest | undefined> {
  // The kind the caller already knows (a target in the SES Grants view) comes first, so Enter takes it.
  const items = kindItems().sort((a, b) => Number(b.grantKind === preferredKind) - Number(a.grantKind === preferredKind));
  const used = referencesUsed(fromModule);
  const note = used.length > 0 ? vscode.l10n.t('uses {0}', used.join(', ')) : undefined;
  const kindItem = await pick(items, vscode.l10n.t('Which resource should SES email receiving use?'), note);
  if (!kindItem) return undefined;
  const kind = kindItem.grantKind;

  const accountId = fromModule.accountId
    ? defaults.accountId
    : await askText({
      prompt: vscode.l10n.t('AWS account that receives the mail (12 digits)'),
      value: defaults.accountId,
      validate: validateAccountId,
    });
  if (accountId === undefined && !fromModule.accountId) return undefined;

  // An SNS topic must be in the rule set's region: without a region of the settings, it is still asked for.
  const region = fromModule.region && (kind !== 'sns' || defaults.region) ? defaults.region : await pickRegion(defaults.region);
  if (region === undefined && !fromModule.region) return undefined;

  const ruleScope = await pick<ChoiceItem<boolean>>(
    [
      {
        value: false,
        label: vscode.l10n.t('One receipt rule'),
        ...(defaults.ruleSet && defaults.rule ? { description: `${defaults.ruleSet} / ${defaults.rule}` } : {}),
        detail: vscode.l10n.t('Only this rule set and rule may use the grant (the guide\'s form).'),
      },
      {
        value: true,
        label: vscode.l10n.t('Any rule in this account'),
        description: 'receipt-rule-set/*:receipt-rule/*',
        detail: vscode.l10n.t('For a rule created in the same deployment, which cannot name itself yet.'),
      },
    ],
    vscode.l10n.t('Which receipt rules may use the grant?'),
  );
  if (!ruleScope) return undefined;
  let ruleSet: string | undefined;
  let rule: string | undefined;
  if (!ruleScope.value) {
    ruleSet = await askText({ prompt: vscode.l10n.t('Receipt rule set name'), value: defaults.ruleSet, validate: validateRuleSet });
    if (ruleSet === undefined) return undefined;
    rule = await askText({ prompt: vscode.l10n.t('Receipt rule name'), value: defaults.rule, validate: validateRule });
    if (rule === undefined) return undefined;
  }
  const common: GrantValues = { accountId, region, anyRule: ruleScope.value, ruleSet, rule };

  switch (kind) {
    case 's3': {
      const bucket = await askText({ prompt: vscode.l10n.t('Bucket the rule writes to'), value: defaults.bucket, validate: validateBucket });
      if (bucket === undefined) return undefined;
      const prefix = await askText({
        prompt: vscode.l10n.t('Object key prefix of the S3 action (optional; empty for the whole bucket)'),
        value: defaults.prefix,
        placeHolder: 'mail/',
        validate: validatePrefix,
      });
      if (prefix === undefined) return undefined;
      return request(kind, { ...common, bucket, prefix: prefix || undefined });
    }
    case 'kms': {
      const decrypt = await pick<ChoiceItem<boolean>>(
        [
          { value: false, label: vscode.l10n.t('No'), description: 'kms:GenerateDataKey*' },
          {
            value: true,
            label: vscode.l10n.t('Yes'),
            description: 'kms:GenerateDataKey*, kms:Decrypt',
            detail: vscode.l10n.t('When the rule writes to a bucket encrypted with this key (SSE-KMS).'),
          },
        ],
        vscode.l10n.t('Also allow kms:Decrypt?'),
      );
      if (!decrypt) return undefined;
      return request(kind, { ...common, includeDecrypt: decrypt.value });
    }
    case 'lambda': {
      const functionName = await askText({
        prompt: vscode.l10n.t('Name of the function the rule invokes'),
        value: defaults.functionName,
        validate: validateFunctionName,
      });
      if (functionName === undefined) return undefined;
      return request(kind, { ...common, functionName });
    }
    case 'sns': {
      if (region === undefined) return undefined; // not so: for SNS the region is the settings' or was asked
      const partition = partitionOf(region);
      const topicArn = await askText({
        prompt: vscode.l10n.t('ARN of the topic the rule publishes to (in {0})', region),
        value: defaults.topicArn ?? `arn:${partition}:sns:${region}:${accountId ?? ''}:`,
        cursorAtEnd: defaults.topicArn === undefined,
        validate: topicArnValidator(region),
      });
      if (topicArn === undefined) return undefined;
      return request(kind, { ...common, topicArn });
    }
  }
}

function request(kind: GrantRequest['kind'], values: GrantValues): GrantRequest {
  return { kind, values, ifExists: 'ask', copyCommandLine: 'ask' };
}
