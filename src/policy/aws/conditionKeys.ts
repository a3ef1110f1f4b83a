/**
 * The condition keys SES grants are about, lower-cased as the model compares them (`entry.keyLower`; key
 * names are case-insensitive in IAM, docs/semantics.md#normalisation). The one place these names are
 * written: rules, fixes and hovers import them from here.
 */

export const SOURCE_ACCOUNT = 'aws:sourceaccount';
export const SOURCE_ARN = 'aws:sourcearn';
export const REFERER = 'aws:referer';
export const SOURCE_OWNER = 'aws:sourceowner';
/** The keys SES puts in the encryption context [S4](docs/semantics.md#sources), lower-cased, without their `kms:EncryptionContext:aws:ses:` prefix. */
export const SES_ENCRYPTION_CONTEXT_KEYS: readonly string[] = ['source-account', 'rule-name', 'message-id'];
/** The encryption-context keys SES sets when it encrypts with KMS (old guide, KMS guide). */
export const KMS_CONTEXT_PREFIX = 'kms:encryptioncontext:aws:ses:';
export const KMS_CONTEXT_ACCOUNT = KMS_CONTEXT_PREFIX + 'source-account';
/**
 * The two keys the old guide and the KMS guide require to be present next to the context key [S3, S4](docs/semantics.md#sources),
 * as a fix writes them, and lower-cased as the model compares them.
 */
export const KMS_CONTEXT_NULL_CHECKS_AS_WRITTEN: readonly string[] = ['kms:EncryptionContext:aws:ses:rule-name', 'kms:EncryptionContext:aws:ses:message-id'];
export const KMS_CONTEXT_NULL_CHECKS: readonly string[] = KMS_CONTEXT_NULL_CHECKS_AS_WRITTEN.map((key) => key.toLowerCase());

/** Keys that say which account or rule SES acts for. */
export const SOURCE_KEYS: readonly string[] = [SOURCE_ACCOUNT, SOURCE_ARN, REFERER, SOURCE_OWNER, KMS_CONTEXT_ACCOUNT];

/**
 * The organisation of the account SES acts for [S14](docs/semantics.md#sources): `aws:SourceOrgID` (`o-…`) and `aws:SourceOrgPaths`
 * (`o-…/r-…/ou-…/`, several per request). A grant restricted by them is closed to accounts outside the
 * organisation, but still open to every receipt rule of every account in it.
 */
export const SOURCE_ORG_ID = 'aws:sourceorgid';
export const SOURCE_ORG_PATHS = 'aws:sourceorgpaths';

/** Keys a service-principal request never carries (docs/rules `condition-key-not-applicable`, [S14](docs/semantics.md#sources)). */
export const NOT_APPLICABLE_KEYS: readonly string[] = [
  'aws:principalorgid',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:sourceip',
  'aws:sourcevpc',
  'aws:sourcevpce',
];
