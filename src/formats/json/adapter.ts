import { lintPolicyFile } from '../../policy/lint';
import { parseJson } from '../../policy/parseJson';
import { mightHoldSesGrant } from '../../policy/prefilter';
import { formatAdapter } from '../adapter';
import { readsAsTemplate } from '../cloudformation/cloudformation';
import { lintTemplate } from '../cloudformation/lintTemplate';
import { jsonComments } from '../comments';
import { extractJsonFile } from '../embedded/encodedPolicies';

const EXTENSIONS: readonly string[] = ['.json', '.jsonc'];

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
  claimsFile: (name, text) => EXTENSIONS.some((extension) => name.endsWith(extension)) || (name.endsWith('.template') && /^\uFEFF?\s*\{/.test(text)),
  mightHold: mightHoldSesGrant,
  lint(text, _hint, options) {
    const { root, errors } = parseJson(text);
    if (readsAsTemplate(root)) return lintTemplate(text, 'json', root, errors, options);
    const file = extractJsonFile(text, root);
    return { file, findings: lintPolicyFile(file, options), syntaxErrors: errors };
  },
  commentsOf: jsonComments,
});
