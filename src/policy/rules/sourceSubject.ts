import { arnPattern, arnTextOf, nameForMessage } from '../arn';
import type { GrantKind, Statement } from '../model';
import { property, textOf } from '../tree';

/**
 * What a source-restriction message names (`{resource}` in the catalogue, shown as "bucket `{resource}`"):
 * the bucket, key, function, topic or role name when the policy says which, else the Resource text as
 * written (a KMS key policy says `"*"`, meaning the key it is attached to), else `…` (a trust policy has no
 * Resource). The translations use the same bare value, so it holds no English words. In a template, a name
 * that is one reference is shown as the logical id it names (`MailBucket` for `${MailBucket.Arn}/*`).
 */

const NAME_FROM_ARN: Record<GrantKind, RegExp> = {
  s3: arnPattern('^arn:{C}:s3:::([^/*?]+)'),
  kms: arnPattern('^arn:{C}:kms:{C}:{C}:((?:key|alias)/[^*?]+)$'),
  lambda: arnPattern('^arn:{C}:lambda:{C}:{C}:function:([^:*?]+)'),
  sns: arnPattern('^arn:{C}:sns:{C}:{C}:([^:*?]+)$'),
  sts: arnPattern('^arn:{C}:iam::{C}:role/(?:.*/)?([^/*?]+)$'),
};

/** A template value that is a reference and nothing else, possibly with an object path: `${MailBucket.Arn}/*`. */
const REFERENCE_WITH_PATH = /^(\$\{[A-Za-z0-9]+(?:\.[A-Za-z0-9.]+)?\})(?:\/.*)?$/s;

export function resourcePhrase(statement: Statement, kind: GrantKind): string {
  return resourceName(statement, kind) ?? statement.resources.find((r) => r.text.trim() !== '')?.text.trim() ?? '…';
}

function resourceName(statement: Statement, kind: GrantKind): string | undefined {
  for (const resource of statement.resources) {
    const name = NAME_FROM_ARN[kind].exec(arnTextOf(resource))?.[1];
    if (name !== undefined) return resource.isToken ? nameForMessage(name) : name;
  }
  for (const resource of statement.resources) {
    const reference = resource.isToken ? REFERENCE_WITH_PATH.exec(resource.text.trim())?.[1] : undefined;
    if (reference) return nameForMessage(reference);
  }
  if (kind === 'lambda' && statement.shape === 'add-permission') {
    // FunctionName may be a name, a partial ARN (`123456789012:function:name`), a full ARN or a reference.
    const functionName = textOf(property(statement.node, 'FunctionName')?.value)?.trim();
    if (functionName) return /function:([^:]+)/.exec(functionName)?.[1] ?? nameForMessage(functionName);
  }
  return undefined;
}
