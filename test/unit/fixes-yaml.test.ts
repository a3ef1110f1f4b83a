import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { lintText } from '../../src/formats';
import { isTemplateFile } from '../../src/formats/cloudformation/cloudformation';
import { applyOffsetEdits, fixContextFor, fixesFor } from '../../src/policy/fixes';
import { commentsOf, fixAllPlainJson } from '../../src/formats/json/plainJson';
import { yamlCommentsOf, yamlErrorCount } from '../../src/formats/yaml/yamlEditor';
import { hasPlaceholders, renderPlain } from '../../src/policy/templates';
import { fixtureValues, formattingOf } from '../support/fixFixtures';
import { FIXTURES } from '../support/paths';

/**
 * Fixes inside CloudFormation templates: `test/fixtures/fixes-yaml/<id>/<case>.yaml` (or a JSON template,
 * `.json`) turns into exactly `<case>.fixed.yaml` with the preferred fix for `<id>`, with the values of
 * test/fixtures/fixes/values.json (none for cases named `unknown-values`). In a template the account and
 * region are the stack's pseudo parameters, never the literal values of the settings.
 */

const FIXES_YAML = join(FIXTURES, 'fixes-yaml');

interface Case {
  readonly id: string;
  readonly name: string;
  readonly fileName: string;
  readonly text: string;
  readonly fixed: string;
}

function cases(): Case[] {
  const found: Case[] = [];
  for (const id of readdirSync(FIXES_YAML).sort()) {
    for (const entry of readdirSync(join(FIXES_YAML, id)).sort()) {
      const match = /^(.*?)(\.yaml|\.json)$/.exec(entry);
      if (!match || entry.includes('.fixed.')) continue;
      const path = join(FIXES_YAML, id, entry);
      found.push({ id, name: `${id}/${entry}`, fileName: entry, text: readFileSync(path, 'utf8'), fixed: readFileSync(join(FIXES_YAML, id, `${match[1]}.fixed${match[2]}`), 'utf8') });
    }
  }
  return found;
}

const isYaml = (fileName: string) => /\.ya?ml$/.test(fileName);
const commentsIn = (fileName: string, text: string) => (isYaml(fileName) ? yamlCommentsOf(text) : commentsOf(text));

const all = cases();

test('CloudFormation fix fixtures cover the main ids', () => {
  const ids = new Set(all.map((c) => c.id));
  for (const id of [
    's3-missing-source-conditions',
    'kms-missing-source-conditions',
    'lambda-missing-source-conditions',
    'sns-missing-source-conditions',
    's3-missing-source-arn',
    'legacy-referer-only',
    's3-resource-not-object-arn',
    's3-action-too-broad',
    'version-missing',
  ]) {
    assert.ok(ids.has(id), id);
  }
});

for (const fixture of all) {
  test(`template fix ${fixture.name}`, () => {
    const unknown = fixture.name.includes('unknown-values');
    const values = unknown ? {} : fixtureValues();
    const { file, findings } = lintText(fixture.text, { fileName: fixture.fileName });
    assert.ok(file, 'the fixture is a template');
    assert.ok(isTemplateFile(file), 'read as a CloudFormation template');
    const finding = findings.find((f) => f.id === fixture.id);
    assert.ok(finding, `no ${fixture.id} finding`);
    const proposals = fixesFor(fixContextFor(fixture.text, file, finding, values, formattingOf(fixture.text)));
    const preferred = proposals.filter((p) => p.preferred);
    assert.equal(preferred.length, 1, 'exactly one preferred fix');
    const marked = applyOffsetEdits(fixture.text, preferred[0]!.edits);
    const result = renderPlain(marked);
    assert.equal(result, fixture.fixed);
    if (unknown) assert.ok(hasPlaceholders(marked), 'unknown values are inserted as placeholder marks');

    // Comments kept, the text still parses.
    assert.deepEqual(commentsIn(fixture.fileName, result), commentsIn(fixture.fileName, fixture.text));
    if (isYaml(fixture.fileName)) assert.equal(yamlErrorCount(result), 0);
    else assert.doesNotThrow(() => lintText(result, { fileName: fixture.fileName }));
    // The stack's own account and region, unless the template already writes its account literally: then the
    // configured region and rule of that account are written literally too.
    if (!fixture.text.includes('111122223333')) {
      assert.ok(!result.includes('111122223333'), 'no literal account in a template');
      assert.ok(!result.includes('us-east-1'), 'no literal region in a template');
    }
    const after = lintText(result, { fileName: fixture.fileName });
    assert.equal(after.syntaxErrors.length, 0);
    assert.equal(after.findings.find((f) => f.id === fixture.id), undefined, `${fixture.id} is gone after the fix`);
  });
}

test('every proposal on every template finding keeps the text valid YAML or JSON', () => {
  let checked = 0;
  for (const fixture of all) {
    const { file, findings } = lintText(fixture.text, { fileName: fixture.fileName });
    assert.ok(file);
    for (const finding of findings) {
      for (const proposal of fixesFor(fixContextFor(fixture.text, file, finding, fixtureValues(), formattingOf(fixture.text)))) {
        const result = renderPlain(applyOffsetEdits(fixture.text, proposal.edits));
        assert.equal(lintText(result, { fileName: fixture.fileName }).syntaxErrors.length, 0, `${fixture.name}: ${proposal.title}`);
        checked++;
      }
    }
  }
  assert.ok(checked >= all.length);
});

/**
 * Every YAML or template fixture of the repository: the CloudFormation ones of the rule fixtures, the
 * templates, the fix inputs, the layout cases and the YAML negatives.
 */
function templateFixtures(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  const templates = walk(join(FIXTURES, 'templates')).filter((p) => /\.(ya?ml|json)$/.test(p) && !p.endsWith('.expected.json'));
  const rules = walk(join(FIXTURES, 'rules')).filter((p) => /\.ya?ml$/.test(p));
  const inputs = walk(FIXES_YAML).filter((p) => !p.includes('.fixed.'));
  const layout = walk(join(FIXTURES, 'fixes-yaml-layout')).filter((p) => !/\.(fixall|quickfix-\d+)\.yaml$/.test(p));
  const negatives = walk(join(FIXTURES, 'negatives')).filter((p) => /\.ya?ml$/.test(p));
  return [...templates, ...rules, ...inputs, ...layout, ...negatives];
}

test('fix-all on every template fixture: parses, keeps every comment, and a second run changes nothing', () => {
  const files = templateFixtures();
  assert.ok(files.length >= 45, `only ${files.length} template fixtures`);
  let changed = 0;
  for (const path of files) {
    const name = relative(FIXTURES, path);
    const text = readFileSync(path, 'utf8');
    const hint = { fileName: basename(path) };
    const lint = (t: string) => lintText(t, hint);
    const formatting = formattingOf(text);
    const once = fixAllPlainJson(text, fixtureValues(), formatting, lint);
    const twice = fixAllPlainJson(once, fixtureValues(), formatting, lint);
    assert.equal(twice, once, `${name}: a second fix-all changes nothing`);
    assert.equal(lint(once).syntaxErrors.length, lint(text).syntaxErrors.length, `${name}: no new syntax error`);
    assert.deepEqual(commentsIn(path, once), commentsIn(path, text), `${name}: every comment kept`);
    if (once !== text) {
      changed++;
      assert.ok(lint(once).findings.length < lint(text).findings.length, `${name}: fix-all leaves fewer findings`);
    }
  }
  assert.ok(changed >= 10, `fix-all changed only ${changed} templates`);
});

test('a YAML fix that would drop a comment is not offered (the comment hangs on the node it removes)', () => {
  const text = [
    'Resources:',
    '  P:',
    '    Type: AWS::S3::BucketPolicy',
    '    Properties:',
    '      PolicyDocument:',
    "        Version: '2012-10-17'",
    '        Statement:',
    '          - Effect: Allow',
    '            Principal: { Service: ses.amazonaws.com }',
    '            Action:',
    '              - s3:PutObject',
    '              - s3:GetObject # read access',
    '            Resource: arn:aws:s3:::inbox/*',
    '            Condition:',
    '              StringEquals:',
    '                AWS:SourceAccount: !Ref AWS::AccountId',
    "                AWS:SourceArn: !Sub 'arn:aws:ses:${AWS::Region}:${AWS::AccountId}:receipt-rule-set/inbound:receipt-rule/store'",
    '',
  ].join('\n');
  const { file, findings } = lintText(text, { languageId: 'yaml' });
  const finding = findings.find((f) => f.id === 's3-action-too-broad');
  assert.ok(file && finding);
  assert.deepEqual(fixesFor(fixContextFor(text, file, finding, fixtureValues(), formattingOf(text))), []);
  // Without the comment the same fix is offered.
  const plain = text.replace(' # read access', '');
  const again = lintText(plain, { languageId: 'yaml' });
  const same = again.findings.find((f) => f.id === 's3-action-too-broad');
  assert.ok(again.file && same);
  assert.equal(fixesFor(fixContextFor(plain, again.file, same, fixtureValues(), formattingOf(plain))).length, 1);
});
