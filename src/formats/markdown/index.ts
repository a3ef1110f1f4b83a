import type { LintOptions } from '../../policy/lint';
import type { SpanMap } from '../../policy/model';
import type { NestedLint } from '../adapter';
import { ChainedMap } from '../embedded/chainedMap';
import { innerSyntaxProblems, type EmbeddedDocument, type FormatLintResult, type SyntaxProblem } from '../result';
import { consoleCommands } from '../shell/console';
import { fencedBlocks, type FencedBlock } from './fences';

export { fencedBlocks } from './fences';

export { markdownComments } from './comments';

/**
 * Markdown files (docs/semantics.md#other-places-grants-are-written): each fenced code block tagged with a format this linter reads is linted as a
 * document of that format, and its findings are placed in the Markdown file. Untagged blocks and other
 * languages are prose as far as grants go.
 */

type BlockReader = 'json' | 'yaml' | 'shell' | 'console' | 'terraform';

const BLOCK_READERS: Readonly<Record<string, BlockReader>> = {
  json: 'json',
  jsonc: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  sh: 'shell',
  bash: 'shell',
  shell: 'shell',
  zsh: 'shell',
  console: 'console',
  'shell-session': 'console',
  'sh-session': 'console',
  hcl: 'terraform',
  terraform: 'terraform',
  tf: 'terraform',
};

/** The VS Code language of each reader: how the block's text is handed to the format dispatch. */
const LANGUAGE_OF: Readonly<Record<BlockReader, string>> = {
  json: 'json',
  yaml: 'yaml',
  shell: 'shellscript',
  console: 'shellscript',
  terraform: 'terraform',
};

const WHAT: Readonly<Record<BlockReader, string>> = {
  json: 'JSON in this code block',
  yaml: 'YAML in this code block',
  shell: 'shell in this code block',
  console: 'shell in this code block',
  terraform: 'Terraform in this code block',
};

/**
 * Each code block tagged with a format this linter reads, as a document linted by that format (`lintBlock`,
 * the format dispatch, passed in so that this module does not import its own caller).
 */
export function markdownDocuments(blocks: readonly FencedBlock[], options: LintOptions, lintBlock: NestedLint): EmbeddedDocument[] {
  const documents: EmbeddedDocument[] = [];
  for (const block of blocks) {
    const reader = BLOCK_READERS[block.tag];
    if (reader) documents.push(readBlock(block, reader, options, lintBlock));
  }
  return documents;
}

/** The text a block's format reads (a terminal session's commands only) and its map to the file. */
function blockDocument(block: FencedBlock, reader: BlockReader): { text: string; map: SpanMap } {
  if (reader !== 'console') return { text: block.text, map: block.map };
  const commands = consoleCommands(block.text);
  return { text: commands.value, map: new ChainedMap(commands.map, block.map) };
}

function readBlock(block: FencedBlock, reader: BlockReader, options: LintOptions, lintBlock: NestedLint): EmbeddedDocument {
  const { text, map } = blockDocument(block, reader);
  const result = lintBlock(text, { languageId: LANGUAGE_OF[reader] }, options);
  const problems: SyntaxProblem[] = [];
  const own = countedSyntaxError(result, reader);
  if (own) problems.push({ what: WHAT[reader], ...own });
  problems.push(...innerSyntaxProblems(result));
  return { tag: block.tag, languageId: LANGUAGE_OF[reader], text, map, result, syntaxProblems: problems.map((p) => placedProblem(p, map)) };
}

/**
 * A block's syntax error counts when the block may hold a grant (it passed the prefilter): READMEs are full
 * of sketches (`{ … }`) that are no JSON and no one's concern. A YAML block counts only as a CloudFormation
 * template, as YAML files do. A Terraform block has syntax errors only when it passed the prefilter (the
 * Terraform reader reports broken JSON in a policy string among them, as for a .tf file).
 */
function countedSyntaxError(result: FormatLintResult, reader: BlockReader) {
  if (reader === 'terraform') return result.syntaxErrors[0];
  if (!result.file) return undefined;
  if (reader === 'yaml' && !result.file.allowsTemplateValues) return undefined;
  return result.syntaxErrors[0];
}

function placedProblem(problem: SyntaxProblem, map: SpanMap): SyntaxProblem {
  return { ...problem, ...map.spanToOuter(problem) };
}

/**
 * The text of every code block a format reads, by where its text starts in the file (a terminal session's
 * commands only): how edits written into blocks are checked, all blocks in one pass over the file.
 */
export function blockTextsByStart(text: string): Map<number, string> {
  const texts = new Map<number, string>();
  for (const block of fencedBlocks(text)) {
    const reader = BLOCK_READERS[block.tag];
    if (!reader) continue;
    const document = blockDocument(block, reader);
    texts.set(document.map.spanToOuter({ offset: 0, length: 0 }).offset, document.text);
  }
  return texts;
}

/** The text of the code block whose text starts at `start` (see `blockTextsByStart`); undefined when none does. */
export function blockTextAt(text: string, start: number): string | undefined {
  return blockTextsByStart(text).get(start);
}
