import { MISSING_SOURCE_ARN, MISSING_SOURCE_CONDITIONS } from '../catalogue';
import { accountMismatchFix, malformedSourceArnFix } from './sourceValues';
import { arnOperatorOnAccountFix, duplicateCaseFix, ifExistsFix, notApplicableKeyFix, wildcardWithoutLikeFix } from './conditionOperators';
import { invalidElementFix } from './elements';
import {
  encryptionContextKeyFix,
  excessKmsActionsFix,
  invalidKmsActionFix,
  legacyEncryptionContextFix,
  missingGenerateDataKeyFix,
  partialEncryptionContextFix,
} from './kms';
import { lambdaActionTooBroadFix, snsResourceWildcardFix } from './lambdaSns';
import { refererOnlyFix, refererPresentFix, sourceOwnerFix } from './legacy';
import { placeholderLeftFix } from './placeholders';
import { notPrincipalAllowFix, principalWildcardFix, serviceUnknownFix } from './principals';
import { includesBucketArnFix, notObjectArnFix, s3ActionTooBroadFix } from './s3';
import { missingSourceAccountFix, missingSourceArnFix, missingSourceConditionsFix } from './sourceConditions';
import type { FixBuilder } from './types';
import { versionMissingFix, versionValueFix } from './version';

/** Finding id → the builder of its fixes (the "How to fix" of each page in docs/rules). */
export const FIX_BUILDERS: ReadonlyMap<string, FixBuilder> = new Map<string, FixBuilder>([
  ...Object.values(MISSING_SOURCE_CONDITIONS).map((id): [string, FixBuilder] => [id, missingSourceConditionsFix]),
  ...Object.values(MISSING_SOURCE_ARN).map((id): [string, FixBuilder] => [id, missingSourceArnFix]),
  ['lambda-missing-source-account', missingSourceAccountFix],
  ['legacy-referer-only', refererOnlyFix],
  ['legacy-referer-present', refererPresentFix],
  ['legacy-source-owner', sourceOwnerFix],
  ['kms-legacy-encryption-context', legacyEncryptionContextFix],
  ['kms-partial-encryption-context', partialEncryptionContextFix],
  ['source-arn-malformed', malformedSourceArnFix],
  ['source-account-mismatch', accountMismatchFix],
  ['condition-wildcard-without-like', wildcardWithoutLikeFix],
  ['condition-arn-operator-on-account', arnOperatorOnAccountFix],
  ['condition-ifexists', ifExistsFix],
  ['condition-key-not-applicable', notApplicableKeyFix],
  ['condition-key-duplicate-case', duplicateCaseFix],
  ['s3-resource-not-object-arn', notObjectArnFix],
  ['s3-resource-includes-bucket-arn', includesBucketArnFix],
  ['s3-action-too-broad', s3ActionTooBroadFix],
  ['kms-missing-generate-data-key', missingGenerateDataKeyFix],
  ['kms-invalid-action', invalidKmsActionFix],
  ['kms-excess-actions', excessKmsActionsFix],
  ['kms-encryption-context-key-unknown', encryptionContextKeyFix],
  ['lambda-action-too-broad', lambdaActionTooBroadFix],
  ['sns-resource-wildcard', snsResourceWildcardFix],
  ['placeholder-left', placeholderLeftFix],
  ['principal-wildcard', principalWildcardFix],
  ['notprincipal-allow', notPrincipalAllowFix],
  ['principal-service-unknown', serviceUnknownFix],
  ['invalid-policy-element', invalidElementFix],
  ['version-missing', versionMissingFix],
  ['version-legacy-2008', versionValueFix],
  ['version-invalid', versionValueFix],
]);
