import { mightHoldSesGrant } from '../../policy/prefilter';
import { formatAdapter } from '../adapter';
import { commentTextAfter } from '../comments';
import { inferValues, mergeValues } from '../../policy/fixes';
import { fixCommandLines } from './fixAll';
import { addPermissionFixes } from './fixes';
import { shellComments, type ShellFile } from './index';
import { extractShell, readShellScript } from './shellFile';
import { SHELL_RULES } from './shellRules';

export const SHELL_EXTENSIONS: readonly string[] = ['.sh', '.bash', '.zsh'];

/** Shell scripts: `aws` command lines and the policies given to them. */
export const SHELL_FORMAT = formatAdapter({
  id: 'shell',
  displayName: 'shell',
  languageIds: ['shellscript'],
  extensions: SHELL_EXTENSIONS,
  extensionsAnyCase: true,
  mightHold: mightHoldSesGrant,
  // Its syntax errors are unterminated quotes and here-documents.
  parse(text) {
    const script = readShellScript(text);
    return { tree: script, syntaxErrors: script.reading.errors };
  },
  extract: ({ tree }, text) => ({ file: tree && extractShell(text, tree) }),
  crossResourceRules: () => SHELL_RULES,
  // `#` then the text to the end of the line.
  commentsOf: (text) => shellComments(text).map((comment) => commentTextAfter(comment, comment.span.length - comment.text.length)),
  codeBlockTags: ['sh', 'bash', 'shell', 'zsh'],
  sessionBlockTags: ['console', 'shell-session', 'sh-session'],
  fixing: {
    lineComment: '#',
    // `aws lambda add-permission` command lines get flags; the policies given to commands are embedded JSON.
    ownFixes: (text, file, finding, values) => addPermissionFixes(text, file as ShellFile, finding, mergeValues(values, inferValues(file))),
    ownFixAll: fixCommandLines,
  },
});
