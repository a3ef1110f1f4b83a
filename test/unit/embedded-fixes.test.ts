import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText, type FormatHint } from '../../src/formats';
import { fixesInFormat } from '../../src/formats/fixes';
import { SHELL_DOUBLE_QUOTED } from '../../src/formats/shell/shellFile';
import { TERRAFORM_QUOTED } from '../../src/formats/terraform/templateText';
import { initTerraformInNode } from '../../src/cli/nodeWasmLoader';
import { applyOffsetEdits } from '../../src/policy/fixes';
import { fixtureValues, formattingOf, listFixFixtures, renderedEdits } from '../support/fixFixtures';

/**
 * Fixes through an embedding (SPEC §10), for every JSON fix fixture (test/fixtures/fixes, the expected text
 * beside each input): the fixture's policy written inside another file — a Markdown code block under a list
 * item, a `get-policy` output string, a shell argument in single quotes, in double quotes and in a quoted
 * here-document — gets the same fix, written in that file's encoding. Wrapping the expected text the same way
 * gives the expected file: the escapes, quotes and indentation of the edit are those of the place.
 */
interface Adapter {
  readonly name: string;
  readonly hint: FormatHint;
  /** The policy text written into a file of the adapter's format; undefined when it cannot be written there. */
  wrap(policy: string): string | undefined;
}

const ADAPTERS: readonly Adapter[] = [
  {
    name: 'markdown list item',
    hint: { fileName: 'README.md' },
    wrap: (policy) => `# Mail\n\n- The policy:\n\n  \`\`\`json\n${policy.replace(/^(?=.)/gm, '  ')}\n  \`\`\`\n`,
  },
  {
    name: 'get-policy output',
    hint: { fileName: 'policy-output.json' },
    wrap: (policy) => `{\n  "Policy": ${JSON.stringify(policy)},\n  "RevisionId": "4f1a"\n}\n`,
  },
  {
    name: 'shell single quotes',
    hint: { fileName: 'grant.sh' },
    wrap: (policy) => (policy.includes("'") ? undefined : `#!/bin/sh\naws s3api put-bucket-policy --bucket inbox --policy '${policy}'\n`),
  },
  {
    name: 'shell double quotes',
    hint: { fileName: 'grant.sh' },
    wrap: (policy) => `#!/bin/sh\naws s3api put-bucket-policy --bucket inbox --policy "${SHELL_DOUBLE_QUOTED(policy)}"\n`,
  },
  {
    name: 'Terraform heredoc',
    hint: { fileName: 'main.tf' },
    wrap: (policy) => (/^EOF$/m.test(policy) ? undefined : `resource "aws_s3_bucket_policy" "inbox" {\n  bucket = "inbox"\n  policy = <<EOF\n${terraformLiteral(policy)}\nEOF\n}\n`),
  },
  {
    name: 'Terraform indented heredoc',
    hint: { fileName: 'main.tf' },
    wrap: (policy) =>
      /^\s*EOF$/m.test(policy) ? undefined : `resource "aws_s3_bucket_policy" "inbox" {\n  bucket = "inbox"\n  policy = <<-EOF\n${terraformLiteral(policy).replace(/^(?=.)/gm, '    ')}\n  EOF\n}\n`,
  },
  {
    name: 'Terraform quoted string',
    hint: { fileName: 'main.tf' },
    wrap: (policy) => `resource "aws_s3_bucket_policy" "inbox" {\n  bucket = "inbox"\n  policy = "${TERRAFORM_QUOTED(policy).replace(/\$\{/g, () => '$${')}"\n}\n`,
  },
  {
    name: 'shell here-document',
    hint: { fileName: 'grant.sh' },
    wrap: (policy) => (/^EOF$/m.test(policy) ? undefined : `#!/bin/sh\naws kms put-key-policy --key-id k --policy-name default --policy "$(cat <<'EOF'\n${policy}\nEOF\n)"\n`),
  },
];

/** A policy's text as Terraform template text: `${` and `%{` escaped, so a fixture's text stays literal. */
function terraformLiteral(policy: string): string {
  return policy.replace(/([$%])\{/g, '$1$1{');
}

before(() => initTerraformInNode());

const fixtures = listFixFixtures().filter((fixture) => !fixture.text.includes('\r'));

for (const adapter of ADAPTERS) {
  test(`every fix fixture through ${adapter.name}`, () => {
    let compared = 0;
    for (const fixture of fixtures) {
      const text = adapter.wrap(fixture.text);
      const expected = adapter.wrap(fixture.fixed);
      if (text === undefined || expected === undefined) continue;
      const values = fixture.unknownValues ? {} : fixtureValues();
      const result = lintText(text, adapter.hint);
      // A fixture whose finding is made by hand (no rule reports it on that text) has nothing to fix here.
      const finding = result.findings.find((f) => f.id === fixture.id);
      if (!finding) continue;
      const proposals = fixesInFormat({ text, hint: adapter.hint, result, finding, values, formatting: formattingOf(fixture.text) });
      if (fixture.fixed === fixture.text) {
        assert.deepEqual(proposals, [], `${fixture.name}: no fix is offered`);
        continue;
      }
      assert.equal(proposals.filter((p) => p.preferred).length, 1, `${fixture.name}: exactly one preferred fix`);
      const preferred = proposals.find((p) => p.preferred)!;
      assert.equal(applyOffsetEdits(text, renderedEdits(preferred.edits)), expected, fixture.name);
      compared++;
    }
    assert.ok(compared >= 30, `only ${compared} fixtures compared through ${adapter.name}`);
  });
}

test('a fix that cannot be written in the argument\'s quoting is not offered', () => {
  const policy = '{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::inbox/*"}]}';
  const text = `aws s3api put-bucket-policy --bucket inbox --policy '${policy}'\n`;
  const hint = { fileName: 'grant.sh' };
  const result = lintText(text, hint);
  const finding = result.findings.find((f) => f.id === 's3-missing-source-conditions');
  assert.ok(finding);
  const formatting = formattingOf(policy);
  // A rule name holding a quote would end the single-quoted argument: no encoding writes it there.
  // The exact rule's fix is left out; the one for any rule, which holds no quote, remains and is preferred.
  const quoted = fixesInFormat({ text, hint, result, finding, values: { ...fixtureValues(), rule: "o'brien" }, formatting });
  assert.deepEqual(quoted.map((p) => [p.titleKey, p.preferred]), [['fix.addSourceConditionsAnyRule', true]]);
  const plain = fixesInFormat({ text, hint, result, finding, values: fixtureValues(), formatting });
  assert.deepEqual(plain.map((p) => p.titleKey), ['fix.addSourceConditions', 'fix.addSourceConditionsAnyRule'], 'with plain values both are offered');
});

test('a folded YAML string, whose map cannot place an edit, gets no fix', () => {
  const text = [
    'Resources:',
    '  Policy:',
    '    Type: AWS::S3::BucketPolicy',
    '    Properties:',
    '      Bucket: inbox',
    '      PolicyDocument: >',
    '        {"Statement": [{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"},',
    '        "Action": "s3:PutObject", "Resource": "arn:aws:s3:::inbox/*"}]}',
    '',
  ].join('\n');
  const hint = { fileName: 'template.yaml' };
  const result = lintText(text, hint);
  const finding = result.findings.find((f) => f.id === 's3-missing-source-conditions');
  assert.ok(finding, 'the policy in the folded string is read');
  assert.deepEqual(fixesInFormat({ text, hint, result, finding, values: fixtureValues(), formatting: formattingOf(text) }), []);
});
