import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { quickYamlTree } from '../../src/formats/yaml/yamlQuickTree';
import { readYamlDocument } from '../../src/formats/yaml/yamlTree';
import { yamlMutations as mutations } from '../support/yamlMutations';
import { bucketBlock, TEMPLATE_HEAD } from '../support/generatedTemplates';
import { projectYamlFiles } from '../support/yamlFiles';

/**
 * The quick YAML reader (src/formats/yaml/yamlQuickTree.ts) either declines a text or reads exactly the tree the
 * `yaml` package's document reading gives: the same keys, values and spans, to the character, and only on text
 * that reading finds no error in. Held on every YAML file of the project, on generated templates, on tricky
 * cases written here, and on seeded mutations of all of them (comments at every indentation, lines moved in and
 * out, characters that mean something to YAML).
 */

const FILES = projectYamlFiles();

/** Shapes where the `yaml` package's placement of comments, empty values and indentation is easy to get wrong. */
const CASES = [
  'a:\n  b: 1  # c\n  # own line\n\nd: 2\n',
  'a:\n  b:\n  c: x\nd:\n',
  'a:\n  b:   # c\n  c: x\nd:',
  'a:\n- x\n- y # c\n\ne: [a, b ]  # q\nf: {a: 1} \n',
  'a:\n- x\n- y # c\n\n# z\ne: 1\n',
  'a:\n  b: 1\n# own\nc: 2\n',
  'a:\n  b: 1\n  # own\n',
  'a:\n  b: 1\n# own\n',
  'a:\n  b:\n    c: 1\n  # x\n',
  's:\n  - x: 1\n    # in\n  # mid\n  - y: 2\n# out\n',
  's:\n  - x: 1\n  # mid\n  - y: 2\n',
  's:\n  - x: 1\n  # mid\nt: 2\n',
  's:\n  - x: 1\n# mid\nt: 2\n',
  'a:\n  b:\n    c: 1\n    # deep\n  # mid\n# top\n',
  'R:\n  A:\n    T: X\n    P:\n      Q: 1\n  # the bucket\n  B:\n    T: Y\n',
  'R:\n  A:\n    T: X\n    P:\n      Q: 1\n      # the bucket\n  B:\n    T: Y\n',
  'R:\n  A:\n    T: X\n    P:\n      - Q: 1\n# the bucket\n  B:\n    T: Y\n',
  'R:\n  A:\n    P:\n      - Q: 1\n        # c\n  B: 1\n',
  'R:\n  A:\n    P:\n      - Q: 1\n      # c\n  B: 1\n',
  'R:\n  A:\n    P:\n      - Q: 1\n     # c\n  B: 1\n',
  'a: !Ref x # c\nb: !GetAtt\n  - x\n  - y\nc: !If [a, b]\n',
  'a: !Sub "x${A}"\nb: !GetAtt A.Arn\nc: !Join [ "", [ "a", !Ref B ] ]\nd: !Select\n  - 0\n  - !GetAZs ""\n',
  'a: 1\nb: 1.5\nc: true\nd: ~\ne: null\nf: 0x1F\ng: 0o17\nh: .inf\ni: -.Inf\nj: .nan\nk: 1e3\nl: +12\nm: -0\nn: 2012-10-17\no: "2012-10-17"\np: \'it\'\'s\'\n',
  '1: a\ntrue: b\nnull: c\n~: d\n0x10: e\n"q": f\n\'s\': g\n',
  'a: "tab\\there \\u00e9 \\x41 \\\\ \\""\nb: \'\'\nc: ""\n',
  'a: [\n    x,\n    y\n  ]\nb: {\n  c: d }\n',
  'a:\n  - [a, b]\n  - {c: d, e: [f]}\n  -\n  - # c\n  - x\n',
  '---\na: 1\n',
  '--- # c\n# d\na: 1\n',
  'a: 1\n---\nb: 2\n',
  'a: &x 1\nb: *x\n',
  'a: |\n  x\nb: >-\n  y\n',
  'k: |-\n  hello\n\n   x\n\n  # x\n# y\nz: >\n  a\n  b\n\n  c\n   d\n\n',
  'k: |+\n  a\n\n\nz: 1',
  'k: !Sub |\n  {\n    "a": "${B}"\n  }\nl:\n  - |\n    x\n  - >+\n    y\n\n  - z\n',
  'k: |\n    a\n  # c\nz: 1\n',
  'k: |\n    a\n  b\nz: 1\n',
  'k: |\n\n  a\n',
  'k: |2\n   a\n',
  'k: | # c\n  a\n',
  'k: |\nz: 1\n',
  'k: >\n  a\n   b\n  c\n\n\n  d\n',
  'k: |\n  a',
  'a:\n  k: |\n    a\n  # c\n',
  'a: b\n  c\n',
  'a: b: c\n',
  'a:\n  - b\n   - c\n',
  'key with spaces: v\n"quoted key" : v2\n',
  'a: x #c\nb: x# c\nc: "x"# c\n',
  'a: [a,]\nb: [a, , b]\nc: {a}\nd: {a: }\n',
  'a:\n  - b: 1\n    c: 2\n  - d: 3\n',
  'a:\n- b: 1\n  c:\n  - x\n- d\n',
  'a: - b\n',
  'a: x, y [z] {w}\nb: http://x:80/y\nc: s3:*\n',
  'a:\n\n  b: 1\n\n\nc: 2\n\n',
  'a: 1\n...\n',
  '%YAML 1.2\n---\na: 1\n',
  '  a: 1\n  b: 2\n',
  'a:\n    b: 1\n  c: 2\n',
  'a: !Unknown x\n',
  'a: !!str 1\n',
  'a: [!Ref b, !GetAtt c.d]\n',
  'a: !Ref 1\nb: !Sub true\nc: [!Ref 2, !Ref ~]\nd: !Ref null\n',
  'a: {b: !Ref c}\n',
  'a: [b: c]\n',
  'a: {b: [c, {d: e}]}\n',
  'a: "multi\n  line"\n',
  'a: \'multi\n  line\'\n',
  '? a\n: b\n',
  'a:\n  - - b\n',
  'a: -1\nb: - 1\n',
  'a:  \n  b: 1\n',
  'a: \u00a0x\u00a0\n',
  'a: x \u00a0\nb: 1\n',
  'a: 1\r\nb: 2\r\n',
  'a: 1\rb: 2\n',
  'a:\r\n  b:\r\n  c: x # c\r\n\r\n  # d\r\nd: [a,\r\n  b]\r\n',
  'a:\tb\n',
];

const SEED = Number(process.env.YAML_QUICK_SEED ?? 20261207);
const PER_SOURCE = Number(process.env.YAML_QUICK_MUTATIONS ?? 25);

function generatedTemplate(blocks: number): string {
  return TEMPLATE_HEAD + Array.from({ length: blocks }, (_, i) => bucketBlock(i, i % 3 !== 0)).join('');
}

/** The quick reading declines, or equals the full reading, which then found no error. */
function check(text: string, label: string): boolean {
  const quick = quickYamlTree(text);
  if (quick === undefined) return false;
  const full = readYamlDocument(text);
  assert.deepEqual(full.errors, [], `${label}: read quickly, but the yaml package finds errors\n${JSON.stringify(text)}`);
  assert.deepEqual(quick, full.root, `${label}: the quick reading differs\n${JSON.stringify(text)}`);
  return true;
}

test('the quick YAML reader reads every YAML file of the project as the yaml package does, or declines it', () => {
  let read = 0;
  for (const file of FILES) if (check(readFileSync(file, 'utf8'), file)) read++;
  // The same files as written on Windows.
  for (const file of FILES) check(readFileSync(file, 'utf8').replace(/\r?\n/g, '\r\n'), `${file} with CRLF`);
  // Most templates are within what it reads: otherwise it would save nothing.
  assert.ok(read >= FILES.length * 0.5, `${read} of ${FILES.length} read quickly`);
});

test('the quick YAML reader reads tricky shapes as the yaml package does, or declines them', () => {
  let read = 0;
  for (const [index, text] of CASES.entries()) if (check(text, `case ${index}`)) read++;
  for (const [index, text] of CASES.entries()) check(text.replace(/\n/g, '\r\n'), `case ${index} with CRLF`);
  assert.ok(read >= 20, `${read} of ${CASES.length} read quickly`);
});

test('the quick YAML reader reads the benchmark\'s generated template (comments, tags, flow mappings)', () => {
  assert.ok(check(generatedTemplate(30), 'generated'), 'declined');
});

test('the quick YAML reader reads seeded mutations of every case and file as the yaml package does, or declines them', () => {
  const texts = [...CASES, generatedTemplate(4), ...FILES.map((file) => readFileSync(file, 'utf8'))];
  const sources = [...texts, ...texts.filter((_, index) => index % 3 === 0).map((text) => text.replace(/\r?\n/g, '\r\n'))];
  let read = 0;
  let total = 0;
  sources.forEach((text, index) => {
    for (const mutated of mutations(text, SEED + index, PER_SOURCE)) {
      total++;
      if (check(mutated, `mutation of source ${index}`)) read++;
    }
  });
  assert.ok(read > total * 0.2, `${read} of ${total} mutations read quickly`);
  if (process.env.YAML_QUICK_MUTATIONS) console.log(`${read} of ${total} mutations read quickly`);
});
