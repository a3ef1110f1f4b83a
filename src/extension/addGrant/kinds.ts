import * as vscode from 'vscode';
import type { InsertKind } from '../../policy/templates';

export interface KindItem extends vscode.QuickPickItem {
  readonly grantKind: InsertKind;
}

/** The four grants the command writes, each with a line saying when it is needed. */
export function kindItems(): KindItem[] {
  return [
    {
      grantKind: 's3',
      label: vscode.l10n.t('S3 bucket policy'),
      description: 's3:PutObject',
      detail: vscode.l10n.t('A receipt rule writes messages to a bucket.'),
    },
    {
      grantKind: 'kms',
      label: vscode.l10n.t('KMS key policy'),
      description: 'kms:GenerateDataKey*',
      detail: vscode.l10n.t('A receipt rule encrypts messages with a customer managed key.'),
    },
    {
      grantKind: 'lambda',
      label: vscode.l10n.t('Lambda permission'),
      description: 'lambda:InvokeFunction',
      detail: vscode.l10n.t('A receipt rule invokes a function (AddPermission request, or a statement of its policy).'),
    },
    {
      grantKind: 'sns',
      label: vscode.l10n.t('SNS topic policy'),
      description: 'SNS:Publish',
      detail: vscode.l10n.t('A receipt rule publishes to a topic (needed for a topic owned by another account).'),
    },
  ];
}

export function kindLabel(kind: InsertKind): string {
  return kindItems().find((item) => item.grantKind === kind)!.label;
}
