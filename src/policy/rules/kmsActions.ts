/**
 * Every action of the `kms:` prefix (Service Authorization Reference, AWS KMS). A `kms:` action that is not
 * here, and a wildcard that matches none of them, is `kms-invalid-action`.
 */
export const KMS_ACTIONS: readonly string[] = [
  'CancelKeyDeletion', 'ConnectCustomKeyStore', 'CreateAlias', 'CreateCustomKeyStore', 'CreateGrant', 'CreateKey',
  'Decrypt', 'DeleteAlias', 'DeleteCustomKeyStore', 'DeleteImportedKeyMaterial', 'DeriveSharedSecret',
  'DescribeCustomKeyStores', 'DescribeKey', 'DisableKey', 'DisableKeyRotation', 'DisconnectCustomKeyStore',
  'EnableKey', 'EnableKeyRotation', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext', 'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'GenerateRandom',
  'GetKeyPolicy', 'GetKeyRotationStatus', 'GetParametersForImport', 'GetPublicKey', 'ImportKeyMaterial',
  'ListAliases', 'ListGrants', 'ListKeyPolicies', 'ListKeyRotations', 'ListKeys', 'ListResourceTags',
  'ListRetirableGrants', 'PutKeyPolicy', 'ReEncryptFrom', 'ReEncryptTo', 'ReplicateKey', 'RetireGrant',
  'RevokeGrant', 'RotateKeyOnDemand', 'ScheduleKeyDeletion', 'Sign', 'SynchronizeMultiRegionKey', 'TagResource',
  'UntagResource', 'UpdateAlias', 'UpdateCustomKeyStore', 'UpdateKeyDescription', 'UpdatePrimaryRegion', 'Verify',
  'VerifyMac',
];

/** What SES needs from a key (docs/rules `kms-excess-actions`), lower-cased. */
export const KMS_ACTIONS_SES_NEEDS: readonly string[] = ['kms:encrypt', 'kms:decrypt', 'kms:generatedatakey', 'kms:generatedatakey*'];
