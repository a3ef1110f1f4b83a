import { formatAdapter } from '../adapter';
import { commentTextAfter } from '../comments';
import { mightHoldTerraformGrant } from '../terraform';
import { lintMarkdown, markdownComments } from './index';

export const MARKDOWN_EXTENSIONS: readonly string[] = ['.md', '.markdown'];

/** Markdown: each code block tagged with a format this linter reads is linted in that format. */
export const MARKDOWN_FORMAT = formatAdapter({
  id: 'markdown',
  displayName: 'Markdown',
  languageIds: ['markdown'],
  extensions: MARKDOWN_EXTENSIONS,
  extensionsAnyCase: true,
  // Code blocks may be Terraform, whose receipt rules count as SES content.
  mightHold: mightHoldTerraformGrant,
  lint: (text, _hint, options, nested) => lintMarkdown(text, options, (block, languageId, blockOptions) => nested(block, { languageId }, blockOptions)),
  // `<!--` then the text.
  commentsOf: (text) => markdownComments(text).map((comment) => commentTextAfter(comment, '<!--'.length)),
});
