import { JsonEditor } from '../../policy/fixes/jsonEditor';
import { commentsOf } from '../../policy/fixes/jsonText';
import type { FormatEditing } from '../../policy/fixes/policyEditor';
import type { GrantValues } from '../../policy/templates';
import { YamlEditor, yamlCommentsOf } from '../yaml/yamlEditor';

/** The stack's own account and region, as CloudFormation pseudo parameters (written `!Ref AWS::AccountId`, `!Sub '…${AWS::Region}…'`). */
export const TEMPLATE_ACCOUNT = '${AWS::AccountId}';
export const TEMPLATE_REGION = '${AWS::Region}';

/**
 * In a CloudFormation template the receiving account and region are the stack's: fixes insert the pseudo
 * parameters rather than the literal values of the settings (rule set and rule names stay as known).
 */
function stackValues(values: GrantValues): GrantValues {
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
};

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
