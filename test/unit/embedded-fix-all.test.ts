import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { innerSyntaxProblems, lintText, type FormatHint } from '../../src/formats';
import { jsonComments, yamlComments } from '../../src/formats/comments';
import { fixAllInFormat, fixesInFormat } from '../../src/formats/fixes';
import { markdownComments } from '../../src/formats/markdown';
import { shellComments } from '../../src/formats/shell';
import { applyOffsetEdits } from '../../src/policy/fixes';
import { fixtureValues, formattingOf, renderedEdits } from '../support/fixFixtures';
import { FIXTURES } from '../support/paths';
import { runCli } from '../support/cli';
import { initTerraformInNode } from '../../src/cli/nodeWasmLoader';

/**
 * Fixes in shell scripts, Markdown and policies held in strings (SPEC §10), from fixture files with the
 * expected text beside each: `<adapter>/fixes/<id>/<case>.sh` and `<case>.fixed.sh` (the preferred quick fix
 * for `<id>`), `<adapter>/fix-all/<case>.<ext>` and `<case>.fixed.<ext>` (fix-all with the values of
 * test/fixtures/fixes/values.json). Then the fix-all property on every rule fixture of each adapter.
 */
const ADAPTERS = ['shell', 'markdown', 'strings'] as const;

// strings/fix-all holds Terraform files too (policies in heredocs and quoted strings).
before(() => initTerraformInNode());
const FORMATTING = { tabSize: 2, insertSpaces: true, eol: '\n' as const };

function casesIn(dir: string): { input: string; fixed: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(sh|md|json|yaml|tf)$/.test(name) && !/\.fixed\.\w+$/.test(name) && !name.endsWith('.expected.json'))
    .sort()
    .map((name) => ({ input: join(dir, name), fixed: join(dir, name.replace(/(\.\w+)$/, '.fixed$1')) }));
}

const shellFixCases = casesIn(join(FIXTURES, 'shell', 'fixes'));

test('shell fix fixtures exist for every id fixed on the command line', () => {
  const ids = new Set(shellFixCases.map((c) => c.input.split('/').at(-2)));
  assert.deepEqual([...ids].sort(), [
    'cli-unknown-option',
    'lambda-action-too-broad',
    'lambda-missing-source-account',
    'lambda-missing-source-arn',
    'lambda-missing-source-conditions',
    'principal-service-unknown',
  ]);
});

for (const { input, fixed } of shellFixCases) {
  const id = input.split('/').at(-2)!;
  test(`shell fix ${id}/${input.split('/').at(-1)}`, () => {
    const text = readFileSync(input, 'utf8');
    const hint = { fileName: input };
    const result = lintText(text, hint);
    const finding = result.findings.find((f) => f.id === id);
    assert.ok(finding, `${id} is reported`);
    const values = input.includes('unknown-values') ? {} : fixtureValues();
    const proposals = fixesInFormat({ text, hint, result, finding, values, formatting: formattingOf(text) });
    assert.equal(proposals.filter((p) => p.preferred).length, 1);
    const after = applyOffsetEdits(text, renderedEdits(proposals.find((p) => p.preferred)!.edits));
    assert.equal(after, readFileSync(fixed, 'utf8'));
    const relinted = lintText(after, hint);
    assert.equal(relinted.syntaxErrors.length, result.syntaxErrors.length);
    assert.equal(relinted.findings.filter((f) => f.id === id).length, 0, `${id} is gone`);
    assert.deepEqual(commentTexts(after, hint), commentTexts(text, hint), 'comments kept');
  });
}

for (const adapter of ADAPTERS) {
  const cases = casesIn(join(FIXTURES, adapter, 'fix-all'));
  test(`${adapter} fix-all fixtures`, () => {
    assert.ok(cases.length > 0, 'there are some');
    for (const { input, fixed } of cases) {
      const text = readFileSync(input, 'utf8');
      const hint = { fileName: input };
      const once = fixAllInFormat(text, hint, fixtureValues(), FORMATTING);
      assert.equal(once, readFileSync(fixed, 'utf8'), input);
      assert.equal(fixAllInFormat(once, hint, fixtureValues(), FORMATTING), once, `${input}: a second fix-all changes nothing`);
    }
  });
}

/** Every comment's text, in the file's format and in the formats of its code blocks. */
function commentTexts(text: string, hint: FormatHint): string[] {
  const name = hint.fileName ?? '';
  if (name.endsWith('.sh')) return shellComments(text).map((c) => c.text);
  if (name.endsWith('.yaml')) return yamlComments(text).map((c) => c.text);
  if (name.endsWith('.json')) return jsonComments(text).map((c) => c.text);
  const inBlocks = (lintText(text, hint).documents ?? []).flatMap((document) =>
    document.languageId === 'shellscript' ? commentTexts(document.text, { fileName: 'block.sh' }) : document.languageId === 'yaml' ? commentTexts(document.text, { fileName: 'block.yaml' }) : commentTexts(document.text, { fileName: 'block.json' }),
  );
  return [...markdownComments(text).map((c) => c.text), ...inBlocks];
}

function syntaxProblemCount(text: string, hint: FormatHint): number {
  const result = lintText(text, hint);
  return result.syntaxErrors.length + innerSyntaxProblems(result).length;
}

for (const adapter of ADAPTERS) {
  test(`fix-all on every ${adapter} rule fixture: reads as well as before, keeps its comments, is idempotent`, () => {
    const files = casesIn(join(FIXTURES, adapter, 'rules')).map((c) => c.input);
    assert.ok(files.length >= 40, `${files.length} rule fixtures`);
    let changed = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const hint = { fileName: file };
      for (const values of [fixtureValues(), {}]) {
        const once = fixAllInFormat(text, hint, values, formattingOf(text));
        if (once !== text) changed++;
        assert.ok(syntaxProblemCount(once, hint) <= syntaxProblemCount(text, hint), `${file}: no new syntax error`);
        assert.deepEqual(commentTexts(once, hint), commentTexts(text, hint), `${file}: comments kept`);
        assert.equal(fixAllInFormat(once, hint, values, formattingOf(once)), once, `${file}: idempotent`);
      }
    }
    assert.ok(changed >= 20, `fix-all changed only ${changed} ${adapter} fixtures`);
  });
}

test('ses-grants new lambda --cli prints a command line that lints clean', () => {
  const run = runCli(['new', 'lambda', '--account', '111122223333', '--region', 'us-east-1', '--rule-set', 'inbound', '--rule', 'store', '--function', 'process-mail', '--cli']);
  assert.equal(run.status, 0, run.stderr);
  const result = lintText(run.stdout, { fileName: 'grant.sh' });
  assert.ok(result.file && result.file.statements.length === 1, 'the command is read as a grant');
  assert.deepEqual(result.findings.filter((f) => f.severity !== 'info').map((f) => f.id), []);
  assert.deepEqual(result.syntaxErrors, []);
});
