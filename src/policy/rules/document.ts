import type { FileContext } from '../findings';
import type { PolicyDocument } from '../model';
import { isReceivingSesGrant } from './ruleHelpers';

/**
 * File-level structure (docs/rules): the `Version` of policy documents that hold an SES grant.
 */
export function documentRules(context: FileContext): void {
  // Duplicate keys are found in the walk of each grant's tree that also reads its strings (statementTree.ts).
  for (const document of context.file.documents) {
    if (concernsSes(context, document)) checkVersion(context, document);
  }
}

/**
 * Only a document holding a receiving SES grant gets `version-*`: an SES-marked statement gets nothing but
 * the principal findings, a sending-side grant nothing but `source-arn-not-receipt-rule` (docs/semantics.md#recognising-a-grant). Once
 * `principal-wildcard`'s fix makes a marked statement a grant, the version is judged.
 */
function concernsSes(context: FileContext, document: PolicyDocument): boolean {
  return document.statements.some((s) => {
    const grant = context.grants.get(s);
    return grant !== undefined && isReceivingSesGrant(grant);
  });
}

const VALID_VERSIONS = ['2012-10-17', '2008-10-17'];

function checkVersion(context: FileContext, document: PolicyDocument): void {
  const version = document.version;
  if (!version) {
    // The smallest node that shows where `Version` belongs: the `Statement` key it should precede.
    const span = document.statementProperty?.keySpan ?? document.node.span;
    context.report('version-missing', span);
    return;
  }
  const value = version.value;
  if (value.type === 'token') return;
  const text = value.type === 'scalar' ? (typeof value.value === 'string' ? value.value : value.raw) : undefined;
  if (text === '2008-10-17') context.report('version-legacy-2008', value.span);
  else if (text === undefined || !VALID_VERSIONS.includes(text)) {
    context.report('version-invalid', value.span, { value: text ?? (value.type === 'object' ? '{…}' : '[…]') });
  }
}
