import { mightHoldSesGrant } from '../../policy/prefilter';
import { formatAdapter } from '../adapter';
import { mightHoldTemplate, readsAsTemplate } from '../cloudformation/cloudformation';
import { templateParts } from '../cloudformation/adapterParts';
import { templateFileOf, templateRulesFor } from '../cloudformation/templateFile';
import { yamlComments } from '../comments';
import { shapeBeyondLimits } from './yamlBudget';
import { commentLineFitsAt } from './yamlCommentLine';
import { offerEditedReading, parseYaml, shapeOf, withdrawOffer } from './yamlTree';
import { shareFileReading } from './yamlSource';

const TEMPLATE = templateParts('yaml');

/** YAML: CloudFormation templates only (SAM and serverless.yml included); other YAML yields nothing. */
export const YAML_FORMAT = formatAdapter({
  id: 'yaml',
  displayName: 'YAML',
  languageIds: ['yaml'],
  extensions: ['.yaml', '.yml', '.template'],
  // YAML that cannot be a template is not even parsed.
  mightHold: (text) => mightHoldSesGrant(text) && mightHoldTemplate(text),
  parse(text) {
    // The YAML reader's cost explodes on some shapes (see yamlBudget.ts): such a text is not parsed.
    const shape = shapeOf(text);
    const notRead = shapeBeyondLimits(shape);
    if (notRead) return { tree: undefined, syntaxErrors: [], notRead };
    const { root, errors } = parseYaml(text, shape);
    return { tree: root, syntaxErrors: errors };
  },
  extract({ tree: root }, text) {
    const file = readsAsTemplate(root) ? templateFileOf(text, 'yaml', root) : undefined;
    // Fixes on the file's statements read them off the reader's tree or parse of the text.
    if (file) shareFileReading(file, root);
    return { file };
  },
  offerReadingAfterChanges: offerEditedReading,
  withdrawReading: withdrawOffer,
  crossResourceRules: templateRulesFor,
  commentsOf: yamlComments,
  codeBlockTags: ['yaml', 'yml'],
  fixing: { editingFor: TEMPLATE.editingFor, lineComment: '#', commentLineFitsAt },
  planInsert: TEMPLATE.planInsert,
});
