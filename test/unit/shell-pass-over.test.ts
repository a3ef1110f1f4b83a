import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { embeddedJsonPolicy } from '../../src/formats/embedded/encodedPolicies';
import { extractShell, readShellScript, SHELL_DOUBLE_QUOTED } from '../../src/formats/shell/shellFile';
import { SHELL_RULES } from '../../src/formats/shell/shellRules';
import type { AwsCommand } from '../../src/formats/shell/awsCommands';
import { lintPolicyFile } from '../../src/policy/lint';
import type { TreeNode } from '../../src/policy/tree';
import { REPO_ROOT } from '../support/paths';
import { mulberry32 } from '../support/random';

/**
 * Two shortcuts of the shell reader, each checked against the path it replaces on every shell fixture and
 * example and on seeded random scripts: the words of commands told apart by their first words (`echo …`,
 * `aws s3 cp …`) are passed over undecoded, and a policy written as is in the script (single quotes, a
 * here-document without escapes) is read in place instead of being read and rebuilt in the script's offsets.
 */

function shellScriptsUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...shellScriptsUnder(path));
    else if (/\.(sh|bash|zsh)$/.test(entry)) found.push(readFileSync(path, 'utf8'));
  }
  return found;
}

/** Lines a script may hold: every kind of word, quote, substitution and here-document, grants among them. */
const POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ses.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"}]}';
const PRETTY_POLICY = JSON.stringify(JSON.parse(POLICY), null, 2);
const FRAGMENTS: readonly string[] = [
  `aws s3api put-bucket-policy --bucket b --policy '${POLICY}'`,
  `aws --region us-east-1 s3api put-bucket-policy --bucket b --policy '${POLICY}'`,
  `aws --output text --profile=p s3api put-bucket-policy --policy '${POLICY}'`,
  `aws --unknown-global x s3api put-bucket-policy --policy '${POLICY}'`,
  `sudo -E AWS_PROFILE=x aws s3api put-bucket-policy --policy "${SHELL_DOUBLE_QUOTED(POLICY)}"`,
  `echo "$(aws s3api put-bucket-policy --bucket b --policy '${POLICY}')" 'x' $HOME`,
  `echo done $(aws sns set-topic-attributes --topic-arn t --attribute-name Policy --attribute-value '${POLICY}') # trailing`,
  `log "step: $(date) \${X:-y}" \`id\` $'a\\x41' 2>/dev/null >"$(aws s3api put-bucket-policy --policy '${POLICY}')"`,
  `aws kms put-key-policy --key-id k --policy-name default --policy "$(cat <<EOF\n${PRETTY_POLICY}\nEOF\n)"`,
  `aws kms put-key-policy --key-id k --policy "$(cat <<'EOF'\n${PRETTY_POLICY}\nEOF\n)"`,
  `POLICY=$(cat <<EOF\n${PRETTY_POLICY.replace('b/*', '$BUCKET/*')}\nEOF\n)`,
  `POLICY='${POLICY}'`,
  `export P2="$POLICY" && aws s3api put-bucket-policy --policy "$P2"`,
  'aws s3api put-bucket-policy --bucket b --policy "$POLICY"',
  `read -r -d '' DOC <<'JSON' || true\n${PRETTY_POLICY}\nJSON`,
  'aws s3api put-bucket-policy --policy "${DOC}"',
  'aws lambda add-permission --function-name f --statement-id s --action lambda:InvokeFunction \\\n  --principal ses.amazonaws.com --source-acc "$ACCOUNT" --principle x',
  'aws lambda add-permission --cli-input-json \'{"FunctionName":"f","Principal":"ses.amazonaws.com"}\' --source-arn arn:aws:ses:us-east-1:1:x',
  'cat <<EOF | aws s3 cp - s3://b/k\n$(aws s3api put-bucket-policy --policy x)\nEOF',
  'aws s3 cp "s3://b/$(aws s3api put-bucket-policy --policy \'{}\')" . --only-show-errors',
  'aws cloudformation deploy --stack-name "s-$(date)" --parameter-overrides "A=$(echo \'q\')" # note',
  'if [ -z "${F:-}" ]; then echo "missing" >&2; exit 1; fi',
  'jq -r \'.Rules[] | select(.Name == "r")\' rules.json > /dev/null',
  'for f in a b; do aws s3api put-bucket-policy --policy "$(cat policy-$f.json)"; done',
  '2>/dev/null aws s3api put-bucket-policy --policy x',
  'echo "unterminated $(aws s3api put-bucket-policy --policy',
  "echo 'unterminated",
  'echo $(( 1 + 2 )) ${#X} $? $@ "\\$x" \\\n  continued',
  '# a comment with "quotes and $(aws s3api put-bucket-policy)"',
  'x=$(echo "$(aws s3api put-bucket-policy --policy \'{}\')")',
  '-x aws s3api put-bucket-policy --policy y',
  'aws s3api',
  'aws',
  'time aws s3api put-bucket-policy --policy-a z --policy w',
];

function randomScript(seed: number): string {
  const random = mulberry32(seed);
  const lines: string[] = ['#!/bin/bash'];
  const count = 3 + Math.floor(random() * 12);
  for (let i = 0; i < count; i++) lines.push(FRAGMENTS[Math.floor(random() * FRAGMENTS.length)]!);
  return lines.join(random() < 0.5 ? '\n' : ' ; ') + (random() < 0.8 ? '\n' : '');
}

const SCRIPTS: readonly string[] = [
  ...shellScriptsUnder(join(REPO_ROOT, 'test', 'fixtures')),
  ...shellScriptsUnder(join(REPO_ROOT, 'examples')),
  ...FRAGMENTS.map((fragment) => `${fragment}\n`),
  ...Array.from({ length: 300 }, (_, seed) => randomScript(seed)),
];

/** A tree as plain data: every node's kind, spans, keys and values (getters read). */
function treeData(node: TreeNode): unknown {
  switch (node.type) {
    case 'object':
      return { span: node.span, properties: node.properties.map((p) => ({ key: p.key, keySpan: p.keySpan, span: p.span, value: treeData(p.value) })) };
    case 'array':
      return { span: node.span, items: node.items.map(treeData) };
    case 'token':
      return { span: node.span, token: node.text };
    case 'scalar':
      return { span: node.span, value: node.value, raw: node.raw };
  }
}

function awsCommandData(command: AwsCommand): unknown {
  return {
    service: command.service,
    operation: command.operation,
    span: command.span,
    options: command.options.map((o) => ({ written: o.written, nameSpan: o.nameSpan, canonical: o.canonical, value: o.value && { value: o.value.value, span: o.value.span } })),
  };
}

/** What a reading of the script gives the rest of the linter: commands, policies, comments, errors, findings. */
function extraction(text: string, passOver: boolean): unknown {
  const script = readShellScript(text, { passOver });
  const file = extractShell(text, script);
  return {
    errors: script.reading.errors,
    comments: script.reading.comments,
    end: script.reading.end,
    awsCommands: file.awsCommands.map(awsCommandData),
    addPermissions: [...file.addPermissions].map(([command, statement]) => [file.awsCommands.indexOf(command), statement.node.span]),
    statements: file.statements.map((s) => treeData(s.node)),
    embedded: (file.embedded ?? []).map((e) => ({ source: e.source, text: e.text, root: treeData(e.root), errors: e.syntaxErrors })),
    findings: lintPolicyFile(file, { extraFileRules: SHELL_RULES }).map((f) => ({ id: f.id, span: f.span, args: f.args })),
  };
}

test('commands passed over by their first words leave every reading, policy and finding as decoding every word does', () => {
  let grants = 0;
  for (const text of SCRIPTS) {
    const passedOver = extraction(text, true);
    assert.deepEqual(passedOver, extraction(text, false), text);
    grants += (passedOver as { awsCommands: unknown[] }).awsCommands.length;
  }
  // The scripts hold grants to read, not only commands to pass over.
  assert.ok(grants > 300, `${grants} aws commands read`);
});

test('a policy written as is in the script is read in place into the very tree the decoded text gives', () => {
  let inPlace = 0;
  for (const text of SCRIPTS) {
    const file = extractShell(text, readShellScript(text));
    for (const policy of file.embedded ?? []) {
      // A policy with `$VAR` in its strings (template values) is read by the general path only.
      if (JSON.stringify(treeData(policy.root)).includes('"token"')) continue;
      const decoded = { value: policy.text, map: policy.map };
      const general = embeddedJsonPolicy(decoded, policy.source, policy.encodings);
      assert.ok(general, policy.text);
      assert.deepEqual(treeData(policy.root), treeData(general.root), policy.text);
      assert.deepEqual(policy.syntaxErrors, general.syntaxErrors);
      // Read in place: the root is not the general path's rebuilt plain object (the JSON reader's own node).
      if (Object.getPrototypeOf(policy.root) !== Object.prototype || policy.root.type === 'object' && policy.root.properties.some((p) => Object.getPrototypeOf(p) !== Object.prototype)) inPlace++;
    }
  }
  assert.ok(inPlace > 100, `${inPlace} policies read in place`);
});
