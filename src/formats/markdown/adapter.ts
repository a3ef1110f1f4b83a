import { formatAdapter } from '../adapter';
import { commentTextAfter } from '../comments';
import { mightHoldTerraformGrant } from '../terraform';
import { fencedBlocks, markdownComments, markdownDocuments } from './index';

export const MARKDOWN_EXTENSIONS: readonly string[] = ['.md', '.markdown'];

/** Markdown: each code block tagged with a format this linter reads is a document linted in that format. */
export const MARKDOWN_FORMAT = formatAdapter({
  id: 'markdown',
  displayName: 'Markdown',
  languageIds: ['markdown'],
  extensions: MARKDOWN_EXTENSIONS,
  extensionsAnyCase: true,
  // Code blocks may be Terraform, whose receipt rules count as SES content.
  mightHold: mightHoldTerraformGrant,
  parse: (text) => ({ tree: fencedBlocks(text), syntaxErrors: [] }),
  // The file holds no policy of its own: only its code blocks do.
  extract: ({ tree }, _text, _hint, nesting, options) => ({ file: undefined, documents: markdownDocuments(tree ?? [], options, nesting) }),
  // `<!--` then the text.
  commentsOf: (text) => markdownComments(text).map((comment) => commentTextAfter(comment, '<!--'.length)),
  fixing: {
    // An HTML comment cannot stand inside a code block, where the findings are.
    lineComment: undefined,
    // Only the code blocks hold policies: each is fixed by its format.
    ownFixAll: (text) => text,
  },
});
