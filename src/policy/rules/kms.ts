import type { StatementContext } from '../findings';
import type { PolicyValue } from '../model';
import { globMatches, hasWildcard } from '../glob';
import { actionCovers } from '../grant';
import { SES_ENCRYPTION_CONTEXT_KEYS } from '../aws/conditionKeys';
import { detachedCopy } from '../detached';
import { KMS_ACTIONS, KMS_ACTIONS_SES_NEEDS } from './kmsActions';
import { editDistance, isReceivingGrantOf, nearest, normalizedAction } from './ruleHelpers';

/**
 * KMS content (docs/rules): SES asks for a data key, so the grant needs `kms:GenerateDataKey(*)`; actions must
 * be real KMS actions; anything beyond Encrypt / GenerateDataKey(*) / Decrypt is excess; and the SES
 * encryption-context keys are a closed set.
 */
export function kmsContentRules(context: StatementContext): void {
  if (!isReceivingGrantOf(context, 'kms')) return;
  checkGenerateDataKey(context);
  checkActions(context);
  checkEncryptionContextKeys(context);
}

function checkGenerateDataKey(context: StatementContext): void {
  const { statement } = context;
  if (statement.actions.some(coversGenerateDataKey)) return;
  const span = statement.actionProperty?.value.span ?? statement.node.span;
  context.report('kms-missing-generate-data-key', span);
}

/**
 * `actionCovers(action, 'kms:GenerateDataKey')`, the constant not lower-cased again for each action, and an
 * action without a wildcard compared, not glob-matched.
 */
function coversGenerateDataKey(action: PolicyValue): boolean {
  const lower = action.text.trim().toLowerCase();
  return hasWildcard(lower) ? globMatches(lower, 'kms:generatedatakey', false) : lower === 'kms:generatedatakey';
}

const SEPARATOR_TYPO = /^kms[;.,\s]+([A-Za-z*?]+)$/i;

/** An action meant as `kms:Name` but written with a wrong prefix (`km:Encrypt`, `kms;Decrypt`): its fix. */
function mistypedPrefixFix(text: string): string | undefined {
  const separatorTypo = SEPARATOR_TYPO.exec(text);
  if (separatorTypo) return fixedName(separatorTypo[1]!);
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const prefix = text.slice(0, colon).toLowerCase();
  if (prefix === 'kms' || editDistance(prefix, 'kms') > 1) return undefined;
  // Only names that are KMS actions: `sms:GetApp` is the real Server Migration Service, not a typo.
  const name = text.slice(colon + 1);
  return isKnownKmsName(name) ? fixedName(name) : undefined;
}

/** Lower-cased once: every action of every KMS grant is checked against the whole list. */
const KMS_ACTIONS_LOWER: readonly string[] = KMS_ACTIONS.map((known) => known.toLowerCase());
const KMS_ACTION_SET: ReadonlySet<string> = new Set(KMS_ACTIONS_LOWER);

/** Whether `name` (after `kms:`) names or matches a KMS action; exported for its test. */
export function isKnownKmsName(name: string): boolean {
  // The same as a case-insensitive glob match against each known name, with the name lower-cased once.
  const lower = name.toLowerCase();
  if (!hasWildcard(lower)) return KMS_ACTION_SET.has(lower);
  const known = WILDCARD_NAMES_KNOWN.get(lower);
  if (known !== undefined) return known;
  const answer = KMS_ACTIONS_LOWER.some((action) => globMatches(lower, action, false));
  // Bounded, short names only, and copies: the map outlives the file, whose text it must not keep alive.
  if (lower.length <= 64) {
    if (WILDCARD_NAMES_KNOWN.size >= 256) WILDCARD_NAMES_KNOWN.clear();
    WILDCARD_NAMES_KNOWN.set(detachedCopy(lower), answer);
  }
  return answer;
}

/**
 * Whether a wildcard name (`generatedatakey*`, lower-cased) matches a KMS action, remembered: a key policy
 * repeats the same few in every grant, and each costs a glob match against up to every known action.
 */
const WILDCARD_NAMES_KNOWN = new Map<string, boolean>();

function fixedName(name: string): string {
  const exact = KMS_ACTIONS.find((known) => known.toLowerCase() === name.toLowerCase());
  return `kms:${exact ?? name}`;
}

/** The nearest real KMS action for an unknown `kms:` name, keeping a trailing `*`. */
function suggestionFor(name: string): string {
  const star = name.endsWith('*') && !name.slice(0, -1).includes('*') ? '*' : '';
  const stem = star ? name.slice(0, -1) : name;
  const candidate = nearest(stem, KMS_ACTIONS, Math.max(2, Math.floor(stem.length / 3)));
  return candidate ? `kms:${candidate}${star}` : 'kms:GenerateDataKey*';
}

/** `{action, suggested}` for an invalid action, or undefined for a valid one or another service's action. */
export function invalidAction(action: PolicyValue): { action: string; suggested: string } | undefined {
  const text = action.text.trim();
  const fix = mistypedPrefixFix(text);
  if (fix) return { action: text, suggested: fix };
  const lower = text.toLowerCase();
  if (!lower.startsWith('kms:')) return undefined;
  const name = text.slice(4);
  if (name === '*' || isKnownKmsName(name)) return undefined;
  return { action: text, suggested: suggestionFor(name) };
}

/** KMS_ACTIONS_SES_NEEDS as usually written (each a known name; exported for the test that checks so). */
export const KMS_NEEDED_AS_WRITTEN: ReadonlySet<string> = new Set(['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKey*']);

function checkActions(context: StatementContext): void {
  let excessReported = false;
  for (const action of context.statement.actions) {
    // What SES needs, as the guides write it: valid and no excess, read without a copy of the text.
    if (KMS_NEEDED_AS_WRITTEN.has(action.text)) continue;
    const invalid = invalidAction(action);
    if (invalid) {
      context.report('kms-invalid-action', action.span, invalid);
      continue;
    }
    if (excessReported) continue;
    const text = normalizedAction(action);
    const isKmsOrAll = text.startsWith('kms:') || (hasWildcard(text) && actionCovers(text, 'kms:Decrypt'));
    if (isKmsOrAll && !KMS_ACTIONS_SES_NEEDS.includes(text)) {
      context.report('kms-excess-actions', action.span, { action: action.text });
      excessReported = true;
    }
  }
}

const SES_CONTEXT_PREFIX = 'kms:encryptioncontext:aws:ses:';

function checkEncryptionContextKeys(context: StatementContext): void {
  for (const entry of context.statement.conditions) {
    if (!entry.keyLower.startsWith(SES_CONTEXT_PREFIX)) continue;
    const contextKey = entry.keyLower.slice(SES_CONTEXT_PREFIX.length);
    if (SES_ENCRYPTION_CONTEXT_KEYS.includes(contextKey)) continue;
    context.report('kms-encryption-context-key-unknown', entry.keySpan, { key: entry.key });
    return;
  }
}
