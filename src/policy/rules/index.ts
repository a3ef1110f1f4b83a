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
import { statementTreeRules } from './statementTree';

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
  statementTreeRules,
];

/** File-level families: versions, elements (of statements that are grants but for a misspelt key). */
export const FILE_RULES: readonly FileRule[] = [
  documentRules,
  invalidElementRule,
];
