import type { FileRule, StatementRule } from '../findings';
import { checkSourceRestriction } from './source';

/** Statement-level rule families, one file each (SPEC §4.1–4.3). Order does not matter: findings are sorted. */
export const STATEMENT_RULES: readonly StatementRule[] = [
  checkSourceRestriction,
];

/** File-level families: versions, duplicate keys, references that cross statements. */
export const FILE_RULES: readonly FileRule[] = [];
