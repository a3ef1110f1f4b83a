import type { PolicyDocument } from '../model';
import { build, defined, spanInside } from './common';
import { pathToEdit } from './duplicateKeys';
import type { FixContext, FixProposal } from './types';

/** Policy version fixes: `2012-10-17`, the only version with policy variables [S9](docs/semantics.md#sources). */

export const CURRENT_VERSION = '2012-10-17';

function documentOf(context: FixContext): PolicyDocument | undefined {
  const { finding, file, statement } = context;
  return statement?.document ?? file.documents.find((d) => spanInside(finding.span, d.node.span));
}

export function versionMissingFix(context: FixContext): FixProposal[] {
  const document = documentOf(context);
  if (!document || document.version) return [];
  return defined([
    build(context, { name: 'addVersion', preferred: true }, (editor) => {
      const path = editor.pathOf(document.node.span);
      if (!path) return false;
      editor.insertProperty(path, 'Version', CURRENT_VERSION, 0);
      return true;
    }),
  ]);
}

export function versionValueFix(context: FixContext): FixProposal[] {
  const document = documentOf(context);
  const version = document?.version;
  if (!document || !version) return [];
  return defined([
    build(context, { name: 'useVersion2012', preferred: true }, (editor) => {
      const path = pathToEdit(editor, document.node, version.keySpan, true);
      if (!path) return false;
      editor.set(path, CURRENT_VERSION);
      return true;
    }),
  ]);
}
