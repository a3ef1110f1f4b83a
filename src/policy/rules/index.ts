import type { FileRule, StatementRule } from '../findings';
import { checkSourceRestriction } from './source';
import { s3ContentRules } from './s3';
import { kmsContentRules } from './kms';
import { lambdaContentRules } from './lambda';
import { snsContentRules } from './sns';
import { principalRules } from './principals';
import { missingResourceRule, invalidElementRule } from './elements';
import { placeholderValueRules } from './placeholderValues';
import { documentRules } from './document';

/** Statement-level rule families, one file each (docs/rules). Order does not matter: findings are sorted. */
export const STATEMENT_RULES: readonly StatementRule[] = [
  checkSourceRestriction,
  s3ContentRules,
  kmsContentRules,
  lambdaContentRules,
  snsContentRules,
  principalRules,
  missingResourceRule,
  placeholderValueRules,
];

/** File-level families: versions, duplicate keys, references that cross statements. */
export const FILE_RULES: readonly FileRule[] = [
  documentRules,
  invalidElementRule,
];
