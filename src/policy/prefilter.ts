import { isSesLookAlike } from './sesPrincipal';

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
  return isSesLookAlike(principal);
}
