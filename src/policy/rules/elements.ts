import type { FileContext, StatementContext } from '../findings';
import type { GrantClassification } from '../grant';
import { isEffectAllow, isSesPrincipalText, kindsFromActions } from '../grant';
import { readPrincipals, valuesOf } from '../extract';
import type { GrantKind, Statement } from '../model';
import type { PropertyNode } from '../tree';
import { editDistance, isReceivingSesGrant, nearest } from './ruleHelpers';

/** Policy elements (docs/rules): unknown statement keys, and a statement with no resource at all. */

const STATEMENT_ELEMENTS: readonly string[] = [
  'Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition',
];

/** The keys of a Lambda AddPermission request [S27](docs/semantics.md#sources). */
const ADD_PERMISSION_ELEMENTS: readonly string[] = [
  'FunctionName', 'StatementId', 'Action', 'Principal', 'SourceAccount', 'SourceArn', 'EventSourceToken',
  'Qualifier', 'RevisionId', 'PrincipalOrgID', 'FunctionUrlAuthType', 'InvokedViaFunctionUrl',
];

/**
 * The same names as sets: every property of every grant is looked up (a key's hash is kept with the string,
 * where a list compares it with up to a dozen names).
 */
const STATEMENT_ELEMENT_SET: ReadonlySet<string> = new Set(STATEMENT_ELEMENTS);
const ADD_PERMISSION_ELEMENT_SET: ReadonlySet<string> = new Set(ADD_PERMISSION_ELEMENTS);

function isSts(kind: GrantKind): boolean {
  return kind === 'sts';
}

export function missingResourceRule(context: StatementContext): void {
  const { statement, grant } = context;
  if (!isReceivingSesGrant(grant) || statement.shape === 'add-permission') return;
  // A role's trust policy names no resource: the role itself is the resource (IAM rejects one there).
  if (grant.kinds.every(isSts)) return;
  if (statement.resourceProperty || statement.notResourceProperty) return;
  context.report('missing-resource', statement.node.span);
}

/**
 * A file-level family so that it also sees statements that are SES grants in all but spelling: with
 * `"Principals": {"Service": "ses.amazonaws.com"}` the model finds no principal, `classify` no grant, and
 * the misspelt key is exactly what the user must hear about.
 */
export function invalidElementRule(context: FileContext): void {
  for (const statement of context.file.statements) {
    const grant = context.grants.get(statement);
    if (!grant || !(isReceivingSesGrant(grant) || isMisspeltSesGrant(statement, grant))) continue;
    const addPermission = statement.shape === 'add-permission';
    const valid = addPermission ? ADD_PERMISSION_ELEMENTS : STATEMENT_ELEMENTS;
    const known = addPermission ? ADD_PERMISSION_ELEMENT_SET : STATEMENT_ELEMENT_SET;
    let unknown: PropertyNode | undefined;
    for (const p of statement.node.properties) {
      if (!known.has(p.key)) {
        unknown = p;
        break;
      }
    }
    if (!unknown) continue;
    const suggested = nearest(unknown.key, valid, 2);
    const suggestion = suggested ? ` (did you mean \`${suggested}\`?)` : '';
    context.report('invalid-policy-element', unknown.keySpan, { element: unknown.key, suggestion }, statement);
  }
}

/** A misspelling of `name` (`Principals`, `principal`, `Actions`), never the element itself or its Not form. */
function misspeltProperties(statement: Statement, name: string): PropertyNode[] {
  return statement.node.properties.filter(
    (p) =>
      p.key !== name &&
      p.key !== `Not${name}` &&
      p.key.length <= name.length + 2 &&
      editDistance(p.key.toLowerCase(), name.toLowerCase()) <= 2,
  );
}

function isMisspeltSesGrant(statement: Statement, grant: GrantClassification): boolean {
  if (grant.isSesMarked || statement.principalProperty || !isEffectAllow(statement)) return false;
  const namesSes = misspeltProperties(statement, 'Principal').some((p) =>
    readPrincipals(p.value).some((entry) => isSesPrincipalText(entry.value.text)),
  );
  if (!namesSes) return false;
  const actions = statement.actionProperty ? statement.actions : misspeltProperties(statement, 'Action').flatMap((p) => valuesOf(p.value));
  return kindsFromActions(actions).length > 0;
}
