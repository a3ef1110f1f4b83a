import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initTerraformInNode } from '../../src/cli/nodeWasmLoader';
import { readHclTree } from '../../src/formats/terraform/hclReader';
import { blockHeader } from '../../src/formats/terraform/hclText';
import { bodyFromText } from '../../src/formats/terraform/hclTextReader';
import { withTerraformTree } from '../../src/formats/terraform/parser';
import { isWantedBlock } from '../../src/formats/terraform/resources';
import { REPO_ROOT } from '../support/paths';
import { terraformTexts } from '../support/terraformTexts';

/**
 * The text reader (hclTextReader.ts) stands in for the tree walk wherever it can: a differential test, the
 * tree walk alone against the walk that reads blocks from the text, on every Terraform text of the
 * repository, on the edge shapes of test/fixtures/terraform/text-reader and on mutants of them all.
 */

const SHAPES = join(REPO_ROOT, 'test', 'fixtures', 'terraform', 'text-reader', 'shapes.tf');
const everyBlock = (): boolean => true;

/** Both readers on one text, with both filters: the result must not depend on which one read a block. */
function assertSameReading(text: string, name: string): void {
  withTerraformTree(text, (tree) => {
    for (const filter of [isWantedBlock, everyBlock]) {
      assert.deepStrictEqual(readHclTree(tree, text, filter, true), readHclTree(tree, text, filter, false), `${name}: the text reader differs from the tree walk`);
    }
  });
}

/** Which reader reads each top-level block of a text that parses cleanly, by the block's last label. */
function readerOfEachBlock(text: string): Record<string, 'text' | 'tree'> {
  return withTerraformTree(text, (tree) => {
    assert.equal(tree.rootNode.hasError, false, 'the shapes parse without error');
    const readers: Record<string, 'text' | 'tree'> = {};
    const body = tree.rootNode.namedChildren.find((node) => node?.type === 'body');
    for (const block of body?.namedChildren ?? []) {
      if (block?.type !== 'block') continue;
      const header = blockHeader(text, block.startIndex);
      assert.ok(header, `${block.text.split('\n')[0]}: a plain header`);
      readers[header.labels.at(-1)!.value] = bodyFromText(text, header.bodyStart, block.endIndex - 1) ? 'text' : 'tree';
    }
    return readers;
  })!;
}

test('every Terraform text of the repository reads the same through the text reader as through the tree walk', async () => {
  await initTerraformInNode();
  const texts = terraformTexts();
  assert.ok(texts.length > 100, `the repository's Terraform texts were found (${texts.length})`);
  for (const { name, text } of texts) assertSameReading(text, name);
});

test('the edge shapes: each block read by the expected reader, with the same result', async () => {
  await initTerraformInNode();
  const text = readFileSync(SHAPES, 'utf8');
  const expected = JSON.parse(readFileSync(SHAPES.replace(/\.tf$/, '.expected.json'), 'utf8')) as Record<string, string>;
  assert.deepStrictEqual(readerOfEachBlock(text), expected);
  assertSameReading(text, 'shapes.tf');
  // Line ends written as CRLF read the same too.
  assertSameReading(text.replace(/\n/g, '\r\n'), 'shapes.tf with CRLF');
});

/** A small deterministic generator: the same mutants on every run. */
function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
}

const PIECES = ['"', '\\', '$', '${', '$${', '}', '{', '[', ']', '#', '//', '/*', '*/', '\n', '\r\n', ' ', '\t', ',', ':', '=', '==', '.', '.*', '[*]', '0', '1.5', 'e3', 'a', '-', '(', ')', '...', '<<EOF\n', '\nEOF\n', '<<-X\n', '\n  X \n', '~', '%{', '%%{', '*', '?', 'true', 'null', 'for', 'é', '::'];

test('mutants of the Terraform texts (inserted tokens, cut and copied runs) read the same through both readers', async () => {
  await initTerraformInNode();
  const texts = [...terraformTexts().map((t) => t.text), readFileSync(SHAPES, 'utf8')].filter((text) => text.length < 20_000);
  const next = generator(13);
  let clean = 0;
  for (let round = 0; round < 1500; round++) {
    let text = texts[next(texts.length)]!;
    for (let edit = 1 + next(3); edit > 0; edit--) {
      const at = next(text.length + 1);
      const kind = next(3);
      if (kind === 0) text = text.slice(0, at) + PIECES[next(PIECES.length)] + text.slice(at);
      else if (kind === 1) text = text.slice(0, at) + text.slice(at + 1 + next(3));
      else {
        const from = next(text.length + 1);
        text = text.slice(0, at) + text.slice(from, from + next(20)) + text.slice(at);
      }
    }
    if (withTerraformTree(text, (tree) => !tree.rootNode.hasError)) clean++;
    assertSameReading(text, `mutant ${round}:\n${text}`);
  }
  // Mutants that still parse are where the text reader reads most; broken ones check the blocks around an error.
  assert.ok(clean > 300, `enough mutants parse cleanly (${clean})`);
});
