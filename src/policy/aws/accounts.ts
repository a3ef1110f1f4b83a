/** An AWS account id: exactly twelve digits. The one pattern every rule, fix and validator uses. */
export const ACCOUNT_ID = /^\d{12}$/;

export function isAccountId(text: string): boolean {
  return ACCOUNT_ID.test(text);
}
