import type { PolicyValue } from './model';

/**
 * Reading ARNs out of policy values that may be template values. Adapters write each computed part of a
 * template value as `${…}` (src/formats/cloudformation/intrinsics.ts). A pseudo parameter such as `${AWS::Partition}` or
 * `${AWS::Region}` holds colons, yet stands for a single ARN component: `arn:${AWS::Partition}:s3:::b` is read
 * like `arn:aws:s3:::b`, and `arn:aws:ses:${AWS::Region}:${AWS::AccountId}:identity/x` like an identity ARN.
 */

/**
 * One ARN component: characters other than `:`, where a `${…}` computed part counts whole, colons and all.
 * The three alternatives never match the same character, so a failed match cannot backtrack exponentially.
 */
const COMPONENT = String.raw`(?:[^:$]|\$(?!\{)|\$\{[^}]*\})*`;

/** A pattern whose `{C}` slots stand for one ARN component each (`^arn:{C}:s3:::(.*)$`). */
export function arnPattern(source: string, flags = ''): RegExp {
  return new RegExp(source.replaceAll('{C}', COMPONENT), flags);
}

/** The text an ARN is read from: a literal as written, a template value as far as its adapter expanded it. */
export function arnTextOf(value: PolicyValue): string {
  const node = value.node;
  return (node.type === 'token' && node.expanded !== undefined ? node.expanded : value.text).trim();
}

const SERVICE = arnPattern('^arn:{C}:({C}):', 'i');

/** The service component of an ARN, lower-cased (`s3` for `arn:${AWS::Partition}:s3:::b`). */
export function arnService(value: PolicyValue): string | undefined {
  return SERVICE.exec(arnTextOf(value))?.[1]?.toLowerCase();
}

const SINGLE_REFERENCE = /^\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}$/;

/**
 * The logical id a name stands for when the name is one template reference (`${MailBucket}`,
 * `${MailFunction.Arn}`): messages then say "bucket `MailBucket`", never "bucket `${MailBucket.Arn}`".
 * Pseudo parameters (`${AWS::Region}`) are no logical id. Other text is returned as it is.
 */
export function nameForMessage(name: string): string {
  return SINGLE_REFERENCE.exec(name)?.[1] ?? name;
}
