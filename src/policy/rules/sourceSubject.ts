import type { GrantKind, Statement } from '../model';
import { property, textOf } from '../tree';

/**
 * What a source-restriction message names (`{resource}` in the catalogue, shown as "bucket `{resource}`"):
 * the bucket, key, function, topic or role name when the policy says which, else the Resource text as
 * written (a KMS key policy says `"*"`, meaning the key it is attached to), else `…` (a trust policy has no
 * Resource). The translations use the same bare value, so it holds no English words.
 */

const NAME_FROM_ARN: Record<GrantKind, RegExp> = {
  s3: /^arn:[^:]*:s3:::([^/*?]+)/,
  kms: /^arn:[^:]*:kms:[^:]*:[^:]*:((?:key|alias)\/[^*?]+)$/,
  lambda: /^arn:[^:]*:lambda:[^:]*:[^:]*:function:([^:*?]+)/,
  sns: /^arn:[^:]*:sns:[^:]*:[^:]*:([^:*?]+)$/,
  sts: /^arn:[^:]*:iam::[^:]*:role\/(?:.*\/)?([^/*?]+)$/,
};

export function resourcePhrase(statement: Statement, kind: GrantKind): string {
  return resourceName(statement, kind) ?? statement.resources.find((r) => r.text.trim() !== '')?.text.trim() ?? '…';
}
function resourceName(statement: Statement, kind: GrantKind): string | undefined {
  for (const resource of statement.resources) {
    if (resource.isToken) continue;
    const match = NAME_FROM_ARN[kind].exec(resource.text.trim());
    if (match) return match[1];
  }
  if (kind === 'lambda' && statement.shape === 'add-permission') {
    // FunctionName may be a name, a partial ARN (`123456789012:function:name`) or a full ARN.
    const functionName = textOf(property(statement.node, 'FunctionName')?.value)?.trim();
    if (functionName) return /function:([^:]+)/.exec(functionName)?.[1] ?? functionName;
  }
  return undefined;
}
