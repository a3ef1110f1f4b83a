import { SES_SERVICE_PRINCIPAL } from './grant';

/**
 * Service principals that look like SES but are not `ses.amazonaws.com` (docs/rules `principal-service-unknown`).
 *
 * Precision matters more than recall here: real principals such as `s3.amazonaws.com`, `sns.amazonaws.com`,
 * `sqs.amazonaws.com`, `es.amazonaws.com`, `logging.s3.amazonaws.com` or `delivery.logs.amazonaws.com` must
 * never match. So we do not use a plain edit distance (`sns`, `sqs`, `sts`, `sms` and `es` are all one edit
 * from `ses`); we recognise three shapes only:
 * 1. the value *renders* as `ses.amazonaws.com` (look-alike letters, invisible characters, case, spaces);
 * 2. an SES name on an Amazon-ish domain: `ses` off `amazonaws.com` (`ses.amazon.com`, the regional endpoint
 *    `ses.us-east-1.amazonaws.com`), or an SES endpoint name that is no principal (`email.amazonaws.com`);
 * 3. a listed misspelling of `ses` on `amazonaws.com` (`sse`, `sess`, …), none of which is a real service.
 */

/** Letters from other scripts that render like Latin ones (Unicode confusables, the ones seen in practice). */
const CONFUSABLES: Readonly<Record<string, string>> = {
  // Cyrillic
  '\u0430': 'a', '\u0435': 'e', '\u043e': 'o', '\u0440': 'p', '\u0441': 'c', '\u0455': 's', '\u0456': 'i',
  '\u0458': 'j', '\u0445': 'x', '\u0443': 'y', '\u043c': 'm', '\u0410': 'a', '\u0415': 'e', '\u041e': 'o',
  '\u0420': 'p', '\u0421': 'c', '\u0405': 's', '\u0406': 'i', '\u041c': 'm', '\u041d': 'h', '\u041a': 'k',
  '\u0422': 't', '\u0412': 'b', '\u0425': 'x', '\u0417': '3', '\u04bb': 'h', '\u0501': 'd', '\u051b': 'q',
  '\u051d': 'w',
  // Greek
  '\u03bf': 'o', '\u03b1': 'a', '\u03b5': 'e', '\u03bd': 'v', '\u03c1': 'p', '\u0391': 'a', '\u0395': 'e',
  '\u039f': 'o', '\u039c': 'm', '\u039d': 'n', '\u03a1': 'p', '\u03a4': 't', '\u03a7': 'x', '\u0396': 'z',
  // Latin look-alikes
  '\u0131': 'i', '\u0269': 'i', '\u1d00': 'a', '\u0261': 'g', '\u01c3': '!',
};

/** Characters that are invisible or blank in an editor. */
const INVISIBLE = /[\s\u00ad\u180e\u200b-\u200f\u2028-\u202f\u205f-\u2064\ufeff]/g;

const SES_NAMES = new Set(['ses', 'email', 'mail', 'sesv2', 'amazonses', 'aws-ses', 'ses-email', 'email-smtp', 'inbound-smtp']);
const SES_MISSPELLINGS = new Set(['sse', 'ess', 'se', 'ss', 'sess', 'sees', 'sesa', 'sesv']);
const SES_DOMAIN = 'amazonaws.com';

/** What the value looks like once case, invisible characters and look-alike letters are set aside. */
export function principalSkeleton(text: string): string {
  let out = '';
  for (const char of text.normalize('NFKC').replace(INVISIBLE, '')) out += CONFUSABLES[char] ?? char;
  return out.toLowerCase().replace(/\.$/, '');
}

/**
 * Undefined when the principal is exactly SES or does not look like it; otherwise a short English note on why
 * it differs (empty when the difference is plainly visible, as in `ses.amazon.com`).
 */
export function sesLookAlike(text: string): string | undefined {
  if (text === SES_SERVICE_PRINCIPAL) return undefined;
  const skeleton = principalSkeleton(text);
  if (skeleton === SES_SERVICE_PRINCIPAL) return renderedDifference(text);
  const dot = skeleton.indexOf('.');
  if (dot <= 0) return undefined;
  const name = skeleton.slice(0, dot);
  const domain = skeleton.slice(dot + 1);
  // `ses` is only wrong off `amazonaws.com`; the other names (`email`, …) are never SES's principal.
  if (SES_NAMES.has(name) && (name !== 'ses' || domain !== SES_DOMAIN) && /amazon|aws/.test(domain)) return '';
  if (SES_MISSPELLINGS.has(name) && domain === SES_DOMAIN) return '';
  return undefined;
}

export function isSesLookAlike(text: string): boolean {
  return sesLookAlike(text) !== undefined;
}

function renderedDifference(text: string): string {
  const foreign = [...text].find((c) => (c.codePointAt(0) ?? 0) > 0x7e && !/\s/.test(c));
  if (foreign !== undefined) {
    const code = foreign.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    const what = new RegExp(INVISIBLE.source).test(foreign) ? 'invisible' : 'look-alike';
    return ` (it contains the ${what} character U+${code})`;
  }
  if (text.trim() !== text || /\s/.test(text)) return ' (it contains whitespace)';
  if (text.toLowerCase() !== text) return ' (service principals are lower-case)';
  return '';
}
