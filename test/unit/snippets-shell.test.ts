import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../../src/formats';
import { buildShellSnippets, shellSnippetFileText } from '../../src/formats/shell/snippets';
import { addPermissionCommandLine } from '../../src/policy/templates';
import { REPO_ROOT } from '../support/paths';
import { expandSnippet } from '../support/snippets';

/** The shell snippet (`ses-sh-lambda-permission`), generated from the Lambda template and checked for drift. */
const SNIPPET_FILE = join(REPO_ROOT, 'snippets', 'shellscript.json');
const [snippet] = Object.values(buildShellSnippets());
const REAL: Record<string, string> = {
  'YOUR-FUNCTION-NAME': 'process-mail',
  AWSACCOUNTID: '111122223333',
  REGION: 'us-east-1',
  rule_set_name: 'inbound',
  receipt_rule_name: 'store',
};

test('snippets/shellscript.json is what the generator writes (no drift)', () => {
  assert.equal(readFileSync(SNIPPET_FILE, 'utf8'), shellSnippetFileText(), 'run npm run generate:snippets');
});

test('the manifest contributes the shell snippet to shell scripts', () => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { snippets: { language: string; path: string }[] } };
  assert.ok(manifest.contributes.snippets.some((s) => s.language === 'shellscript' && s.path === './snippets/shellscript.json'));
});

test('ses-sh-lambda-permission filled in lints clean and is the command line `new lambda --cli` prints', () => {
  assert.equal(snippet?.prefix, 'ses-sh-lambda-permission');
  const text = expandSnippet(snippet.body.join('\n'), (name) => REAL[name] ?? name).text + '\n';
  const result = lintText(text, { fileName: 'grant.sh' });
  assert.equal(result.file?.statements.length, 1, 'read as one grant');
  assert.deepEqual(result.findings.map((f) => f.id), []);
  assert.deepEqual(result.syntaxErrors, []);
  const oneLine = text.replace(/ \\\n {2}/g, ' ');
  assert.equal(oneLine, addPermissionCommandLine({ accountId: '111122223333', region: 'us-east-1', ruleSet: 'inbound', rule: 'store', functionName: 'process-mail' }) + '\n');
});

test('ses-sh-lambda-permission left unfilled is placeholder-left, never a quiet open grant', () => {
  const text = expandSnippet(snippet!.body.join('\n')).text + '\n';
  const ids = lintText(text, { fileName: 'grant.sh' }).findings.map((f) => f.id);
  assert.ok(ids.includes('placeholder-left'), ids.join(', '));
});
