import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { lintText } from '../../src/formats';
import { CLOUDFORMATION_YAML_EDITING } from '../../src/formats/cloudformation/editing';
import { fixAllPlainJson } from '../../src/formats/json/plainJson';
import { quickYamlTree } from '../../src/formats/yaml/yamlQuickTree';
import { quickTreeOf } from '../../src/formats/yaml/yamlSource';
import { splicedQuickTree } from '../../src/formats/yaml/yamlSplicedTree';
import { splicedReadings } from '../../src/formats/yaml/yamlTree';
import { applyOffsetEdits, fixContextFor, unattendedFix, type FormatEditing } from '../../src/policy/fixes';
import type { OffsetEdit } from '../../src/policy/fixes/types';
import type { PolicyFile } from '../../src/policy/model';
import { renderPlain, type GrantValues } from '../../src/policy/templates';
import { fixtureValues, formattingOf } from '../support/fixFixtures';
import { bucketBlock, TEMPLATE_HEAD, templateWithOpenGrants } from '../support/generatedTemplates';
import { yamlMutations } from '../support/yamlMutations';
import { projectYamlFiles } from '../support/yamlFiles';

/**
 * Fix-all's check of a round lints the edited text; on a template the quick reader read, that lint reads the
 * quick reader's tree of the text before with the inserted lines spliced in (src/formats/yaml/yamlSplicedTree.ts)
 * instead of reading the whole text again. The shortcut is safe only if it is the tree the reader makes:
 * wherever it gives a tree, that tree must equal `quickYamlTree(after)` node for node, span for span; and
 * fix-all must write the same text with the shortcut on and off. Checked on every edit fix-all applies and
 * every unattended quick fix, on every YAML file of the project (also with CRLF line ends), on layouts made
 * for the splice's edges, and on seeded mutations of all of them.
 */

const FILES = projectYamlFiles();
const VALUES = fixtureValues();
const SEED = Number(process.env.YAML_SPLICE_SEED ?? 20261212);
const PER_SOURCE = Number(process.env.YAML_SPLICE_MUTATIONS ?? 6);
const lint = (text: string) => lintText(text, { fileName: 'stack.yaml' });

const OPEN = (indent: string, extra = '') =>
  `${indent}- Effect: Allow${extra}\n${indent}  Principal: { Service: ses.amazonaws.com }\n${indent}  Action: s3:PutObject\n${indent}  Resource: !Sub '\${Bucket.Arn}/*'`;

/** A bucket policy whose statements are `statements` (lines at column 10), and what follows the resource. */
function policy(statements: string, after: string): string {
  return (
    TEMPLATE_HEAD +
    '  Bucket:\n    Type: AWS::S3::Bucket\n  BucketPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Bucket\n' +
    '      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n' +
    statements +
    after
  );
}

/** The splice's edges: what follows the statement (content, a comment, a blank line, the end), comments on its last line, several statements, other nesting. */
function layouts(): string[] {
  const ten = '          ';
  const statement = OPEN(ten);
  const afters = ['\n  Other:\n    Type: AWS::SNS::Topic\n', '\nOutputs:\n  Name:\n    Value: !Ref Bucket\n', '\n', '', '\n\n  Other:\n    Type: AWS::SNS::Topic\n', '\n  # a comment\n  Other:\n    Type: AWS::SNS::Topic\n', '\n            # deeper comment\n  Other:\n    Type: AWS::SNS::Topic\n', '   \n  Other:\n    Type: AWS::SNS::Topic\n'];
  const statements = [
    statement,
    statement + ' # trailing',
    statement + '   ',
    `${statement}\n${OPEN(ten, ' # second')}`,
    `${OPEN(ten)}\n${ten}  Condition:\n${ten}    Bool: { aws:SecureTransport: true }\n${OPEN(ten)}`,
    OPEN('        '),
    OPEN(ten).replace("!Sub '${Bucket.Arn}/*'", '\n              - arn:aws:s3:::inbox/*'),
    OPEN(ten).replace("!Sub '${Bucket.Arn}/*'", '|\n              arn:aws:s3:::inbox/*'),
    OPEN(ten).replace("!Sub '${Bucket.Arn}/*'", '!GetAtt\n              - Bucket\n              - Arn'),
    OPEN(ten).replace('  Principal: { Service: ses.amazonaws.com }\n', '').replace(`${ten}  Action: s3:PutObject\n${ten}  Resource: !Sub '\${Bucket.Arn}/*'`, `${ten}  Action: s3:PutObject\n${ten}  Resource: arn:aws:s3:::inbox/*\n${ten}  Principal: { Service: ses.amazonaws.com }`),
    `${ten}- {Effect: Allow, Principal: {Service: ses.amazonaws.com}, Action: s3:PutObject, Resource: 'arn:aws:s3:::inbox/*'}`,
  ];
  const made = statements.flatMap((s) => afters.map((after) => policy(s, after)));
  made.push(TEMPLATE_HEAD + Array.from({ length: 6 }, (_, i) => bucketBlock(i, i % 3 === 0)).join(''), templateWithOpenGrants(3));
  return made;
}

interface Tally {
  spliced: number;
  declined: number;
}

/** Whatever the splice gives for `edits` on `before` is the reader's tree of the result. */
function checkSplice(before: string, file: PolicyFile, edits: readonly OffsetEdit[], after: string, tally: Tally, label: string): void {
  const tree = quickTreeOf(file);
  if (!tree || file.text !== before) return;
  const spliced = splicedQuickTree(before, tree, edits, after);
  if (!spliced) {
    tally.declined++;
    return;
  }
  assert.deepEqual(spliced, quickYamlTree(after), `${label}: the spliced tree is not the reader's\n${JSON.stringify(before)}\n${JSON.stringify(edits)}`);
  tally.spliced++;
}

/** Fix-all with the shortcut on and off (the same text), every round's edits checked as fix-all makes them. */
function checkFixAll(text: string, values: GrantValues, tally: Tally, label: string): void {
  const editing = CLOUDFORMATION_YAML_EDITING as { readingAfterEdits?: FormatEditing['readingAfterEdits'] };
  const original = editing.readingAfterEdits;
  const formatting = formattingOf(text);
  let withShortcut: string;
  editing.readingAfterEdits = (before, file, edits, after) => {
    checkSplice(before, file, edits, after, tally, label);
    original?.(before, file, edits, after);
  };
  try {
    withShortcut = fixAllPlainJson(text, values, formatting, lint);
  } finally {
    editing.readingAfterEdits = original;
  }
  splicedReadings.enabled = false;
  try {
    assert.equal(withShortcut, fixAllPlainJson(text, values, formatting, lint), `${label}: fix-all differs with the spliced reading\n${JSON.stringify(text)}`);
  } finally {
    splicedReadings.enabled = true;
  }
}

/** Each finding's unattended fix, applied alone: its edits spliced into the tree of the text. */
function checkQuickFixes(text: string, values: GrantValues, tally: Tally, label: string): void {
  const { file, findings } = lint(text);
  if (!file?.editing) return;
  for (const finding of findings) {
    const proposal = unattendedFix(fixContextFor(text, file, finding, values, formattingOf(text)));
    if (!proposal) continue;
    const edits = proposal.edits.map((edit) => ({ ...edit, content: renderPlain(edit.content) }));
    checkSplice(text, file, edits, applyOffsetEdits(text, edits), tally, `${label}, ${finding.id}`);
  }
}

function checkText(text: string, tally: Tally, label: string): void {
  if (!quickYamlTree(text)) return;
  for (const [values, name] of [[VALUES, ''], [{}, ' without values']] as const) {
    checkFixAll(text, values, tally, label + name);
    checkQuickFixes(text, values, tally, label + name);
  }
}

function sources(): { text: string; label: string }[] {
  const files = FILES.map((path) => ({ text: readFileSync(path, 'utf8'), label: path }));
  const made = layouts().map((text, index) => ({ text, label: `layout ${index}` }));
  return [...files, ...made].flatMap((source) => [source, { text: source.text.replace(/\r?\n/g, '\r\n'), label: `${source.label} with CRLF` }]);
}

test('the spliced tree is the quick reader\'s, and fix-all writes the same with it, on every YAML file and layout', (t) => {
  const tally: Tally = { spliced: 0, declined: 0 };
  for (const { text, label } of sources()) checkText(text, tally, label);
  t.diagnostic(`${tally.spliced} edits spliced, ${tally.declined} declined`);
  assert.ok(tally.spliced >= 100, `only ${tally.spliced} edits spliced`);
  assert.ok(tally.declined >= 20, `only ${tally.declined} edits declined: the edges are not reached`);
});

test('the same on seeded mutations of every YAML file and layout', (t) => {
  const tally: Tally = { spliced: 0, declined: 0 };
  let inputs = 0;
  sources().forEach(({ text, label }, index) => {
    for (const [m, mutated] of yamlMutations(text, SEED + index, PER_SOURCE).entries()) {
      checkText(mutated, tally, `${label}, mutation ${m} (seed ${SEED + index})`);
      inputs++;
    }
  });
  t.diagnostic(`${inputs} mutated inputs (seed ${SEED}), ${tally.spliced} edits spliced, ${tally.declined} declined`);
  assert.ok(tally.spliced >= 100, `only ${tally.spliced} edits spliced`);
});

test('fix-all on the bench\'s template reads its checking lint from the spliced tree', () => {
  const text = templateWithOpenGrants(40);
  let offered = 0;
  const tally: Tally = { spliced: 0, declined: 0 };
  const editing = CLOUDFORMATION_YAML_EDITING as { readingAfterEdits?: FormatEditing['readingAfterEdits'] };
  const original = editing.readingAfterEdits;
  editing.readingAfterEdits = (before, file, edits, after) => {
    offered++;
    checkSplice(before, file, edits, after, tally, 'bench template');
    original?.(before, file, edits, after);
  };
  try {
    fixAllPlainJson(text, VALUES, { tabSize: 2, insertSpaces: true, eol: '\n' }, lint);
  } finally {
    editing.readingAfterEdits = original;
  }
  assert.deepEqual({ offered, ...tally }, { offered: 1, spliced: 1, declined: 0 });
});

test('no tree for a text that is not the text before with those insertions', () => {
  const text = templateWithOpenGrants(3);
  const { file } = lint(text);
  const tree = file && quickTreeOf(file);
  assert.ok(tree);
  const at = text.indexOf('\n  Rule0:') + 1;
  const edits = [{ offset: at, length: 0, content: '            Condition:\n              Bool: { aws:SecureTransport: true }\n' }];
  const after = applyOffsetEdits(text, edits);
  assert.deepEqual(splicedQuickTree(text, tree, edits, after), quickYamlTree(after));
  // The same length, one character other: no tree, whatever the edits say.
  const other = after.replace('Bucket1Policy', 'Bucket1Polici');
  assert.equal(splicedQuickTree(text, tree, edits, other), undefined);
  assert.equal(splicedQuickTree(text, tree, edits, after + ' '), undefined);
});
