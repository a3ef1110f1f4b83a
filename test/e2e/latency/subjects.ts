// The documents the UI latency bench types into, and where: the editor bench's subjects (test/vscode/bench),
// written as files of the bench's workspace and edited through the keyboard instead of the API.
import { templateOfSize } from '../../support/generatedTemplates';
import { policyOfAbout } from '../../support/largePolicy';

export interface TypingSubject {
  /** The file's name in the bench's workspace. */
  readonly fileName: string;
  readonly text: string;
  /** What the rows call it: `1.39 MB policy`. */
  readonly size: string;
  /** The row's short name in .bench/results.json: `policy 1 MB`. */
  readonly rowName: string;
  /** Text of the first line, which the editor shows once the file is open. */
  readonly firstLine: string;
  /** Line and column (1-based, as Ctrl+G takes them) right after the first statement's `Condition` key name. */
  readonly line: number;
  readonly column: number;
  /** What the edited line shows once Backspace has removed the key's last letter: the misspelt key. */
  readonly brokenMark: string;
  /** Whether the document has findings before the edit (the template does; the policies have none). */
  readonly findingsWhenOpened: boolean;
  /** The target for keystroke → squiggle, in ms, and whether it excludes the debounce (src/extension/debounce.ts). */
  readonly targetMs: number;
  readonly targetExcludesDebounce: boolean;
}

/** Line and column (1-based) of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

function subject(fields: Omit<TypingSubject, 'line' | 'column' | 'firstLine'>, conditionAt: number): TypingSubject {
  if (conditionAt < 0) throw new Error(`${fields.fileName} holds no Condition key`);
  return { ...fields, ...lineAndColumn(fields.text, conditionAt + 'Condition'.length), firstLine: fields.text.slice(0, fields.text.indexOf('\n')) };
}

/**
 * The ~1 MB policy (1.39 MB, no findings; Backspace at the first statement's `Condition` makes two), the ~1 MB
 * CloudFormation YAML template (1,024 findings; Backspace there makes three) and, as the 100 KB row,
 * the ~100 KB policy. All three are read in the analysis worker (64 KB or more).
 */
export function typingSubjects(): TypingSubject[] {
  const policy = policyOfAbout(1_000_000);
  const template = templateOfSize(1_000_000);
  const small = policyOfAbout(72_000);
  const mb = (text: string) => `${(text.length / 1e6).toFixed(2)} MB`;
  return [
    subject(
      { fileName: 'policy-1mb.json', text: policy, size: `${mb(policy)} policy`, rowName: 'policy 1 MB', brokenMark: '"Conditio"', findingsWhenOpened: false, targetMs: 300, targetExcludesDebounce: false },
      policy.indexOf('"Condition"') + 1,
    ),
    subject(
      { fileName: 'template-1mb.yaml', text: template, size: `${mb(template)} YAML template`, rowName: 'YAML template 1 MB', brokenMark: 'Conditio:', findingsWhenOpened: true, targetMs: 500, targetExcludesDebounce: false },
      template.indexOf('Condition:'),
    ),
    subject(
      { fileName: 'policy-100kb.json', text: small, size: `${(small.length / 1e3).toFixed(0)} KB policy`, rowName: 'policy 100 KB', brokenMark: '"Conditio"', findingsWhenOpened: false, targetMs: 30, targetExcludesDebounce: true },
      small.indexOf('"Condition"') + 1,
    ),
  ];
}
