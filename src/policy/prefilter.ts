import { sesLookAlike } from './sesPrincipal';
import { SES_SERVICE_PRINCIPAL } from './grant';

/**
 * Cheap text checks that let the linter skip files that cannot hold an SES grant or an SES-marked
 * statement. They must never say "no" to a file that could: every grant names a service principal
 * (`….amazon…`; `aws.com` still shows when a look-alike letter hides `amazon`), and every SES-marked
 * statement carries `aws:Referer`, an `:ses:` ARN or an `aws:ses:` key.
 */
const COULD_MATTER = /amazon|aws\.com|referer|:ses:|aws:ses/i;

export function mightHoldSesGrant(text: string): boolean {
  return COULD_MATTER.test(text);
}

/**
 * A service principal that only looks like SES (`ses.amazon.com`, Cyrillic letters, stray spaces). Precise, not
 * merely cheap: such statements reach the statement rules although they are no grant, so `s3.amazonaws.com`
 * and the like must answer false here.
 */
export function mightBeLookAlikePrincipal(principal: string): boolean {
  return sesLookAlikeOf(principal) !== undefined;
}

const LOOK_ALIKE_CACHE = new Map<string, string | undefined>();
const LOOK_ALIKE_CACHE_SIZE = 512;

/**
 * `sesLookAlike`, remembered per principal text: a file repeats the same few service principals in every
 * statement, and each check normalises the text (NFKC, look-alike letters). The answer depends on the text
 * alone, so a cached answer is the same answer.
 */
export function sesLookAlikeOf(principal: string): string | undefined {
  // SES's own name, in nearly every grant, is no look-alike: a comparison, not a hash of the text.
  if (principal === SES_SERVICE_PRINCIPAL) return undefined;
  const cached = LOOK_ALIKE_CACHE.get(principal);
  if (cached !== undefined || LOOK_ALIKE_CACHE.has(principal)) return cached;
  const answer = sesLookAlike(principal);
  if (LOOK_ALIKE_CACHE.size >= LOOK_ALIKE_CACHE_SIZE) LOOK_ALIKE_CACHE.clear();
  // Fuzzed or generated input may hold huge principals: only keep the short ones.
  if (principal.length <= 256) LOOK_ALIKE_CACHE.set(principal, answer);
  return answer;
}
