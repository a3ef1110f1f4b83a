import { formatMessage } from '../catalogue';

/**
 * The fixes' English titles by name, `{args}` filled from the proposal's `titleArgs`: the one place they are
 * written, for the shared recipes and the formats' own (a shell command line's flags, a Terraform
 * permission's arguments). A proposal's `titleKey` is `fix.<name>`; the Japanese is `FIX_TITLES_JA` in
 * messages.ja.ts under those keys, with the same `{args}` (a unit test compares them).
 */
export const FIX_TITLES = {
  addSourceConditions: 'Add aws:SourceAccount and aws:SourceArn',
  addSourceConditionsAnyRule: 'Add aws:SourceAccount and aws:SourceArn for any receipt rule',
  addSourceArn: 'Add aws:SourceArn for the receipt rule',
  addSourceArnAnyRule: 'Add aws:SourceArn for any receipt rule of the account (ArnLike)',
  addSourceAccount: 'Add aws:SourceAccount {account}',
  replaceReferer: 'Replace aws:Referer with aws:SourceAccount and aws:SourceArn',
  replaceRefererAccountOnly: 'Replace aws:Referer with aws:SourceAccount',
  removeReferer: 'Remove aws:Referer',
  renameSourceOwner: 'Rename aws:SourceOwner to aws:SourceAccount',
  convertEncryptionContext: 'Use aws:SourceAccount and aws:SourceArn instead of the encryption context',
  addEncryptionContextNullChecks: 'Add the Null checks for rule-name and message-id',
  addGenerateDataKey: 'Add kms:GenerateDataKey*',
  correctKmsAction: 'Change {action} to {suggested}',
  correctOperator: 'Change {operator} to {suggested}',
  removeKmsExcessActions: 'Remove the actions SES does not need',
  correctEncryptionContextKey: 'Change {key} to {suggested}',
  narrowLambdaAction: 'Allow only lambda:InvokeFunction',
  useTopicArn: 'Use the topic ARN',
  fillPlaceholders: 'Fill in the placeholders with the known values',
  useSesPrincipal: 'Use the SES service principal',
  replaceNotPrincipal: 'Use Principal with ses.amazonaws.com',
  correctServicePrincipal: 'Change {principal} to ses.amazonaws.com',
  appendObjectPath: 'Change the resource to {resource}',
  removeBucketArn: 'Remove {resource}',
  narrowS3Action: 'Allow only s3:PutObject',
  rewriteSourceArn: 'Change to {arn}',
  useArnAccount: 'Use account {account} in aws:SourceAccount',
  useSourceAccountInArn: 'Use account {account} in aws:SourceArn',
  addVersion: 'Add "Version": "2012-10-17"',
  useVersion2012: 'Use Version 2012-10-17',
  replaceNotApplicableKeys: 'Replace {key} with aws:SourceAccount and aws:SourceArn',
  mergeDuplicateKeys: 'Merge the {key} keys',
  renameElement: 'Rename {element} to {suggested}',
  useOperator: 'Use {operator}',
  dropIfExists: 'Drop IfExists',
  addSourceOptions: 'Add --source-account and --source-arn',
  addSourceArnOption: 'Add --source-arn for the receipt rule',
  addSourceAccountOption: 'Add --source-account {account}',
  correctOption: 'Change {option} to {suggested}',
} as const;

export type FixName = keyof typeof FIX_TITLES;

/** A proposal's title, its key and its arguments, as `FixProposal` carries them. */
export function fixTitle(name: FixName, args?: Readonly<Record<string, string>>): { title: string; titleKey: string; titleArgs?: Readonly<Record<string, string>> } {
  return { title: formatMessage(FIX_TITLES[name], args ?? {}), titleKey: `fix.${name}`, ...(args ? { titleArgs: args } : {}) };
}
