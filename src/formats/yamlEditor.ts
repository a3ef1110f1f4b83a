/** The YAML editor lives with the fixes that use it (src/policy/fixes/yamlEditor.ts); kept here for the format layer. */
export { YamlEditor, type YamlPath } from '../policy/fixes/yamlEditor';
