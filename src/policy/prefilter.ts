/**
 * Cheap text checks that let the linter skip files that cannot hold an SES grant or an SES-marked
 * statement. They must never say "no" to a file that could: every grant names a service principal
 * (`….amazon…`), and every SES-marked statement carries `aws:Referer`, an `:ses:` ARN or an `aws:ses:` key.
 */
const COULD_MATTER = /amazon|referer|:ses:|aws:ses/i;

export function mightHoldSesGrant(text: string): boolean {
  return COULD_MATTER.test(text);
}

/** A service principal that is SES, or is close enough to be a typo of it (checked properly by the rule). */
export function mightBeLookAlikePrincipal(principal: string): boolean {
  return /amazon|ses|email|mail/i.test(principal) || /[^\x00-\x7f]/.test(principal);
}
