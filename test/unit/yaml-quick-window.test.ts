import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../../src/formats';
import { fixAllPlainJson } from '../../src/formats/json/plainJson';
import { quickWindows, YamlEditor } from '../../src/formats/yaml/yamlEditor';
import { QuickWindowEditor } from '../../src/formats/yaml/yamlQuickWindow';
import { quickYamlTree } from '../../src/formats/yaml/yamlQuickTree';
import { fixContextFor, fixesFor } from '../../src/policy/fixes';
import type { GrantValues } from '../../src/policy/templates';
import { fixtureValues, formattingOf } from '../support/fixFixtures';
import { bucketBlock, TEMPLATE_HEAD } from '../support/generatedTemplates';
import { REPO_ROOT } from '../support/paths';
import { yamlMutations } from '../support/yamlMutations';

/**
 * The quick window (src/formats/yaml/yamlQuickWindow.ts) splices a fix's edit from the quick reader's tree
 * instead of parsing the statement with the `yaml` package. It must give exactly the edits the parsed editor
 * gives, or hand the fix to it: every proposal for every finding, and fix-all, compared both ways on every
 * YAML file of the project (also with CRLF line ends), on statements written in many layouts, and on seeded
 * mutations of all of them.
 */

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFilesUnder(path);
    return /\.(ya?ml|template)$/.test(name) && !/\.(fixed|fixall|quickfix-\d+)\.ya?ml$/.test(name) ? [path] : [];
  });
}

const FILES = [...yamlFilesUnder(join(REPO_ROOT, 'test', 'fixtures')), ...yamlFilesUnder(join(REPO_ROOT, 'examples'))];
const VALUES = fixtureValues();
const SEED = Number(process.env.YAML_QUICK_SEED ?? 20261208);
const PER_SOURCE = Number(process.env.YAML_QUICK_WINDOW_MUTATIONS ?? 6);

/** An open bucket policy whose one statement is written as `statement` (its lines at column 10, the list's dash included). */
function templateWith(statement: string, after = ''): string {
  return (
    TEMPLATE_HEAD +
    '  Bucket:\n    Type: AWS::S3::Bucket\n  BucketPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Bucket\n' +
    '      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n' +
    statement +
    after
  );
}

const PRINCIPAL = 'Principal: { Service: ses.amazonaws.com }';

/** Statements in the layouts the quick window measures (and some it hands on): nesting steps, quotes, tags, comments, ends. */
const STATEMENTS = [
  `          - Sid: AllowSESPuts # why\n            Effect: Allow\n            ${PRINCIPAL}\n            Action: s3:PutObject\n            Resource: !Sub '\${Bucket.Arn}/*'\n`,
  `          - Effect: Allow\n            Principal:\n              Service: ses.amazonaws.com\n            Action: s3:PutObject\n            Resource: arn:aws:s3:::inbox/*\n`,
  `          - Effect: Allow\n            Principal:\n                Service: ses.amazonaws.com\n            Action:\n            - s3:PutObject\n            Resource: "arn:aws:s3:::inbox/*"\n`,
  `          - Effect: 'Allow'\n            Principal:\n              Service:\n                - ses.amazonaws.com\n            Action: [s3:PutObject]\n            Resource:\n              - arn:aws:s3:::inbox/*\n`,
  `          - "Effect": "Allow"\n            ${PRINCIPAL}\n            Action: "s3:PutObject"\n            Resource: !Join ['', [!GetAtt Bucket.Arn, '/*']] # joined\n`,
  `          - Effect: Allow\n            ${PRINCIPAL}\n            Action: s3:PutObject\n            Resource: !Sub\n              - '\${Arn}/*'\n              - Arn: !GetAtt Bucket.Arn\n`,
  `          - Effect: Allow\n            ${PRINCIPAL}\n            Action: s3:PutObject\n            Resource: !GetAtt\n              - Bucket\n              - Arn\n`,
  `          - Effect: Allow\n            ${PRINCIPAL}\n            Action: s3:PutObject\n            Resource: !Sub |\n              \${Bucket.Arn}/*\n`,
  `        - Effect: Allow\n          ${PRINCIPAL}\n          Action: s3:PutObject\n          Resource: !GetAtt\n            - Bucket\n            - Arn\n`,
  `          - Effect: Allow\n            ${PRINCIPAL}\n            Action: s3:PutObject\n            Resource: |+\n              arn:aws:s3:::inbox/*\n\n`,
  `          - Effect: Allow\n            ${PRINCIPAL}\n            Action: s3:PutObject\n            Resource:\n              - >+\n                arn:aws:s3:::inbox/*\n\n`,
  `          - Effect: 'Allow'\n            ${PRINCIPAL}\n            Action: "s3:PutObject"\n            Resource: arn:aws:s3:::inbox/*\n`,
  `          - Effect: Allow\n            ${PRINCIPAL}\n            Action: s3:PutObject\n            Resource: arn:aws:s3:::inbox/*\n            # after the statement\n`,
  `          - Effect: Allow\n            ${PRINCIPAL}\n            Action: s3:PutObject\n            Resource: arn:aws:s3:::inbox/*\n          # after the list item\n`,
  `          - Effect: Allow\n            ${PRINCIPAL}\n            Action: s3:PutObject\n            Resource: arn:aws:s3:::inbox/*`,
  `          - Effect: Allow\n            ${PRINCIPAL}\n            Action: s3:PutObject\n            Resource: arn:aws:s3:::inbox/*\n\n\n`,
  `          - {Effect: Allow, ${PRINCIPAL.replace(': {', ': {')}, Action: s3:PutObject, Resource: 'arn:aws:s3:::inbox/*'}\n`,
  `          -   Effect: Allow\n              ${PRINCIPAL}\n              Action: s3:PutObject\n              Resource: arn:aws:s3:::inbox/*\n`,
  `          - Effect: Allow\n            ${PRINCIPAL}\n            Action: s3:PutObject\n            Resource: arn:aws:s3:::inbox/*\n            Condition:\n              StringEquals:\n                AWS:SourceAccount: '111122223333'\n`,
  `          - Effect: Allow\n            ${PRINCIPAL}\n            Action: s3:PutObject\n            Resource:\n`,
  `          - Sid: "1"\n            Effect: Allow\n            ${PRINCIPAL}\n            Action: s3:*\n            Resource: !Ref BucketArn\n          - Sid: '2'\n            Effect: Allow\n            Principal:\n             Service: ses.amazonaws.com\n            Action: s3:PutObject\n            Resource: arn:aws:s3:::other/*\n`,
];
const SINGLE_STATEMENT = `        Statement:\n          Effect: Allow\n          ${PRINCIPAL}\n          Action: s3:PutObject\n          Resource: arn:aws:s3:::inbox/*\n`;

function layoutCases(): string[] {
  const single = templateWith('').replace('        Statement:\n', SINGLE_STATEMENT);
  const generated = TEMPLATE_HEAD + Array.from({ length: 4 }, (_, i) => bucketBlock(i, i % 2 === 0)).join('');
  return [...STATEMENTS.map((statement) => templateWith(statement)), ...STATEMENTS.map((statement) => templateWith(statement, '  Other:\n    Type: AWS::SNS::Topic\n')), single, generated];
}

interface Outcome {
  readonly proposals: unknown[];
  readonly fixedAll: string;
}

/** Every proposal for every finding, and fix-all's text, with the quick window on or off. */
function outcome(text: string, values: GrantValues, quick: boolean): Outcome {
  quickWindows.enabled = quick;
  try {
    const lint = (t: string) => lintText(t, { fileName: 'stack.yaml' });
    const formatting = formattingOf(text);
    const { file, findings } = lint(text);
    const proposals = file ? findings.map((finding) => fixesFor(fixContextFor(text, file, finding, values, formatting)).map(({ title, edits, preferred }) => ({ finding: finding.id, title, edits, preferred }))) : [];
    return { proposals, fixedAll: fixAllPlainJson(text, values, formatting, lint) };
  } finally {
    quickWindows.enabled = true;
  }
}

/** Statements of the text a quick window opens on (after a lint, as a fix would find them). */
function quickWindowsOn(text: string): number {
  const { file } = lintText(text, { fileName: 'stack.yaml' });
  if (!file?.editing) return 0;
  return file.statements.filter((statement) => YamlEditor.forStatement(text, statement.node.span, file) instanceof QuickWindowEditor).length;
}

/** Both ways give the same; returns the statements a quick window served (0 for a text the quick reader declines). */
function compare(text: string, label: string, values: GrantValues = VALUES): number {
  if (!quickYamlTree(text)) return 0;
  const parsed = outcome(text, values, false);
  const quick = outcome(text, values, true);
  assert.deepEqual(quick.proposals, parsed.proposals, `${label}: the quick window's proposals differ\n${JSON.stringify(text)}`);
  assert.equal(quick.fixedAll, parsed.fixedAll, `${label}: fix-all differs with the quick window\n${JSON.stringify(text)}`);
  return quickWindowsOn(text);
}

/** Values an edit may add: quoted and plain scalars, nested blocks, sequences (their indentation), intrinsics. */
const ADDED_VALUES: [string, unknown][] = [
  ['Condition', { StringEquals: { 'AWS:SourceAccount': '111122223333', 'AWS:SourceArn': 'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/a:receipt-rule/b' } }],
  ['Condition', { StringLike: { 'AWS:SourceArn': ['arn:aws:ses:*:111122223333:*', '${AWS::AccountId}'] } }],
  ['Version', '2012-10-17'],
  ['NotAction', ['s3:GetObject', { Ref: 'Extra' }]],
  ['Sid', 'it\'s: #1'],
  ['a key: with colon', { 'Fn::Join': ['', ['a', { Ref: 'B' }]] }],
];

/** One edit, through the quick window (when it opens) and through the parsed editor: the same text, edits and verdict. */
function compareEditor(text: string, label: string): number {
  if (!quickYamlTree(text)) return 0;
  const { file } = lintText(text, { fileName: 'stack.yaml' });
  if (!file?.editing) return 0;
  let served = 0;
  for (const statement of file.statements) {
    const span = statement.node.span;
    for (const [key, value] of ADDED_VALUES) {
      for (const index of [undefined, 0, 99]) {
        const edited = (quick: boolean) => {
          quickWindows.enabled = quick;
          try {
            const editor = YamlEditor.forStatement(text, span, file);
            const path = editor?.pathOf(span);
            if (editor && path) editor.insertProperty(path, key, value, index);
            return { opened: editor instanceof QuickWindowEditor, path, edits: editor?.edits(), intact: editor?.intact, text: editor?.text };
          } finally {
            quickWindows.enabled = true;
          }
        };
        const quick = edited(true);
        const parsed = edited(false);
        assert.deepEqual({ ...quick, opened: false }, parsed, `${label}: ${key} at ${index} differs through the quick window\n${JSON.stringify(text)}`);
        if (quick.opened) served++;
      }
    }
  }
  return served;
}

/** A check on every YAML file of the project, as written and with CRLF line ends; the statements it served. */
function onEveryFile(check: (text: string, label: string) => number): number {
  let served = 0;
  for (const path of FILES) {
    const text = readFileSync(path, 'utf8');
    served += check(text, path);
    served += check(text.replace(/\r?\n/g, '\r\n'), `${path} with CRLF`);
  }
  return served;
}

test('one added property: the quick window writes what the parsed editor writes, on every statement of every file and layout', () => {
  let served = 0;
  for (const [index, text] of layoutCases().entries()) {
    served += compareEditor(text, `layout ${index}`);
    served += compareEditor(text.replace(/\n/g, '\r\n'), `layout ${index} with CRLF`);
  }
  served += onEveryFile(compareEditor);
  assert.ok(served >= 500, `quick windows opened for only ${served} edits`);
});

test('the quick window gives the parsed editor\'s fixes on every YAML file of the project, also with CRLF', () => {
  const served = onEveryFile(compare);
  assert.ok(served >= 40, `quick windows opened on only ${served} statements`);
});

test('the quick window gives the parsed editor\'s fixes on statements in many layouts, with and without values', () => {
  let served = 0;
  for (const [index, text] of layoutCases().entries()) {
    served += compare(text, `layout ${index}`);
    compare(text, `layout ${index} without values`, {});
    compare(text.replace(/\n/g, '\r\n'), `layout ${index} with CRLF`);
  }
  assert.ok(served >= 20, `quick windows opened on only ${served} statements`);
});

test('the quick window gives the parsed editor\'s fixes on seeded mutations of every layout and file', () => {
  const sources = [...layoutCases(), ...FILES.map((path) => readFileSync(path, 'utf8'))];
  let served = 0;
  sources.forEach((text, index) => {
    for (const mutated of yamlMutations(text, SEED + index, PER_SOURCE)) {
      served += compare(mutated, `mutation of source ${index}`);
      compareEditor(mutated, `mutation of source ${index}`);
    }
  });
  assert.ok(served >= 100, `quick windows opened on only ${served} statements`);
});
