import type { Span } from '../tree';
import type { OffsetEdit } from './types';

/**
 * What a fix recipe edits: a policy inside a JSON(C) file (JsonEditor) or a YAML CloudFormation template
 * (YamlEditor). Paths are the same in both (keys and array indexes from the document root), so one recipe
 * serves every format. Strings holding `${…}` are CloudFormation template values: the editor of a template
 * writes them as intrinsics (`!Ref`/`!Sub`, `{"Ref": …}`/`{"Fn::Sub": …}`).
 */
export type EditPath = (string | number)[];

export type EditFormat = 'json' | 'yaml';

export interface PolicyEditor {
  readonly format: EditFormat;
  /** The text the editor was opened on (a JSON window: its statement). */
  readonly original: string;
  /** The text after the edits so far. */
  readonly text: string;
  readonly changed: boolean;
  /** The edited text is no less valid (in its format) than the original: the edit broke nothing. */
  readonly intact: boolean;
  /** False when the edit must be redone on the whole document (a window's edit reaching outside its node). */
  readonly fitsDocument: boolean;
  /** The path of the node that has exactly this span (a model node's span); undefined when none or ambiguous. */
  pathOf(span: Span): EditPath | undefined;
  /** The path of the value of the property whose key has this span. */
  pathOfKey(keySpan: Span): EditPath | undefined;
  /** The plain value of an original node, for moving a value to another key. */
  valueAt(span: Span): unknown;
  set(path: EditPath, value: unknown): this;
  insertProperty(objectPath: EditPath, key: string, value: unknown, index?: number): this;
  appendItem(arrayPath: EditPath, value: unknown): this;
  remove(path: EditPath): this;
  renameKey(path: EditPath, newKey: string): this;
  keysAt(path: EditPath): string[];
  /** The edits from the original document to the current text (document offsets). */
  edits(): OffsetEdit[];
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
