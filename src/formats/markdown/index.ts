import type { LintOptions } from '../../policy/lint';
import type { SpanMap } from '../../policy/model';
import type { NestedLint, Nesting } from '../adapter';
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

/** The format of a code block's tag (`json`, `console`), as the format adapters declare their tags. */
export interface CodeBlockFormat {
  /** The VS Code language the block's text is handed to the format dispatch in. */
  readonly languageId: string;
  /** The format's name, as its syntax errors say ("JSON in this code block"). */
  readonly displayName: string;
  /** A terminal session: only the commands after its prompts are the format's text. */
  readonly session: boolean;
  /** The format's syntax errors count even where no policy was read (its adapter's `syntaxErrorsAlwaysCount`). */
  readonly syntaxErrorsAlwaysCount: boolean;
}

/** The format of a tag, passed in: this module cannot import the registry that lists the adapters. */
export type FormatOfTag = (tag: string) => CodeBlockFormat | undefined;

/**
 * Each code block tagged with a format this linter reads, as a document linted by that format (`lintBlock`,
 * the format dispatch, passed in so that this module does not import its own caller).
 */
export function markdownDocuments(blocks: readonly FencedBlock[], options: LintOptions, nesting: Nesting): EmbeddedDocument[] {
  const documents: EmbeddedDocument[] = [];
  for (const block of blocks) {
    const format = nesting.codeBlockFormat(block.tag);
    if (format) documents.push(readBlock(block, format, options, nesting.lint));
  }
  return documents;
}

/** The text a block's format reads (a terminal session's commands only) and its map to the file. */
function blockDocument(block: FencedBlock, format: CodeBlockFormat): { text: string; map: SpanMap } {
  if (!format.session) return { text: block.text, map: block.map };
  const commands = consoleCommands(block.text);
  return { text: commands.value, map: new ChainedMap(commands.map, block.map) };
}

function readBlock(block: FencedBlock, format: CodeBlockFormat, options: LintOptions, lintBlock: NestedLint): EmbeddedDocument {
  const { text, map } = blockDocument(block, format);
  const { languageId } = format;
  const result = lintBlock(text, { languageId }, options);
  const problems: SyntaxProblem[] = [];
  const own = countedSyntaxError(result, format);
  if (own) problems.push({ what: `${format.displayName} in this code block`, ...own });
  problems.push(...innerSyntaxProblems(result));
  return { tag: block.tag, languageId, text, map, result, syntaxProblems: problems.map((p) => placedProblem(p, map)) };
}

/**
 * A block's syntax error counts when the block may hold a grant: READMEs are full of sketches (`{ … }`) that
 * are no JSON and no one's concern. That is a block a policy was read from (past the prefilter; a YAML block
 * only as a CloudFormation template, the only YAML the YAML adapter reads, as for YAML files), or any block
 * of a format that reports syntax errors only where a grant may be (`syntaxErrorsAlwaysCount`: Terraform,
 * whose reader reports broken JSON in a policy string among them, as for a .tf file).
 */
function countedSyntaxError(result: FormatLintResult, format: CodeBlockFormat) {
  if (format.syntaxErrorsAlwaysCount || result.file) return result.syntaxErrors[0];
  return undefined;
}

function placedProblem(problem: SyntaxProblem, map: SpanMap): SyntaxProblem {
  return { ...problem, ...map.spanToOuter(problem) };
}

/**
 * The text of every code block a format reads, by where its text starts in the file (a terminal session's
 * commands only): how edits written into blocks are checked, all blocks in one pass over the file.
 */
export function blockTextsByStart(text: string, codeBlockFormat: FormatOfTag): Map<number, string> {
  const texts = new Map<number, string>();
  for (const block of fencedBlocks(text)) {
    const format = codeBlockFormat(block.tag);
    if (!format) continue;
    const document = blockDocument(block, format);
    texts.set(document.map.spanToOuter({ offset: 0, length: 0 }).offset, document.text);
  }
  return texts;
}

/** The text of the code block whose text starts at `start` (see `blockTextsByStart`); undefined when none does. */
export function blockTextAt(text: string, start: number, codeBlockFormat: FormatOfTag): string | undefined {
  return blockTextsByStart(text, codeBlockFormat).get(start);
}
