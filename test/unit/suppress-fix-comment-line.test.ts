import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { lintText, type FormatHint, type FormatLintResult } from '../../src/formats';
import { afterCommentLine, movedBy, suppressionEdit } from '../../src/formats/suppressFix';
import { applyOffsetEdits } from '../../src/policy/fixes';
import type { OffsetEdit } from '../../src/policy/fixes/types';
import { lineStartsOf } from '../../src/policy/positions';
import { suppressNextLineEdit } from '../../src/policy/suppressions';
import { TEMPLATE_HEAD, templateOfSize } from '../support/generatedTemplates';
import { yamlMutations } from '../support/yamlMutations';
import { projectYamlFiles } from '../support/yamlFiles';

/**
 * The suppression quick fix checks its comment by the lint of the text after it; on a YAML template the quick
 * reader read, that lint is read from the text's own lint instead (src/formats/suppressFix.ts
 * `afterCommentLine`, src/formats/yaml/yamlCommentLine.ts) where a comment line changes no other reading. The
 * shortcut is safe only if it is what the lint gives: wherever it answers, its findings and syntax errors must
 * equal the lint's of the edited text, and the quick fix's edit must be the one made by linting. Checked on a
 * comment line above every line of every YAML file of the project (also with CRLF line ends), of texts made for
 * the edges (block scalars, scalars of several lines, flow collections, keys), of seeded mutations, and of a
 * generated template; and on the suppression of every finding of them.
 */

const HINT: FormatHint = { fileName: 'stack.yaml' };
const SEED = Number(process.env.SUPPRESS_LINE_SEED ?? 20261216);

const TEN = '          ';
const grant = (indent: string) =>
  `${indent}- Effect: Allow\n${indent}  Principal: { Service: ses.amazonaws.com }\n${indent}  Action: s3:PutObject\n${indent}  Resource: !Sub '\${Bucket.Arn}/*'\n`;
/** A template whose bucket policy holds `statements`, the bucket with `properties`. */
const policy = (statements: string, properties = '') =>
  `${TEMPLATE_HEAD}  Bucket:\n    Type: AWS::S3::Bucket\n${properties}  BucketPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Bucket\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n${statements}`;

/** Texts where a comment line is content, ends a scalar or sits in a flow collection, around grants that have findings. */
function edges(): string[] {
  const ten = TEN;
  return [
    policy(grant(ten)),
    policy(grant(ten), '    Metadata:\n      Notes: |\n        first\n        - Effect: Allow\n\n        last\n'),
    policy(grant(ten), '    Metadata:\n      Notes: |+\n        kept\n\n\n'),
    policy(grant(ten), '    Metadata:\n      Notes: >-\n        folded\n        text\n'),
    policy(`${ten}- Effect: Allow\n${ten}  Principal: { Service: ses.amazonaws.com }\n${ten}  Action: "s3:Put\n${ten}    Object"\n${ten}  Resource: '*'\n`),
    policy(`${ten}- Effect: Allow\n${ten}  Principal: { Service: ses.amazonaws.com }\n${ten}  Action: s3:PutObject\n${ten}  Resource: arn:aws:s3:::bucket/\n${ten}    more\n`),
    policy(`${ten}- Effect: Allow\n${ten}  Principal: {\n${ten}    Service: ses.amazonaws.com }\n${ten}  Action: [s3:PutObject,\n${ten}    s3:GetObject]\n${ten}  Resource: '*'\n`),
    policy(`${ten}- { Effect: Allow,\n${ten}    Principal: { Service: ses.amazonaws.com },\n${ten}    Action: s3:PutObject, Resource: '*' }\n`),
    policy(`${ten}- Effect: Allow\n${ten}  Principal:\n${ten}    Service:\n${ten}      - ses.amazonaws.com\n${ten}  Action: s3:PutObject\n${ten}  Resource: !Sub\n${ten}    - '\${Bucket.Arn}/*'\n${ten}    - {}\n`),
    policy(`${ten}- Effect: Allow\n${ten}  ? Principal\n${ten}  : Service: ses.amazonaws.com\n${ten}  Action: s3:PutObject\n${ten}  Resource: '*'\n`),
    policy(`${ten}- Effect: Allow\n${ten}  "Princi\n${ten}   pal": { Service: ses.amazonaws.com }\n${ten}  Action: s3:PutObject\n${ten}  Resource: '*'\n`),
    policy(grant(ten) + grant(ten)).replace(/\n/g, '\r\n'),
  ];
}

function corpus(): { name: string; text: string }[] {
  const files = projectYamlFiles().map((path) => ({ name: path, text: readFileSync(path, 'utf8') }));
  const texts = [...files, ...files.map((f) => ({ name: `${f.name} (CRLF)`, text: f.text.replace(/\r?\n/g, '\r\n') })), ...edges().map((text, i) => ({ name: `edge ${i}`, text }))];
  const mutated = [...files, ...edges().map((text, i) => ({ name: `edge ${i}`, text }))].flatMap((t, i) => yamlMutations(t.text, SEED + i, 3).map((text, n) => ({ name: `${t.name} mutation ${n}`, text })));
  return [...texts, ...mutated, { name: 'generated template', text: templateOfSize(12_000) }];
}

/** What the check compares: every finding (id, span, message, statement) and syntax error, in order. */
function described(result: Pick<FormatLintResult, 'findings' | 'syntaxErrors'>) {
  return {
    findings: result.findings.map((f) => ({ id: f.id, offset: f.span.offset, length: f.span.length, message: f.message, statement: f.statementSpan && [f.statementSpan.offset, f.statementSpan.length] })),
    syntaxErrors: result.syntaxErrors.map((e) => [e.offset, e.length, e.message]),
  };
}

/** A suppression comment line above each line holding something (the finding id named or, hiding nothing, another). */
function commentLines(text: string): OffsetEdit[] {
  const edits: OffsetEdit[] = [];
  for (const start of lineStartsOf(text)) {
    const first = /[^ \t\r\n]/.exec(text.slice(start, text.indexOf('\n', start) === -1 ? undefined : text.indexOf('\n', start)));
    if (!first) continue;
    edits.push(suppressNextLineEdit(text, start + first.index, 's3-missing-source-arn', '#'));
  }
  return edits;
}

test('wherever the shortcut reads the text after a comment line, it reads what the lint of that text reads', (t) => {
  let answered = 0;
  let declined = 0;
  for (const { name, text } of corpus()) {
    const before = lintText(text, HINT);
    for (const edit of commentLines(text)) {
      const quick = afterCommentLine(text, HINT, edit, before);
      if (!quick) {
        declined++;
        continue;
      }
      answered++;
      const linted = lintText(applyOffsetEdits(text, [edit]), HINT);
      assert.deepEqual(described(quick), described(linted), `${name}: a comment line at ${edit.offset}`);
    }
  }
  // The shortcut must be taken on most lines of templates, and declined on the edges'.
  t.diagnostic(`comment lines: ${answered} read by the shortcut, ${declined} declined`);
  assert.ok(answered > 2000, `answered ${answered}`);
  assert.ok(declined > 100, `declined ${declined}`);
});

test('the suppression quick fix with the version\'s lint gives the edit it gives by linting, for every finding', () => {
  let findings = 0;
  for (const { name, text } of corpus()) {
    const before = lintText(text, HINT);
    for (const finding of before.findings) {
      findings++;
      assert.deepEqual(suppressionEdit(text, HINT, finding, before), suppressionEdit(text, HINT, finding), `${name}: ${finding.id} at ${finding.span.offset}`);
    }
  }
  assert.ok(findings > 300, `findings ${findings}`);
});

test('the shortcut declines a comment line inside a block scalar, a scalar of several lines and a flow collection', () => {
  const comment = (offset: number): OffsetEdit => ({ offset, length: 0, content: '# ses-grants-disable-next-line s3-missing-source-arn\n' });
  const cases = [
    { metadata: '      Notes: |\n        a\n        b\n', inside: '        b\n', quick: true },
    { metadata: '      Notes: >-\n        a\n\n        b\n', inside: '        b\n', quick: true },
    { metadata: '      Tags: [a,\n        c]\n', inside: '        c]', quick: true },
    { metadata: '      Tags: {a: 1,\n        c: 2}\n', inside: '        c: 2', quick: true },
    { metadata: '      Name: "x\n        y"\n', inside: '        y"', quick: false },
    { metadata: '      Plain: p\n        q\n', inside: '        q\n', quick: false },
  ];
  for (const { metadata, inside, quick } of cases) {
    const text = policy(grant(TEN), `    Metadata:\n${metadata}      After: z\n`);
    const before = lintText(text, HINT);
    assert.equal(before.findings.length, 1);
    const lineOf = (needle: string) => text.lastIndexOf('\n', text.indexOf(needle)) + 1;
    assert.equal(afterCommentLine(text, HINT, comment(lineOf(inside)), before), undefined, inside);
    // Between the properties, and above the grant's lines, it answers as the lint does (where the quick reader read the text).
    for (const line of ['      After:', '    Metadata:', `${TEN}- Effect`, `${TEN}  Action`]) {
      const edit = comment(lineOf(line));
      const answer = afterCommentLine(text, HINT, edit, before);
      assert.equal(answer !== undefined, quick, `${metadata} ${line}`);
      if (answer) assert.deepEqual(described(answer), described(lintText(applyOffsetEdits(text, [edit]), HINT)), line);
    }
  }
});

test('a span at the inserted line\'s start moves with the text after it; one ending there stays; one across it grows', () => {
  const at = 40;
  const inserted = 25;
  assert.deepEqual(movedBy({ offset: at, length: 6 }, at, inserted), { offset: at + inserted, length: 6 });
  assert.deepEqual(movedBy({ offset: at + 3, length: 2 }, at, inserted), { offset: at + 3 + inserted, length: 2 });
  assert.deepEqual(movedBy({ offset: at - 6, length: 6 }, at, inserted), { offset: at - 6, length: 6 });
  assert.deepEqual(movedBy({ offset: at - 6, length: 7 }, at, inserted), { offset: at - 6, length: 7 + inserted });
  assert.deepEqual(movedBy({ offset: 0, length: 0 }, at, inserted), { offset: 0, length: 0 });
});
