import type { Extraction, ParsedText } from '../adapter';
import type { HclBody } from './hcl';
import { mightHoldSesGrant } from '../../policy/prefilter';
import { TERRAFORM_RULES } from './crossResourceRules';
import { readHclTree } from './hclReader';
import { terraformParserAvailability, withTerraformTree } from './parser';
import { isWantedBlock, RECEIPT_RULE } from './resources';
import { firstSyntaxError } from './syntaxErrors';
import { extractTerraform, type SyntaxProblem, type TerraformFile } from './terraformFile';
import { readTerraformJson } from './tfJson';

export { terraformComments } from './comments';
export { initTerraform } from './parser';
export type { TerraformFile } from './terraformFile';

/** Terraform's native syntax (`*.tf`) or its JSON syntax (`*.tf.json`). */
export type TerraformSyntax = 'hcl' | 'json';

export function terraformSyntaxOf(fileName: string | undefined): TerraformSyntax {
  return fileName?.toLowerCase().endsWith('.tf.json') ? 'json' : 'hcl';
}

/** Another file of the same Terraform module (the same folder). */
export interface ModuleFile {
  readonly fileName: string;
  readonly text: string;
}

/**
 * The prefilter of every format (SES principals, `:ses:` ARNs…), plus receipt rules: a rule whose target has no
 * grant is exactly a file that names no SES principal.
 */
export function mightHoldTerraformGrant(text: string): boolean {
  return mightHoldSesGrant(text) || text.includes(RECEIPT_RULE);
}

/** A Terraform file as parsed: its top-level blocks worth reading, in the plain HCL syntax of hcl.ts. */
export type TerraformTree = HclBody;

/**
 * Parses a Terraform file (`*.tf`, `*.tf.json`). Before the parser is loaded (`initTerraform`, started by the
 * host) nothing is read and `parserLoading` says when to try again. Findings come only from the parts that
 * parsed; the first syntax error (innermost) is the parse's syntax error.
 */
export function parseTerraform(text: string, syntax: TerraformSyntax): ParsedText<TerraformTree> {
  const availability = terraformParserAvailability();
  if (availability.kind === 'pending') return { tree: undefined, syntaxErrors: [], parserLoading: availability.settled };
  if (availability.kind === 'failed') {
    return { tree: undefined, syntaxErrors: [{ message: `the Terraform parser could not be loaded (${availability.reason})`, offset: 0, length: 0 }] };
  }
  const problems: SyntaxProblem[] = [];
  return { tree: readTerraformTree(text, syntax, problems), syntaxErrors: problems };
}

/**
 * The policies of a parsed Terraform file; broken JSON inside policy strings is among the extraction's syntax
 * errors. `moduleFiles`, the other files of the module, let the checks across resources see policies and
 * targets written in them.
 */
export function extractTerraformFile(text: string, tree: TerraformTree | undefined, moduleFiles: readonly ModuleFile[] = []): Extraction {
  if (!tree) return { file: undefined };
  const problems: SyntaxProblem[] = [];
  const read = extractTerraform(text, tree, problems);
  const file: TerraformFile = { ...read, siblings: siblingsOf(moduleFiles) };
  return { file, syntaxErrors: problems };
}

export { TERRAFORM_RULES };

function readTerraformTree(text: string, syntax: TerraformSyntax, problems: SyntaxProblem[]): HclBody | undefined {
  if (syntax === 'json') return readTerraformJson(text, isWantedBlock, problems);
  // Binary data named .tf: tree-sitter's error recovery would spend seconds a megabyte on it, for nothing.
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    problems.push({ message: 'not text: it holds a NUL character', offset: nul, length: 1 });
    return undefined;
  }
  return withTerraformTree(text, (tree) => {
    const syntaxError = firstSyntaxError(tree);
    if (syntaxError) problems.push(syntaxError);
    return readHclTree(tree, text, isWantedBlock);
  });
}

/** A sibling file parsed and extracted, its problems dropped (they are that file's own). */
function readTerraform(text: string, syntax: TerraformSyntax): TerraformFile | undefined {
  const tree = readTerraformTree(text, syntax, []);
  return tree && extractTerraform(text, tree, []);
}

/**
 * The module's other files, read once each: linting every file of a module asks for the same siblings, so
 * they are kept by text (a small bounded cache; an edited file is a new text).
 */
const SIBLINGS = new Map<string, TerraformFile | undefined>();
const SIBLING_CACHE_SIZE = 64;

export function siblingsOf(moduleFiles: readonly ModuleFile[]): TerraformFile[] {
  const siblings: TerraformFile[] = [];
  for (const { fileName, text } of moduleFiles) {
    const key = `${terraformSyntaxOf(fileName)}:${text}`;
    let file = SIBLINGS.get(key);
    if (!SIBLINGS.has(key)) {
      // Every sibling counts, even one naming no SES principal: it may hold the target or a policy read from elsewhere.
      file = readTerraform(text, terraformSyntaxOf(fileName));
      if (SIBLINGS.size >= SIBLING_CACHE_SIZE) SIBLINGS.delete(SIBLINGS.keys().next().value!);
      SIBLINGS.set(key, file);
    }
    if (file) siblings.push(file);
  }
  return siblings;
}
