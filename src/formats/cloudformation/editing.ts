import type { EditPath, FormatEditing, PolicyEditor } from '../../policy/fixes/policyEditor';
import type { PolicyValue } from '../../policy/model';
import type { GrantValues } from '../../policy/templates';
import { JSON_EDITING } from '../json/plainJson';
import { JsonEditor } from '../json/jsonEditor';
import { commentsOf } from '../json/jsonText';
import { YamlEditor, yamlCommentsOf } from '../yaml/yamlEditor';
import { offerSplicedReading, readsWithLinesReplaced } from '../yaml/yamlTree';
import { readYamlAhead } from '../yaml/yamlSource';
import { readTemplateFactsAhead, templateStatementScope } from './trustScope';

/** The stack's own account and region, as CloudFormation pseudo parameters (written `!Ref AWS::AccountId`, `!Sub '…${AWS::Region}…'`). */
export const TEMPLATE_ACCOUNT = '${AWS::AccountId}';
export const TEMPLATE_REGION = '${AWS::Region}';

/**
 * In a CloudFormation template the receiving account and region are the stack's: fixes insert the pseudo
 * parameters rather than the literal values of the settings (rule set and rule names stay as known).
 */
export function stackValues(values: GrantValues): GrantValues {
  return { ...values, accountId: TEMPLATE_ACCOUNT, region: TEMPLATE_REGION };
}

/**
 * A JSON template: the JSON editor on the finding's statement when it has one, else the whole text, writing
 * `${…}` values as intrinsics.
 */
export const CLOUDFORMATION_JSON_EDITING: FormatEditing = {
  open(text, statementSpan, file, formatting) {
    const editor = (statementSpan && JsonEditor.openWindow(text, statementSpan, formatting)) || JsonEditor.open(text, formatting, file);
    return editor?.withTemplateValues(toCloudFormationJson);
  },
  commentsOf,
  valuesFor: stackValues,
  // The JSON reader's recovery guesses spans in a broken template as in any JSON.
  recoveredErrorsOf: JSON_EDITING.recoveredErrorsOf,
  appendToTemplateValue: appendToIntrinsic((path) => [...path, 'Fn::Join', 1]),
  statementScope: templateStatementScope('json'),
  readAhead(file) {
    readTemplateFactsAhead(file, 'json');
    return true;
  },
};

/**
 * A YAML template: the YAML editor on a window holding the finding's statement, else the whole template (one
 * parse of the template shared by every fix on the same lint); `${…}` values become `!Ref`/`!GetAtt`/`!Sub`.
 */
export const CLOUDFORMATION_YAML_EDITING: FormatEditing = {
  open(text, statementSpan, file, formatting) {
    // YAML is indented with spaces; the editor's tab size is a hint only when the file itself says nothing.
    const indent = /^ +\S/m.test(text) ? undefined : formatting.insertSpaces ? formatting.tabSize : undefined;
    return YamlEditor.forStatement(text, statementSpan, file, indent);
  },
  commentsOf: yamlCommentsOf,
  valuesFor: stackValues,
  keepsCommentsUnlessRemoving: '#',
  readingAfterEdits: offerSplicedReading,
  appendToTemplateValue: appendToIntrinsic((path) => [...path, 1]),
  statementScope: templateStatementScope('yaml', readsWithLinesReplaced),
  // The file's style (~40% of a 1 MB template's first quick fix when read by that fix), then the scope's facts.
  readAhead(file, chars) {
    if (!readYamlAhead(file, chars)) return false;
    readTemplateFactsAhead(file, 'yaml');
    return true;
  },
};

/**
 * A bucket ARN built by CloudFormation: `!Sub 'arn:…:s3:::${Bucket}'` gets the suffix inside its string,
 * `!GetAtt Bucket.Arn` becomes `!Sub '${Bucket.Arn}/*'`, `!Join ['', ['arn:…:s3:::', !Ref Bucket]]` gets one
 * more list item (so the Join stays a Join). Other intrinsics (a Sub with a variable map, a Join with a
 * delimiter) are left alone. `joinList`: the path of a Join's list in the format's form of the intrinsic.
 */
function appendToIntrinsic(joinList: (path: EditPath) => EditPath) {
  return (editor: PolicyEditor, path: EditPath, source: string, value: PolicyValue, suffix: string): boolean => {
    if (/^(!Sub\s+['"]?[^\s[-]|\{\s*"Fn::Sub"\s*:\s*"|!GetAtt\s|\{\s*"Fn::GetAtt"\s*:)/.test(source)) {
      editor.set(path, value.text.trim() + suffix);
      return true;
    }
    if (/^(!Join\b|\{\s*"Fn::Join")/.test(source)) {
      const plain = editor.valueAt(value.span);
      const args = Array.isArray(plain) ? plain : (plain as Record<string, unknown> | undefined)?.['Fn::Join'];
      if (!Array.isArray(args) || args[0] !== '' || !Array.isArray(args[1])) return false;
      editor.appendItem(joinList(path), suffix);
      return true;
    }
    return false;
  };
}

const WHOLE_REFERENCE = /^\$\{([A-Za-z0-9:\uE000\uE001]+)(?:\.([A-Za-z0-9.]+))?\}$/;

/**
 * A template value in CloudFormation's JSON long form: exactly `${X}` → `{"Ref": "X"}`, `${X.Attr}` →
 * `{"Fn::GetAtt": ["X", "Attr"]}`, any other string with `${` → `{"Fn::Sub": "…"}`; arrays and objects
 * converted throughout. (The YAML editor writes the short forms `!Ref`, `!GetAtt`, `!Sub`.)
 */
export function toCloudFormationJson(value: unknown): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value;
    const whole = WHOLE_REFERENCE.exec(value);
    if (whole) return whole[2] ? { 'Fn::GetAtt': [whole[1], whole[2]] } : { Ref: whole[1] };
    return { 'Fn::Sub': value };
  }
  if (Array.isArray(value)) return value.map(toCloudFormationJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCloudFormationJson(v)]));
  }
  return value;
}
