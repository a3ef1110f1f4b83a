import { mightHoldSesGrant } from '../../policy/prefilter';
import { formatAdapter } from '../adapter';
import { commentTextAfter } from '../comments';
import { lintShell, shellComments } from './index';

export const SHELL_EXTENSIONS: readonly string[] = ['.sh', '.bash', '.zsh'];

/** Shell scripts: `aws` command lines and the policies given to them. */
export const SHELL_FORMAT = formatAdapter({
  id: 'shell',
  displayName: 'shell',
  languageIds: ['shellscript'],
  extensions: SHELL_EXTENSIONS,
  extensionsAnyCase: true,
  mightHold: mightHoldSesGrant,
  lint: (text, _hint, options) => lintShell(text, options),
  // `#` then the text to the end of the line.
  commentsOf: (text) => shellComments(text).map((comment) => commentTextAfter(comment, comment.span.length - comment.text.length)),
});
