import type { StatementContext } from '../findings';
import { isEffectAllow, isSesPrincipalText, kindsFromActions } from '../grant';
import type { PrincipalEntry } from '../model';
import { sesLookAlikeOf } from '../prefilter';
import { isObject, property } from '../tree';

/**
 * Principals (docs/rules). `principal-wildcard` and `notprincipal-allow` are the only findings an SES-marked
 * statement gets; they apply to SES grants too (a grant that also allows `{"AWS": "*"}` allows everyone).
 * `principal-service-unknown` also runs on statements that are no grant because their principal only looks
 * like SES (lint.ts lets them through for this rule alone).
 */
export function principalRules(context: StatementContext): void {
  const { grant } = context;
  if (grant.isSendingSide) return;
  if (grant.isSesGrant || grant.isSesMarked) {
    checkWildcard(context);
    checkNotPrincipal(context);
  }
  checkLookAlike(context);
  if (grant.isSesGrant) checkMultiService(context);
}

function isWildcardPrincipal(entry: PrincipalEntry): boolean {
  return entry.type === 'wildcard' || (entry.type === 'AWS' && entry.value.text.trim() === '*');
}

function checkWildcard(context: StatementContext): void {
  const wildcard = context.statement.principals.find(isWildcardPrincipal);
  if (!wildcard) return;
  const principal = wildcard.type === 'wildcard' ? '"*"' : '{"AWS": "*"}';
  context.report('principal-wildcard', wildcard.value.span, { principal });
}

function checkNotPrincipal(context: StatementContext): void {
  const notPrincipal = context.statement.notPrincipalProperty;
  if (notPrincipal && isEffectAllow(context.statement)) context.report('notprincipal-allow', notPrincipal.keySpan);
}

/** Only statements that would be a grant with the right principal: an Allow whose actions make a grant kind. */
function checkLookAlike(context: StatementContext): void {
  const { statement } = context;
  for (const entry of statement.principals) {
    if (entry.type !== 'Service' || entry.value.isToken) continue;
    const detail = sesLookAlikeOf(entry.value.text);
    if (detail === undefined) continue;
    // Asked only once a look-alike is there: most statements name SES itself, and the answer is the same.
    if (!isEffectAllow(statement) || kindsFromActions(statement.actions).length === 0) return;
    context.report('principal-service-unknown', entry.value.span, { principal: entry.value.text, detail });
    return;
  }
}

/** Other real service principals next to SES; look-alikes of SES are `principal-service-unknown`'s. */
function checkMultiService(context: StatementContext): void {
  const { statement } = context;
  // A list only when there is another service: nearly every grant names SES alone.
  let others: PrincipalEntry[] | undefined;
  for (const p of statement.principals) {
    if (p.type === 'Service' && !isSesPrincipalText(p.value.text) && sesLookAlikeOf(p.value.text) === undefined) (others ??= []).push(p);
  }
  if (others === undefined) return;
  const principalValue = statement.principalProperty?.value;
  const serviceProperty = isObject(principalValue) ? property(principalValue, 'Service') : undefined;
  const span = serviceProperty?.value.span ?? principalValue?.span ?? statement.node.span;
  const names = [...new Set(others.map((p) => `\`${p.value.text}\``))];
  context.report('multi-service-principal', span, { others: names.join(', ') });
}
