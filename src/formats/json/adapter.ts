import { mightHoldSesGrant } from '../../policy/prefilter';
import { formatAdapter } from '../adapter';
import { endingInAny } from '../extensionPattern';
import { readsAsTemplate } from '../cloudformation/cloudformation';
import { templateParts } from '../cloudformation/adapterParts';
import { templateFileOf, templateRulesFor } from '../cloudformation/templateFile';
import { jsonComments } from '../comments';
import { extractJsonFile } from '../embedded/encodedPolicies';
import { parseJson } from './parseJson';
import { JSON_EDITING } from './plainJson';

const EXTENSIONS: readonly string[] = ['.json', '.jsonc'];
const JSON_NAME = endingInAny(EXTENSIONS);
const TEMPLATE = templateParts('json');

/**
 * JSON and JSON with comments: plain policies (and API output holding a policy as a string) and
 * CloudFormation templates in JSON (CDK synth output included). The format of files no other adapter claims.
 */
export const JSON_FORMAT = formatAdapter({
  id: 'json',
  displayName: 'JSON',
  languageIds: ['json', 'jsonc'],
  extensions: EXTENSIONS,
  // `.template` files come in both JSON and YAML: a JSON template starts with `{`.
  claimsFile: (name, text) => JSON_NAME.test(name) || (name.endsWith('.template') && /^\uFEFF?\s*\{/.test(text)),
  mightHold: mightHoldSesGrant,
  parse(text) {
    const { root, errors } = parseJson(text);
    return { tree: root, syntaxErrors: errors };
  },
  extract({ tree: root, syntaxErrors }, text) {
    const file = readsAsTemplate(root) ? templateFileOf(text, 'json', root) : extractJsonFile(text, root);
    // Kept for the fixes, which check a statement against them (src/policy/fixes/api.ts).
    return { file: file && { ...file, jsonSyntaxErrors: syntaxErrors } };
  },
  crossResourceRules: templateRulesFor,
  commentsOf: jsonComments,
  codeBlockTags: ['json', 'jsonc'],
  // A template writes `${…}` values as intrinsics and the stack's account; any other JSON is plain JSON.
  fixing: { editingFor: (file) => TEMPLATE.editingFor(file) ?? JSON_EDITING, lineComment: '//' },
  planInsert: TEMPLATE.planInsert,
});
