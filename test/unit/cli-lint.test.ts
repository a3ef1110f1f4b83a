import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintJsonText } from '../../src/formats/json/plainJson';
import { describeFindings } from '../support/fixtures';
import { runCli, type JsonFinding } from '../support/cli';
import { FIXTURES, REPO_ROOT } from '../support/paths';

const CLI_FIXTURES = 'test/fixtures/cli';
const MIXED = `${CLI_FIXTURES}/mixed`;

/** The exact parse errors of the mixed folder, found by hand: the first missing comma of each file. */
const MIXED_PARSE_ERRORS = [
  `${MIXED}/broken-grant.json:7:7 error parse-error The file is not valid JSON: comma expected.`,
  `${MIXED}/broken.json:6:7 error parse-error The file is not valid JSON: comma expected.`,
];

function lintJson(args: readonly string[], cwd?: string): { status: number | null; findings: JsonFinding[]; stderr: string } {
  const run = runCli(['lint', '--format', 'json', ...args], cwd);
  return { status: run.status, findings: JSON.parse(run.stdout) as JsonFinding[], stderr: run.stderr };
}

/** What the library says about a file, in the same "line:col-endLine:endCol id" form as the fixtures. */
function libraryFindings(relativePath: string): string[] {
  const text = readFileSync(join(REPO_ROOT, relativePath), 'utf8');
  return describeFindings(text, lintJsonText(text).findings);
}

function asFixtureStrings(findings: readonly JsonFinding[], file: string): string[] {
  return findings.filter((f) => f.file === file).map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.id}`);
}

function withTempFolder(build: (root: string) => void, check: (root: string) => void): void {
  const root = mkdtempSync(join(tmpdir(), 'ses-grants-cli-'));
  try {
    build(root);
    check(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('text format prints file:line:col severity id message, then a summary on stderr', () => {
  const run = runCli(['lint', MIXED]);
  assert.equal(run.status, 1);
  const lines = run.stdout.split('\n').filter((l) => l !== '');
  for (const line of lines) {
    assert.match(line, /^[^:]+\.jsonc?:\d+:\d+ (error|warning|info) [a-z0-9-]+ \S.*$/, line);
  }
  for (const expected of MIXED_PARSE_ERRORS) assert.ok(lines.includes(expected), `missing: ${expected}\n${run.stdout}`);
  assert.match(run.stderr, /^\d+ errors?, \d+ warnings?, \d+ info in 5 files\n$/);
});

test('json format: every field, 1-based positions, parse errors exact and the linter findings unchanged', () => {
  const { status, findings } = lintJson([MIXED]);
  assert.equal(status, 1);
  for (const f of findings) {
    assert.deepEqual(Object.keys(f), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'id', 'message']);
    assert.ok(f.line >= 1 && f.column >= 1 && f.endLine >= f.line, JSON.stringify(f));
    assert.ok(['error', 'warning', 'info'].includes(f.severity));
  }
  const parseErrors = findings.filter((f) => f.id === 'parse-error');
  assert.deepEqual(
    parseErrors.map((f) => [f.file, f.line, f.column, f.endLine, f.endColumn, f.severity]),
    [
      [`${MIXED}/broken-grant.json`, 7, 7, 7, 15, 'error'],
      [`${MIXED}/broken.json`, 6, 7, 6, 15, 'error'],
    ],
  );
  // Valid files: the CLI reports exactly what the library finds, at the same positions.
  for (const file of ['grant-without-condition.json', 'nested/grant-ok.json', 'nested/settings.jsonc']) {
    const path = `${MIXED}/${file}`;
    assert.deepEqual(asFixtureStrings(findings, path), libraryFindings(path), path);
  }
  assert.ok(!findings.some((f) => f.file.endsWith('notes.txt')), 'only *.json and *.jsonc are linted inside folders');
});

test('an S3 grant without conditions is reported as an error inside its statement', () => {
  const { findings } = lintJson([`${MIXED}/grant-without-condition.json`]);
  const found = findings.find((f) => f.id === 's3-missing-source-conditions');
  assert.ok(found, JSON.stringify(findings));
  assert.equal(found.severity, 'error');
  // The statement spans lines 4 to 10; the finding points inside it.
  assert.ok(found.line >= 4 && found.endLine <= 10, JSON.stringify(found));
});

test('exit 0 and no output for a folder without problems; "." is the default path', () => {
  const text = runCli(['lint'], join(FIXTURES, 'cli', 'clean'));
  assert.equal(text.status, 0, text.stderr);
  assert.equal(text.stdout, '');
  assert.match(text.stderr, /^0 errors, 0 warnings, 0 info in 2 files\n$/);
  const json = lintJson([], join(FIXTURES, 'cli', 'clean'));
  assert.equal(json.status, 0);
  assert.deepEqual(json.findings, []);
});

test('warnings alone exit 0; --quiet keeps errors only', () => {
  const { status, findings } = lintJson([`${CLI_FIXTURES}/warnings`]);
  assert.equal(status, 0);
  assert.deepEqual(
    findings.map((f) => `${f.severity} ${f.id}`),
    ['warning kms-missing-source-conditions'],
  );
  const quiet = lintJson(['-q', `${CLI_FIXTURES}/warnings`]);
  assert.equal(quiet.status, 0);
  assert.deepEqual(quiet.findings, []);
  const quietMixed = lintJson(['--quiet', MIXED]);
  assert.ok(quietMixed.findings.length >= 2 && quietMixed.findings.every((f) => f.severity === 'error'));
});

test('an unreadable path exits 2, names the path on stderr, and the other paths are still linted', () => {
  const { status, findings, stderr } = lintJson(['does/not/exist.json', `${MIXED}/broken.json`]);
  assert.equal(status, 2);
  assert.match(stderr, /cannot read does\/not\/exist\.json: no such file or folder/);
  assert.deepEqual(findings.map((f) => `${f.file} ${f.id}`), [`${MIXED}/broken.json parse-error`]);
});

test('usage errors exit 2 with the reason on stderr and nothing on stdout', () => {
  for (const args of [['lint', '--format', 'xml'], ['lint', '--nope'], ['lint', '--format'], ['frobnicate'], []]) {
    const run = runCli(args);
    assert.equal(run.status, 2, args.join(' '));
    assert.equal(run.stdout, '', args.join(' '));
    assert.notEqual(run.stderr, '', args.join(' '));
  }
  assert.match(runCli(['lint', '--format', 'xml']).stderr, /--format must be text, json or sarif, got "xml"/);
});

test('--help and --version', () => {
  const version = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version as string;
  assert.deepEqual(runCli(['--version']), { status: 0, stdout: version + '\n', stderr: '' });
  for (const args of [['--help'], ['lint', '--help'], ['new', '--help']]) {
    const run = runCli(args);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^Usage: ses-grants/);
  }
});

test('node_modules and .git are skipped; a file named on the command line in no format read here is skipped, not a parse-error', () => {
  withTempFolder(
    (root) => {
      for (const skipped of ['node_modules/pkg', '.git/refs', 'deep/node_modules']) {
        mkdirSync(join(root, skipped), { recursive: true });
        writeFileSync(join(root, skipped, 'broken.json'), '{');
      }
      mkdirSync(join(root, '.vscode'));
      writeFileSync(join(root, '.vscode', 'broken.json'), '{"a": }');
      writeFileSync(join(root, 'notes.txt'), '{');
      writeFileSync(join(root, 'build.py'), 'print("ses.amazonaws.com")\n');
      writeFileSync(join(root, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]));
      writeFileSync(join(root, 'bucket-policy'), '{"a": }');
      writeFileSync(join(root, 'deploy'), '#!/usr/bin/env bash\naws lambda add-permission --function-name f --statement-id s \\\n  --action lambda:InvokeFunction --principal ses.amazonaws.com\n');
      writeFileSync(join(root, 'Makefile'), 'all:\n\techo ses.amazonaws.com\n');
    },
    (root) => {
      const { status, findings } = lintJson(['.'], root);
      assert.equal(status, 1);
      assert.deepEqual(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.id}`), ['.vscode/broken.json:1:7 parse-error']);
      const named = lintJson(['notes.txt', 'build.py', 'logo.png', 'Makefile'], root);
      assert.deepEqual(named.findings, []);
      assert.equal(named.status, 0);
      assert.equal(
        named.stderr,
        ['notes.txt', 'build.py', 'logo.png', 'Makefile'].map((f) => `ses-grants: skipped ${f}: not a format ses-grants reads (JSON, YAML, Terraform, shell, Markdown)\n`).join(''),
      );
      const text = runCli(['lint', 'notes.txt', 'deploy'], root);
      assert.match(text.stderr, /^1 error, 0 warnings, 0 info in 1 file\nses-grants: skipped notes\.txt: /);
      // Without an extension a file is read by what it starts with: a shell script, or JSON.
      const sniffed = lintJson(['deploy', 'bucket-policy'], root);
      assert.deepEqual(sniffed.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.id}`), [
        'deploy:3:34 lambda-missing-source-conditions',
        'bucket-policy:1:7 parse-error',
      ]);
    },
  );
});

test('comments, trailing commas, a byte-order mark and an empty file are no parse errors', () => {
  withTempFolder(
    (root) => {
      writeFileSync(join(root, 'comments.json'), '// a comment\n{ "a": [1, 2,], /* b */ }\n');
      writeFileSync(join(root, 'bom.json'), '\uFEFF{"Principal": {"Service": "ses.amazonaws.com"}}');
      writeFileSync(join(root, 'empty.json'), '');
      writeFileSync(join(root, 'only-space.jsonc'), '  \n');
    },
    (root) => {
      const { status, findings } = lintJson(['.'], root);
      assert.deepEqual(findings, []);
      assert.equal(status, 0);
    },
  );
});

test('a parse error after the first one in a file is not reported: one parse-error per file', () => {
  withTempFolder(
    (root) => writeFileSync(join(root, 'many.json'), '{\n  "a" 1,\n  "b" 2,\n  "c": \n'),
    (root) => {
      const { findings } = lintJson(['many.json'], root);
      assert.deepEqual(findings.map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.id}`), ['2:7-2:8 parse-error']);
      assert.equal(findings[0]!.message, 'The file is not valid JSON: colon expected.');
    },
  );
});

test('100 000 unclosed brackets give one parse-error, not a crash, and the next file is still linted', () => {
  withTempFolder(
    (root) => {
      writeFileSync(join(root, 'a-deep.json'), '['.repeat(100_000));
      writeFileSync(join(root, 'b-deep-ses.json'), '['.repeat(100_000) + '"ses.amazonaws.com"');
      writeFileSync(join(root, 'c-broken.json'), '{"a": }');
    },
    (root) => {
      const { status, findings, stderr } = lintJson(['.'], root);
      assert.equal(status, 1, stderr);
      assert.deepEqual(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.id}`), [
        'a-deep.json:1:1 parse-error',
        'b-deep-ses.json:1:1 parse-error',
        'c-broken.json:1:7 parse-error',
      ]);
    },
  );
});

test('CloudFormation YAML is linted; broken YAML is a parse-error only when it is a template', () => {
  const { status, findings } = lintJson([`${CLI_FIXTURES}/templates`]);
  assert.equal(status, 1);
  const dir = `${CLI_FIXTURES}/templates`;
  const parseErrors = findings.filter((f) => f.id === 'parse-error');
  assert.deepEqual(parseErrors.map((f) => `${f.file}:${f.line}:${f.column}`), [`${dir}/broken-stack.yaml:9:7`]);
  assert.match(parseErrors[0]!.message, /^The file is not valid YAML: /);
  assert.ok(findings.some((f) => f.file === `${dir}/mail-stack.yaml` && f.id === 's3-missing-source-conditions'));
  // A Helm chart and a Handlebars `.template` mention amazonaws but are neither JSON nor CloudFormation.
  assert.deepEqual(findings.filter((f) => /chart\/|welcome-mail/.test(f.file)), []);
});

test('Terraform: *.tf and *.tf.json in folders, .terraform skipped, each folder read as one module', () => {
  const dir = `${CLI_FIXTURES}/terraform`;
  const { status, findings } = lintJson([dir]);
  assert.equal(status, 1);
  assert.deepEqual(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.id}`), [
    // The innermost syntax error (a stray `]`); the broken resource gives nothing, the one before it its finding.
    `${dir}/broken.tf:13:33 parse-error`,
    `${dir}/broken.tf:4:3 lambda-missing-source-conditions`,
    `${dir}/stack.tf.json:8:9 lambda-missing-source-arn`,
    // The bucket policy is in policies.tf: the rule's target has a grant, but the rule does not wait for it.
    `${dir}/module/main.tf:5:33 receipt-rule-missing-depends-on`,
    `${dir}/module/policies.tf:25:19 source-arn-references-rule`,
  ]);
  assert.match(findings[0]!.message, /^The file is not valid Terraform: /);
  // A file named alone still belongs to its folder's module.
  const alone = lintJson([`${dir}/module/main.tf`]);
  assert.deepEqual(alone.findings.map((f) => f.id), ['receipt-rule-missing-depends-on']);
});

test('a Markdown Terraform block is linted by the CLI, which loads the parser for it; a suppression in it is applied', () => {
  const readme = [
    '# Mail',
    '',
    '```terraform',
    'resource "aws_lambda_permission" "ses" {',
    '  action        = "lambda:InvokeFunction"',
    '  function_name = "process-inbound-mail"',
    '  principal     = "ses.amazonaws.com"',
    '}',
    '',
    'resource "aws_lambda_permission" "sandbox" {',
    '  action        = "lambda:InvokeFunction"',
    '  function_name = "sandbox-mail"',
    '  # ses-grants-disable-next-line lambda-missing-source-conditions -- test mail only',
    '  principal     = "ses.amazonaws.com"',
    '}',
    '```',
    '',
  ].join('\n');
  withTempFolder(
    (root) => writeFileSync(join(root, 'README.md'), readme),
    (root) => {
      const { status, findings, stderr } = lintJson(['.'], root);
      assert.equal(status, 1);
      assert.equal(stderr, '');
      assert.deepEqual(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.id}`), ['README.md:7:3 lambda-missing-source-conditions']);
    },
  );
});

test('folders are searched for shell scripts and Markdown; positions are in the outer file in every output format', () => {
  const readme = [
    '# Mail',
    '',
    'Paste into the bucket policy:',
    '',
    '> ```json',
    '> {',
    '>   "Effect": "Allow",',
    '>   "Principal": {"Service": "ses.amazonaws.com"},',
    '>   "Action": "s3:PutObject",',
    '>   "Resource": "arn:aws:s3:::inbox/*"',
    '> }',
    '> ```',
    '',
    '```json',
    '{ "Principal": {"Service": "ses.amazonaws.com"}, "Effect": "Allow" "Action": "s3:PutObject" }',
    '```',
    '',
  ].join('\n');
  const script = '#!/bin/sh\naws lambda add-permission --function-name f --statement-id s \\\n  --action lambda:InvokeFunction --principal "ses.amazonaws.com"\n';
  withTempFolder(
    (root) => {
      mkdirSync(join(root, 'docs'));
      writeFileSync(join(root, 'docs', 'README.md'), readme);
      writeFileSync(join(root, 'deploy.sh'), script);
      writeFileSync(join(root, 'setup.zsh'), 'echo nothing to see\n');
      writeFileSync(join(root, 'notes.txt'), '{"Principal": {"Service": "ses.amazonaws.com"}}');
    },
    (root) => {
      const text = runCli(['lint', '.'], root);
      assert.equal(text.status, 1);
      assert.deepEqual(text.stdout.split('\n').filter((l) => l !== '').map((l) => l.split(' ').slice(0, 3).join(' ')), [
        'deploy.sh:3:34 error lambda-missing-source-conditions',
        'docs/README.md:8:5 error s3-missing-source-conditions',
        'docs/README.md:15:1 error missing-resource',
        'docs/README.md:15:3 error s3-missing-source-conditions',
        'docs/README.md:15:68 error parse-error',
      ]);
      assert.match(text.stderr, /^5 errors, 0 warnings, 0 info in 3 files\n$/);
      const json = lintJson(['.'], root);
      assert.deepEqual(
        json.findings.map((f) => `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn}`),
        ['deploy.sh:3:34-3:65', 'docs/README.md:8:5-8:50', 'docs/README.md:15:1-15:94', 'docs/README.md:15:3-15:48', 'docs/README.md:15:68-15:76'],
      );
      assert.equal(json.findings[4]!.message, 'The file is not valid JSON in this code block: comma expected.');
      const sarif = JSON.parse(runCli(['lint', '--format', 'sarif', '.'], root).stdout) as {
        runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[];
      };
      assert.deepEqual(
        sarif.runs[0]!.results.map((r) => {
          const location = r.locations[0]!.physicalLocation;
          return `${location.artifactLocation.uri}:${location.region.startLine}:${location.region.startColumn} ${r.ruleId}`;
        }),
        [
          'deploy.sh:3:34 lambda-missing-source-conditions',
          'docs/README.md:8:5 s3-missing-source-conditions',
          'docs/README.md:15:1 missing-resource',
          'docs/README.md:15:3 s3-missing-source-conditions',
          'docs/README.md:15:68 parse-error',
        ],
      );
    },
  );
});
