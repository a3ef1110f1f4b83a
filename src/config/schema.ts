import { ruleInfo } from '../policy/catalogue';
import { CONFIGURABLE_RULE_IDS } from './levels';
import { CONFIG_LEVELS } from './types';

/**
 * The JSON schema of `ses-grants.json`, generated from the catalogue into schemas/ses-grants.schema.json
 * (`npm run generate:schema`; a unit test fails when the committed file drifts). VS Code applies it through
 * the manifest's `jsonValidation`: completion of keys, finding ids and levels, and squiggles on bad values.
 * The patterns are those the readers check (src/policy/values.ts), and a unit test holds them together.
 */
export const SCHEMA_PATH = 'schemas/ses-grants.schema.json';

const NAME_PATTERN = '^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$';

const LEVEL_DESCRIPTIONS: Readonly<Record<string, string>> = {
  off: 'Not reported.',
  info: 'Reported as information.',
  warning: 'Reported as a warning.',
  error: 'Reported as an error: the command-line tool exits with status 1.',
};

export function configSchema(): Record<string, unknown> {
  const levels = { type: 'string', enum: [...CONFIG_LEVELS], enumDescriptions: CONFIG_LEVELS.map((level) => LEVEL_DESCRIPTIONS[level]) };
  const ruleProperties: Record<string, unknown> = {};
  for (const id of CONFIGURABLE_RULE_IDS) {
    const info = ruleInfo(id);
    ruleProperties[id] = { ...levels, description: `${info.title} (default: ${info.severity}).` };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'SES Grants configuration',
    description:
      'ses-grants.json: the values fixes write and the findings reported, for the SES Grants extension and the ses-grants command-line tool. Found by walking up from a file; settings given in VS Code override it.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'The schema of this file, for editors other than VS Code.' },
      accountId: {
        type: 'string',
        pattern: '^\\d{12}$',
        description: 'The AWS account that receives the mail (12 digits): written as aws:SourceAccount and in the receipt rule ARN.',
      },
      region: {
        type: 'string',
        pattern: '^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d{1,2}$',
        description: 'The region of the receipt rule set, e.g. us-east-1.',
      },
      ruleSet: { type: 'string', pattern: NAME_PATTERN, description: 'The receipt rule set named in aws:SourceArn.' },
      rule: { type: 'string', pattern: NAME_PATTERN, description: 'The receipt rule named in aws:SourceArn.' },
      anyRule: {
        type: 'boolean',
        description: 'Fixes allow any receipt rule of the account (receipt-rule-set/*:receipt-rule/* under ArnLike) instead of one rule.',
      },
      rules: {
        type: 'object',
        description: 'Finding id → level (off, info, warning or error).',
        properties: ruleProperties,
        additionalProperties: false,
      },
      ignore: {
        type: 'array',
        items: { type: 'string' },
        description: 'Files and folders not checked, as .gitignore patterns relative to this file\'s folder, e.g. "build/".',
      },
    },
    // One rule or any rule, not both.
    if: { properties: { anyRule: { const: true } }, required: ['anyRule'] },
    then: { not: { anyOf: [{ required: ['rule'] }, { required: ['ruleSet'] }] } },
  };
}

/** The committed file's text: the schema, two-space indented, with a final newline. */
export function configSchemaText(): string {
  return JSON.stringify(configSchema(), null, 2) + '\n';
}
