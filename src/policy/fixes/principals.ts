import { SES_SERVICE_PRINCIPAL } from '../grant';
import { build, defined, valueAtFinding } from './common';
import { pathToEdit } from './duplicateKeys';
import { replaceValues } from './listEdits';
import type { FixContext, FixProposal } from './types';

/** Principal fixes: everyone, everyone-but, and look-alike service names become the SES service principal. */

const SES_PRINCIPAL = { Service: SES_SERVICE_PRINCIPAL };

export function principalWildcardFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  const property = statement?.principalProperty;
  if (!statement || !property) return [];
  // An AddPermission body names the principal as a bare string.
  const value = statement.shape === 'add-permission' ? SES_SERVICE_PRINCIPAL : SES_PRINCIPAL;
  return defined([
    build(context, { name: 'useSesPrincipal', preferred: true }, (editor) => {
      const path = pathToEdit(editor, statement.node, property.keySpan, true);
      if (!path) return false;
      editor.set(path, value);
      return true;
    }),
  ]);
}

export function notPrincipalAllowFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  const notPrincipal = statement?.notPrincipalProperty;
  if (!statement || !notPrincipal) return [];
  const principal = statement.principalProperty;
  return defined([
    build(context, { name: 'replaceNotPrincipal', preferred: true }, (editor) => {
      const path = pathToEdit(editor, statement.node, notPrincipal.keySpan, true);
      if (!path) return false;
      if (principal) {
        const principalPath = pathToEdit(editor, statement.node, principal.keySpan, true);
        if (!principalPath) return false;
        editor.set(principalPath, SES_PRINCIPAL);
        editor.remove(path);
        return true;
      }
      editor.set(path, SES_PRINCIPAL);
      editor.renameKey(path, 'Principal');
      return true;
    }),
  ]);
}

export function serviceUnknownFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  const services = statement.principals.filter((p) => p.type === 'Service' && !p.value.isToken).map((p) => p.value);
  const named = context.finding.args['principal'];
  const target = valueAtFinding(services, context) ?? services.find((v) => named !== undefined && v.text === named);
  if (!target || target.text === SES_SERVICE_PRINCIPAL) return [];
  return defined([
    build(context, { name: 'correctServicePrincipal', args: { principal: target.text }, preferred: true }, (editor) =>
      replaceValues(editor, [{ value: target, text: SES_SERVICE_PRINCIPAL }], statement.node),
    ),
  ]);
}
