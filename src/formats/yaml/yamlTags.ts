import type { CollectionTag, ScalarTag, Tags } from 'yaml';

/** CloudFormation's short-form intrinsic functions (`!Ref`, `!Sub`, `!GetAtt`, …). */
const INTRINSICS = [
  'And', 'Base64', 'Cidr', 'Condition', 'Equals', 'FindInMap', 'GetAtt', 'GetAZs', 'If', 'ImportValue', 'Join', 'Length',
  'Not', 'Or', 'Ref', 'Select', 'Split', 'Sub', 'ToJsonString', 'Transform',
];

/**
 * The intrinsics' tags as tags the `yaml` package knows. They read exactly as unknown tags do (a string, a
 * mapping or a sequence that keeps its tag), but without the warning the package records for each unknown
 * tag: every warning is an Error with a captured stack, and in a template full of `!Ref` and `!Sub` building
 * them took a large share of the reading time. Used by every reading of YAML (the linter and the fixes).
 */
const CLOUDFORMATION_TAGS: readonly (ScalarTag | CollectionTag)[] = INTRINSICS.flatMap((name): (ScalarTag | CollectionTag)[] => [
  { tag: `!${name}`, resolve: (value: string) => value },
  { tag: `!${name}`, collection: 'map' },
  { tag: `!${name}`, collection: 'seq' },
]);

/** The `customTags` option of a parse: the schema's own tags and the intrinsics'. */
export function withCloudFormationTags(tags: Tags): Tags {
  return [...tags, ...CLOUDFORMATION_TAGS];
}
