import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initTerraformInNode } from '../../src/cli/nodeWasmLoader';
import type { TreeNode } from '../../src/policy/tree';
import type { HclBody, HclExpression, HclTemplate } from '../../src/formats/terraform/hcl';
import { readHclTree } from '../../src/formats/terraform/hclReader';
import { heredocJsonInPlace, readEmbeddedJson } from '../../src/formats/terraform/embeddedJson';
import { withTerraformTree } from '../../src/formats/terraform/parser';
import { mulberry32 } from '../support/random';
import { terraformTexts } from '../support/terraformTexts';

/**
 * A heredoc's JSON read where it stands in the file (embeddedJson.ts, `heredocJsonInPlace`) against the way
 * every string takes otherwise, the decoded text's tree mapped back: the same tree (every node's kind, span,
 * value and raw text), the same errors and the same decoded text and map, on every template of every
 * Terraform text of the repository, on heredocs written every way that matters, and on mutants of them.
 */

function templatesIn(body: HclBody, found: HclTemplate[] = []): HclTemplate[] {
  for (const attribute of body.attributes) templatesOf(attribute.value, found);
  for (const block of body.blocks) templatesIn(block.body, found);
  return found;
}

function templatesOf(expression: HclExpression | undefined, found: HclTemplate[]): void {
  if (!expression) return;
  switch (expression.kind) {
    case 'template':
      found.push(expression);
      for (const part of expression.parts) if (part.kind === 'interpolation') templatesOf(part.expression, found);
      break;
    case 'object':
      for (const item of expression.items) templatesOf(item.value, found);
      break;
    case 'tuple':
      for (const item of expression.items) templatesOf(item, found);
      break;
    case 'call':
      for (const argument of expression.args) templatesOf(argument, found);
      break;
  }
}

/** A node as plain data: what the rules and fixes read of it, whichever reader made it. */
function plain(node: TreeNode | undefined): unknown {
  if (!node) return node;
  const span = [node.span.offset, node.span.length];
  switch (node.type) {
    case 'scalar':
      return { type: node.type, span, value: node.value, raw: node.raw };
    case 'token':
      return { type: node.type, span, text: node.text, expanded: node.expanded };
    case 'array':
      return { type: node.type, span, items: node.items.map(plain) };
    case 'object':
      return { type: node.type, span, properties: node.properties.map((p) => ({ key: p.key, keySpan: [p.keySpan.offset, p.keySpan.length], span: [p.span.offset, p.span.length], value: plain(p.value) })) };
  }
}

/** Both ways on every template of a text; how many heredocs were read in place. */
function assertSameTrees(text: string, name: string): number {
  let inPlace = 0;
  withTerraformTree(text, (tree) => {
    for (const template of templatesIn(readHclTree(tree, text, () => true))) {
      const read = readEmbeddedJson(text, template);
      const mapped = readEmbeddedJson(text, template, false);
      const where = `${name} at ${template.span.offset}`;
      assert.deepStrictEqual(plain(read.root), plain(mapped.root), `${where}: the trees differ`);
      assert.deepStrictEqual(read.errors, mapped.errors, `${where}: the errors differ`);
      assert.equal(read.decoded?.text, mapped.decoded?.text, where);
      assert.deepStrictEqual(read.decoded?.map, mapped.decoded?.map, where);
      if (heredocJsonInPlace(text, template) !== undefined) inPlace++;
    }
  });
  return inPlace;
}

const deep = (levels: number): string => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

/** Heredocs of each shape the in-place reading must take or turn down. */
const SHAPES: readonly string[] = [
  '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "*"}]\n}',
  '{"Statement": [{"Sid": "\\"quoted\\" \\u00e9 \\\\ é", "Action": ["kms:Encrypt", "kms:GenerateDataKey*"], "Resource": "*"}], "n": -1.5e3, "t": true, "f": false, "z": null}',
  '{"Statement": [{"Resource": "arn:aws:s3:::${var.bucket}/*"}]}',
  '{"Statement": [{"Resource": "arn:aws:s3:::$${aws:username}/*"}]}',
  '{"Statement": [{"Resource": "100%%{x}"}]}',
  '{"Statement": [{"Resource": "100%"}], "dollar": "$5"}',
  '%{ if true }{"a": 1}%{ endif }',
  '{"Statement": [ // a comment\n  {"Effect": "Allow",}, /* block */\n]}',
  '// leading comment\n{"a": 1}',
  '{"a": 1} trailing',
  '{"a": 1}\n// trailing comment',
  '{"a": [1, 2,, 3]}',
  '{"a": "unterminated}',
  '{"a": "two\n lines"}',
  '["not", "an", "object"]',
  '{}',
  deep(64),
  deep(65),
  deep(70),
];

function heredocs(json: string): string[] {
  const indented = (prefix: string) => json.split('\n').map((line) => prefix + line).join('\n');
  return [
    `resource "aws_s3_bucket_policy" "a" {\n  policy = <<EOF\n${json}\nEOF\n}\n`,
    `resource "aws_s3_bucket_policy" "a" {\n  policy = <<-EOF\n    ${indented('    ').trimStart()}\n  EOF\n}\n`,
    `resource "aws_s3_bucket_policy" "a" {\n  policy = <<-EOF\n\t\t${indented('\t\t').trimStart()}\n\tEOF\n}\n`,
    `resource "aws_s3_bucket_policy" "a" {\n  policy = <<-EOF\n${indented('      ')}\n\n    EOF\n}\n`,
    `resource "aws_s3_bucket_policy" "a" {\n  policy = <<EOF\n  ${json}   \n\nEOF\n}\n`,
    `resource "aws_s3_bucket_policy" "a" {\n  policy = "${json.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"\n}\n`,
  ];
}

test('every template of the repository\'s Terraform texts reads the same in place as mapped back', async () => {
  await initTerraformInNode();
  const texts = terraformTexts();
  let inPlace = 0;
  for (const { name, text } of texts) {
    inPlace += assertSameTrees(text, name);
    inPlace += assertSameTrees(text.replace(/\r?\n/g, '\r\n'), `${name} with CRLF`);
  }
  assert.ok(inPlace > 50, `heredocs read in place (${inPlace})`);
});

test('heredocs of every shape read the same in place as mapped back, and the plain ones are read in place', async () => {
  await initTerraformInNode();
  let inPlace = 0;
  for (const json of SHAPES) {
    for (const text of heredocs(json)) {
      for (const form of [text, text.replace(/\n/g, '\r\n')]) inPlace += assertSameTrees(form, JSON.stringify(form));
    }
  }
  // The first two shapes, the lone `%` and `$`, comments and trailing commas inside, the leading comment (which
  // the `{` check turns away before), `{}` and 64 levels: 7 shapes in the five heredoc forms, LF and CRLF. A
  // comment after the value takes the mapped way (the strict reader's trivia would run into the closing marker).
  assert.equal(inPlace, 7 * 5 * 2);
});

const PIECES = ['"', '\\', '$', '${', '$${', '}', '{', '[', ']', ',', ':', '\n', '\r\n', ' ', '\t', '//', '/*', '*/', '%{', '%%{', 'EOF', '1e', '-', 'é', 'null'];

test('mutants of heredoc policies read the same in place as mapped back', async () => {
  await initTerraformInNode();
  const random = mulberry32(26);
  const pick = (n: number) => Math.floor(random() * n);
  const bases = SHAPES.slice(0, 3).flatMap(heredocs).slice(0, 10);
  let inPlace = 0;
  for (let round = 0; round < 1500; round++) {
    let text = bases[pick(bases.length)]!;
    const start = text.indexOf('<<');
    for (let edit = 1 + pick(3); edit > 0; edit--) {
      const at = start + pick(text.length - start);
      text = pick(2) === 0 ? text.slice(0, at) + PIECES[pick(PIECES.length)] + text.slice(at) : text.slice(0, at) + text.slice(at + 1 + pick(3));
    }
    inPlace += assertSameTrees(text, `mutant ${round}:\n${text}`);
  }
  assert.ok(inPlace > 200, `mutants read in place (${inPlace})`);
});
