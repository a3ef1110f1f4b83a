import { JSON_FORMAT } from './json/adapter';
import { MARKDOWN_FORMAT } from './markdown/adapter';
import { SHELL_FORMAT } from './shell/adapter';
import { TERRAFORM_FORMAT } from './terraform/adapter';
import { YAML_FORMAT } from './yaml/adapter';

/**
 * Every format the linter reads, one registration each (src/formats/adapter.ts says what an adapter gives).
 * The order settles a file name two adapters could claim: `*.tf.json` is Terraform before it is JSON.
 */
export const FORMAT_ADAPTERS = [TERRAFORM_FORMAT, JSON_FORMAT, YAML_FORMAT, SHELL_FORMAT, MARKDOWN_FORMAT] as const;

export type SourceFormat = (typeof FORMAT_ADAPTERS)[number]['id'];

/** How a file that no language id and no adapter claims is read. */
export const DEFAULT_FORMAT = JSON_FORMAT;
