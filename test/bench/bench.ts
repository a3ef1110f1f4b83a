import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTree, type ParseError } from 'jsonc-parser';
import { lintJsonText, fixAllPlainJson } from '../../src/formats/json/plainJson';
import { REPO_ROOT } from '../support/paths';
import { templateOfSize, templateWithOpenGrants } from '../support/generatedTemplates';
import { mulberry32 as prng } from '../support/random';
import { parseDocument } from 'yaml';
import { lintText } from '../../src/formats';
import { initTerraformInNode } from '../../src/cli/nodeWasmLoader';
import { withTerraformTree } from '../../src/formats/terraform/parser';
import { fixAllInFormat } from '../../src/formats/fixes';

/**
 * `npm run bench`: how much the linter costs on top of parsing, how fast it skips JSON that holds no SES grant,
 * and the CLI's throughput over many small files. Prints a table and writes `.bench/results.json`. A missed
 * target is reported, not fatal (this is a benchmark, not a test); a crash exits non-zero.
 */

interface Row {
  readonly name: string;
  readonly bytes: number;
  readonly lintMs: number | undefined;
  readonly baselineMs: number | undefined;
  readonly value: number | undefined;
  readonly unit: 'x parseTree' | 'x yaml parse' | 'x tree-sitter parse' | 'x lint' | 'files/s' | 'ms' | 'x largest file' | 'x pool';
  readonly target: string;
  readonly status: 'PASS' | 'MISS' | 'n/a';
  readonly note?: string;
  /** Ratio rows: how the rounds' ratios spread (the value is their median). */
  readonly spread?: Spread;
}

interface Spread {
  readonly rounds: number;
  readonly min: number;
  readonly p25: number;
  readonly p75: number;
  readonly max: number;
}

// ---- Inputs.


const ACCOUNTS = ['111122223333', '123456789012', '210987654321'];

/** One realistic statement: SES grants of every kind in good and bad shapes, plus unrelated statements. */
function statement(n: number, random: () => number): object {
  const account = ACCOUNTS[n % ACCOUNTS.length]!;
  const rule = `arn:aws:ses:us-east-1:${account}:receipt-rule-set/rules-${n % 7}:receipt-rule/rule-${n}`;
  const modern = { StringEquals: { 'AWS:SourceAccount': account, 'AWS:SourceArn': rule } };
  const ses = { Service: 'ses.amazonaws.com' };
  switch (Math.floor(random() * 10)) {
    case 0:
      return { Sid: `S3Good${n}`, Effect: 'Allow', Principal: ses, Action: 's3:PutObject', Resource: `arn:aws:s3:::inbox-${n}/mail/*`, Condition: modern };
    case 1:
      return { Sid: `S3Open${n}`, Effect: 'Allow', Principal: ses, Action: 's3:*', Resource: [`arn:aws:s3:::inbox-${n}`, `arn:aws:s3:::inbox-${n}/*`] };
    case 2:
      return { Sid: `S3Referer${n}`, Effect: 'Allow', Principal: ses, Action: 's3:PutObject', Resource: `arn:aws:s3:::inbox-${n}/*`, Condition: { StringEquals: { 'aws:Referer': account } } };
    case 3:
      return { Sid: `Kms${n}`, Effect: 'Allow', Principal: ses, Action: ['kms:Encrypt', 'kms:GenerateDataKey*'], Resource: '*',
        Condition: { Null: { 'kms:EncryptionContext:aws:ses:rule-name': 'false', 'kms:EncryptionContext:aws:ses:message-id': 'false' },
          StringEquals: { 'kms:EncryptionContext:aws:ses:source-account': account } } };
    case 4:
      return { Sid: `KmsModern${n}`, Effect: 'Allow', Principal: ses, Action: 'kms:GenerateDataKey*', Resource: '*', Condition: modern };
    case 5:
      return { Sid: `Sns${n}`, Effect: 'Allow', Principal: ses, Action: 'SNS:Publish', Resource: `arn:aws:sns:us-east-1:${account}:topic-${n}`,
        Condition: { StringEquals: { 'AWS:SourceAccount': account }, ArnLike: { 'AWS:SourceArn': `arn:aws:ses:us-east-1:${account}:receipt-rule-set/*:receipt-rule/*` } } };
    case 6:
      return { Sid: `Lambda${n}`, Effect: 'Allow', Principal: ses, Action: 'lambda:InvokeFunction', Resource: `arn:aws:lambda:us-east-1:${account}:function:f-${n}`,
        Condition: { StringEquals: { 'AWS:SourceAccount': account } } };
    case 7:
      return { Sid: `Wildcard${n}`, Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: `arn:aws:s3:::inbox-${n}/*`,
        Condition: { StringEquals: { 'aws:Referer': account, 'aws:SourceArn': `${rule}*` } } };
    case 8:
      return { Sid: `Logs${n}`, Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::logs-${n}/*`,
        Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:s3:::source-${n}` }, StringEquals: { 'aws:SourceAccount': account } } };
    default:
      return { Sid: `Deny${n}`, Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `arn:aws:s3:::inbox-${n}/*`, Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
  }
}

/** A pretty-printed policy of about `bytes` bytes (the way people keep policies in repositories). */
function policyOfSize(bytes: number): string {
  const random = prng(bytes);
  const statements: object[] = [];
  let size = 60;
  while (size < bytes) {
    const next = statement(statements.length, random);
    statements.push(next);
    size += JSON.stringify(next, null, 2).length + 8;
  }
  if (statements.length > 1 && size > bytes * 1.1) statements.pop();
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

/** Generic data that holds no SES grant: no "amazon", no SES ARN or key anywhere. */
function genericDataOfSize(bytes: number): string {
  const random = prng(7);
  const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliett', 'kilo', 'lima'];
  const records: object[] = [];
  let size = 2;
  while (size < bytes) {
    const record = {
      id: records.length,
      name: `${words[Math.floor(random() * words.length)]}-${records.length}`,
      active: random() > 0.5,
      score: Math.round(random() * 1e6) / 100,
      tags: [words[Math.floor(random() * words.length)], words[Math.floor(random() * words.length)]],
      location: { lat: random() * 180 - 90, lon: random() * 360 - 180 },
      note: null,
    };
    records.push(record);
    size += JSON.stringify(record, null, 2).length + 4;
  }
  const text = JSON.stringify({ generated: 'bench', records }, null, 2);
  if (/amazon|referer|:ses:|aws:ses/i.test(text)) throw new Error('the generic data mentions SES');
  return text;
}

// ---- Timing.

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * CPU milliseconds of one call (user + system of this process, so other work on a shared machine does not
 * count). Small inputs repeat inside one sample so the clock's resolution does not matter.
 */
function cpuMs(run: () => void, repeat: number): number {
  const start = process.cpuUsage();
  for (let r = 0; r < repeat; r++) run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / repeat;
}

/**
 * Warm-up before the samples, in CPU time rather than a count of runs: a fixed count (3 rounds) left a 100 KB
 * input's linter with 6 runs before its samples, its many small functions still being compiled by the JIT
 * while they were timed. Both sides run the same rounds, interleaved, until each has had this much.
 */
const WARM_UP_CPU_MS = 1_500;
const MIN_WARM_UP_ROUNDS = 3;
const MAX_WARM_UP_ROUNDS = 1_000;

/**
 * A sample repeats its side's call until it has run about this long: long enough to span the collections its
 * own allocation causes (a young-generation one per 16 MB or so, and at 1 MB a mark-compact every few calls), so
 * that each side pays about its own share of the collector. Repeats set from the input's size gave a 100 KB input
 * two calls per sample (3 ms), where one scavenge more or less moved a sample by a third, and a 1 MB input one
 * call, where a mark-compact landed on one side or the other. A forced `gc()` before each sample, tried to equalise
 * the heap instead, made the next calls of both sides 5-9 times slower (user time; lint 1.8 -> 17 ms at 100 KB,
 * parseTree 1.4 -> 7 ms): it times a cold heap that no edit sees, so it is not used.
 */
const SAMPLE_CPU_MS = 100;
/**
 * …and until it has read this many bytes, so that a sample of a 1 MB input spans several calls and the
 * mark-compacts they cause between them (one call per sample read 0.31 to 1.25 between rounds of one run)…
 */
const SAMPLE_MIN_BYTES = 4_000_000;
/** …but no longer than this, unless one call takes longer (a 1 MB template's parseDocument takes seconds). */
const SAMPLE_MAX_CPU_MS = 1_000;

/** The timed rounds after warm-up: a fixed number, so that a row's spread means the same from run to run. */
function roundsFor(bytes: number): number {
  return bytes >= 5_000_000 ? 5 : 15;
}

interface PairTiming {
  /** Medians of the samples of each side, ms per call. */
  readonly baselineMs: number;
  readonly measuredMs: number;
  /** measured ÷ baseline of each round, in round order; the row's value is their median. */
  readonly ratios: readonly number[];
}

/**
 * The two sides in a fixed number of interleaved rounds, each round one sample of each, the order swapped
 * every round (baseline first, then measured first, …) so that each side follows each side equally often (the
 * garbage a sample leaves is collected in the next one). A round's ratio compares two samples taken moments
 * apart, under the same load: the median of the rounds' ratios is the row's value, and their spread says how
 * far to trust it.
 */
function timePair(baseline: () => void, measured: () => void, bytes: number): PairTiming {
  let baselineWarmMs = 0;
  let measuredWarmMs = 0;
  let baselineCalls = 0;
  let measuredCalls = 0;
  // Inputs of 5 MB and more: one round (it takes seconds, and is warm-up enough).
  const [minRounds, maxRounds] = bytes >= 5_000_000 ? [1, 1] : [MIN_WARM_UP_ROUNDS, MAX_WARM_UP_ROUNDS];
  const warmRepeat = Math.max(1, Math.round(200_000 / Math.max(bytes, 1)));
  // Until both sides are warm, but no longer once the slower has run four times the warm-up: a side that takes
  // microseconds (a prefiltered text) would otherwise keep the other running for up to a thousand rounds (the
  // 1 MB YAML configuration row: 25 minutes of parseDocument).
  const warming = () => Math.min(baselineWarmMs, measuredWarmMs) < WARM_UP_CPU_MS && Math.max(baselineWarmMs, measuredWarmMs) < 4 * WARM_UP_CPU_MS;
  for (let round = 0; round < maxRounds && (round < minRounds || warming()); round++) {
    baselineWarmMs += cpuMs(baseline, warmRepeat) * warmRepeat;
    measuredWarmMs += cpuMs(measured, warmRepeat) * warmRepeat;
    baselineCalls += warmRepeat;
    measuredCalls += warmRepeat;
  }
  const repeatFor = (warmMs: number, calls: number) => {
    const callMs = Math.max(warmMs / calls, 1e-4);
    const wanted = Math.max(Math.ceil(SAMPLE_CPU_MS / callMs), Math.ceil(SAMPLE_MIN_BYTES / Math.max(bytes, 1)));
    return Math.max(1, Math.min(wanted, Math.floor(SAMPLE_MAX_CPU_MS / callMs), 100_000));
  };
  const baselineRepeat = repeatFor(baselineWarmMs, baselineCalls);
  const measuredRepeat = repeatFor(measuredWarmMs, measuredCalls);
  const baselineSamples: number[] = [];
  const measuredSamples: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < roundsFor(bytes); round++) {
    let baselineMs: number;
    let measuredMs: number;
    if (round % 2 === 0) {
      baselineMs = cpuMs(baseline, baselineRepeat);
      measuredMs = cpuMs(measured, measuredRepeat);
    } else {
      measuredMs = cpuMs(measured, measuredRepeat);
      baselineMs = cpuMs(baseline, baselineRepeat);
    }
    baselineSamples.push(baselineMs);
    measuredSamples.push(measuredMs);
    ratios.push(measuredMs / baselineMs);
  }
  return { baselineMs: median(baselineSamples), measuredMs: median(measuredSamples), ratios };
}

/** The spread of a row's per-round ratios: lowest, quartiles and highest, as the table prints it. */
function spreadOf(ratios: readonly number[]): Spread {
  const sorted = [...ratios].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.round(q * (sorted.length - 1))]!;
  return { rounds: sorted.length, min: sorted[0]!, p25: at(0.25), p75: at(0.75), max: sorted[sorted.length - 1]! };
}

const PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true };
let sink = 0;

function parseOnly(text: string): void {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, PARSE_OPTIONS);
  sink += tree ? tree.length : 0;
}

/** A ratio row: `lint` against `parse` on the same text, both timed by `timePair`. */
function comparedRow(
  name: string,
  text: string,
  target: number,
  unit: Row['unit'],
  parse: () => void,
  lint: () => number,
  describe: (result: number) => string = (findings) => `${findings} findings`,
): Row {
  const bytes = Buffer.byteLength(text);
  const findings = lint();
  const { baselineMs, measuredMs, ratios } = timePair(parse, () => {
    sink += lint();
  }, bytes);
  const ratio = median([...ratios]);
  return {
    name,
    bytes,
    lintMs: measuredMs,
    baselineMs,
    value: ratio,
    unit,
    target: `<= ${target}x`,
    status: ratio <= target ? 'PASS' : 'MISS',
    note: describe(findings),
    spread: spreadOf(ratios),
  };
}

function ratioRow(name: string, text: string, target: number): Row {
  return comparedRow(name, text, target, 'x parseTree', () => parseOnly(text), () => lintJsonText(text).findings.length);
}

// ---- CloudFormation templates: the linter's YAML path against the yaml package's own parse.

/** YAML configuration of about `bytes` that names SES but is no template (a service's settings, a pipeline). */
function configurationYamlOfSize(bytes: number): string {
  const parts = ['services:\n'];
  let size = parts[0]!.length;
  for (let i = 0; size < bytes; i++) {
    const entry = `  - name: mail-worker-${i}\n    principal: ses.amazonaws.com\n    replicas: ${i % 5}\n    tags: [alpha, bravo]\n    limits: {cpu: 500m, memory: 256Mi}\n`;
    parts.push(entry);
    size += entry.length;
  }
  const text = parts.join('');
  if (/AWSTemplateFormatVersion|AWS::/.test(text)) throw new Error('the configuration reads like a template');
  return text;
}

function templateRow(name: string, text: string, target: number): Row {
  return comparedRow(
    name,
    text,
    target,
    'x yaml parse',
    () => {
      sink += parseDocument(text, { uniqueKeys: false }).errors.length;
    },
    () => lintText(text, { fileName: 'stack.yaml' }).findings.length,
  );
}

// ---- Terraform: the linter's path against tree-sitter's parse alone, and the one-off WebAssembly load.

/**
 * A module of about `bytes`: buckets with their policies in each form people write them (jsonencode, a
 * heredoc, a policy document), KMS keys, Lambda permissions and receipt rules, good and open ones.
 */
function terraformOfSize(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const restricted = i % 3 !== 0;
    const condition = restricted
      ? `
      Condition = {
        StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }
        ArnLike      = { "aws:SourceArn" = "arn:aws:ses:\${data.aws_region.current.name}:\${data.aws_caller_identity.current.account_id}:receipt-rule-set/inbound:receipt-rule/rule${i}" }
      }`
      : '';
    const block = `resource "aws_s3_bucket" "inbox${i}" {
  bucket = "inbox-${i}"
  tags = {
    Name        = "inbox-${i}"
    Environment = "production"
  }
}

resource "aws_s3_bucket_policy" "inbox${i}" {
  bucket = aws_s3_bucket.inbox${i}.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AllowSESPuts" # the receipt rule stores mail here
      Effect    = "Allow"
      Principal = { Service = "ses.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "\${aws_s3_bucket.inbox${i}.arn}/*"${condition}
    }]
  })
}

data "aws_iam_policy_document" "topic${i}" {
  statement {
    sid       = "AllowSESPublish"
    actions   = ["SNS:Publish"]
    resources = [aws_sns_topic.mail${i}.arn]

    principals {
      type        = "Service"
      identifiers = ["ses.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "AWS:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_kms_key" "mail${i}" {
  description = "Encrypts the mail of inbox ${i}"
  policy      = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Sid": "AllowSESToEncrypt",
        "Effect": "Allow",
        "Principal": {"Service": "ses.amazonaws.com"},
        "Action": ["kms:Encrypt", "kms:GenerateDataKey*"],
        "Resource": "*"${restricted ? ',\n        "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}' : ''}
      }]
    }
  EOF
}

resource "aws_lambda_permission" "ses${i}" {
  statement_id   = "AllowSES"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.process${i}.function_name
  principal      = "ses.amazonaws.com"${restricted ? '\n  source_account = "111122223333"' : ''}
}

resource "aws_ses_receipt_rule" "rule${i}" {
  name          = "rule${i}"
  rule_set_name = "inbound"${i % 2 === 0 ? `\n  depends_on    = [aws_s3_bucket_policy.inbox${i}]` : ''}

  s3_action {
    bucket_name = aws_s3_bucket.inbox${i}.id
    kms_key_arn = aws_kms_key.mail${i}.arn
    position    = 1
  }
}

`;
    parts.push(block);
    size += block.length;
  }
  return parts.join('');
}

function terraformRow(name: string, text: string, target: number): Row {
  return comparedRow(
    name,
    text,
    target,
    'x tree-sitter parse',
    () => {
      sink += withTerraformTree(text, (tree) => tree.rootNode.childCount) ?? 0;
    },
    () => lintText(text, { fileName: 'main.tf' }).findings.length,
  );
}

/**
 * The WebAssembly load a process pays once, before its first Terraform file: timed inside fresh processes
 * (wall time, from the first call to ready), median of 7.
 */
function terraformInitRow(name: string, target: number): Row {
  const script = `const { initTerraformInNode } = require(${JSON.stringify(join(REPO_ROOT, 'out', 'src', 'cli', 'nodeWasmLoader'))});
const start = performance.now();
initTerraformInNode().then(() => process.stdout.write(String(performance.now() - start)));`;
  const samples: number[] = [];
  for (let i = 0; i < 7; i++) {
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`the Terraform parser did not load: ${result.stderr}`);
    samples.push(Number(result.stdout));
  }
  const ms = median(samples);
  return { ...measuredRow(name, 0, ms, 'ms', target, `min ${Math.min(...samples).toFixed(0)} ms, max ${Math.max(...samples).toFixed(0)} ms, wall time`), lintMs: ms };
}

/** A row of one measured value against an upper bound (`<= target`), without a baseline. */
function measuredRow(name: string, bytes: number, value: number, unit: 'ms' | 'x largest file', target: number, note: string): Row {
  return {
    name,
    bytes,
    lintMs: undefined,
    baselineMs: undefined,
    value,
    unit,
    target: unit === 'ms' ? `<= ${target} ms` : `<= ${target}x`,
    status: value <= target ? 'PASS' : 'MISS',
    note,
  };
}

// ---- Grants written in other formats: Markdown code blocks and shell scripts, against parseTree on the same bytes.

/** A README-like Markdown file of about `bytes` with `blocks` code blocks: policies, templates, commands, prose. */
function markdownOfSize(bytes: number, blocks: number): string {
  const random = prng(blocks);
  const perBlock = bytes / blocks;
  const parts: string[] = ['# Mail receiving\n\nHow the grants of this account are set up.\n\n'];
  for (let i = 0; i < blocks; i++) {
    const kind = i % 5;
    let block: string;
    if (kind === 3) {
      block = ['```console', `$ aws lambda add-permission --function-name mail-${i} --statement-id ses \\`, '    --action lambda:InvokeFunction --principal ses.amazonaws.com \\', `    --source-account ${ACCOUNTS[i % 3]}`, '{', '    "Statement": "{}"', '}', '```'].join('\n');
    } else if (kind === 4) {
      block = ['```sh', `aws s3api put-bucket-policy --bucket inbox-${i} --policy '${JSON.stringify({ Version: '2012-10-17', Statement: [statement(i, random)] })}'`, '```'].join('\n');
    } else {
      block = ['```json', JSON.stringify({ Version: '2012-10-17', Statement: [statement(i, random)] }, null, 2), '```'].join('\n');
    }
    const prose = `\n\nStep ${i}: apply the block above, then check the receipt rule.${' It keeps mail for the team.'.repeat(Math.max(0, Math.round((perBlock - block.length - 80) / 28)))}\n\n`;
    parts.push(block, prose);
  }
  return parts.join('');
}

/**
 * A deployment script of about `bytes`: per step, the commands around one grant (buckets, stacks, copies,
 * checks), and the grant itself in turn an add-permission command, an inline bucket policy, a here-document
 * key policy or a topic policy.
 */
function shellScriptOfSize(bytes: number): string {
  const random = prng(bytes + 1);
  const parts: string[] = ['#!/usr/bin/env bash\nset -euo pipefail\nACCOUNT_ID=$(aws sts get-caller-identity --query Account --output text)\nRULE_ARN="arn:aws:ses:us-east-1:${ACCOUNT_ID}:receipt-rule-set/inbound:receipt-rule/store"\n\n'];
  let size = parts[0]!.length;
  for (let i = 0; size < bytes; i++) {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [statement(i, random)] }, null, 2);
    const sourceArn = [`"$RULE_ARN"`, `arn:aws:ses:us-east-1:${accountOf(i)}:receipt-rule-set/inbound:receipt-rule/rule-${i}`, `"arn:aws:ses:us-east-1:$ACCOUNT_ID:receipt-rule-set/inbound:receipt-rule/rule-${i}"`][i % 3];
    const grants = [
      [`aws lambda add-permission \\`, `  --function-name "mail-${i}" \\`, '  --statement-id GiveSESPermissionToInvokeFunction \\', '  --action lambda:InvokeFunction \\', '  --principal ses.amazonaws.com \\', '  --source-account "$ACCOUNT_ID" \\', `  --source-arn ${sourceArn}`].join('\n'),
      `aws s3api put-bucket-policy --bucket "inbox-${i}" --policy '${policy}'`,
      `aws kms put-key-policy --key-id "$KEY_ID" --policy-name default --policy "$(cat <<EOF\n${policy}\nEOF\n)"`,
      `aws sns set-topic-attributes --topic-arn "arn:aws:sns:us-east-1:$ACCOUNT_ID:mail-${i}" --attribute-name Policy --attribute-value '${policy}'`,
    ];
    const chunk = [
      `# Step ${i}: the resources of receipt rule ${i}.`,
      `log "step ${i}: creating resources"`,
      `aws s3 mb "s3://inbox-${i}" --region us-east-1 2>/dev/null || echo "bucket inbox-${i} exists"`,
      `aws cloudformation deploy --stack-name "mail-${i}" --template-file stacks/mail.yaml --parameter-overrides "Index=${i}" --no-fail-on-empty-changeset`,
      `FUNCTION_ARN=$(aws lambda get-function --function-name "mail-${i}" --query 'Configuration.FunctionArn' --output text)`,
      `if [ -z "\${FUNCTION_ARN:-}" ]; then echo "mail-${i} is missing" >&2; exit 1; fi`,
      grants[i % grants.length]!,
      `aws s3 cp "fixtures/welcome-${i}.eml" "s3://inbox-${i}/incoming/" --only-show-errors`,
      `jq -r '.Rules[] | select(.Name == "rule-${i}") | .Enabled' rules.json > /dev/null`,
      '',
    ].join('\n');
    parts.push(chunk);
    size += chunk.length;
  }
  return parts.join('');
}

/** Literal accounts of the generated statements, for the SourceArns written out in full. */
function accountOf(i: number): string {
  return ACCOUNTS[i % ACCOUNTS.length]!;
}

/** Documentation of about `bytes` with code blocks and no SES content at all. */
function markdownWithoutSes(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const chunk = [
      `## Section ${i}`,
      '',
      'The service reads its settings at start-up and keeps them for the whole run.',
      '',
      '```json',
      JSON.stringify({ name: `worker-${i}`, replicas: i % 5, tags: ['alpha', 'bravo'], limits: { cpu: '500m', memory: '256Mi' } }, null, 2),
      '```',
      '',
      '```sh',
      `kubectl rollout restart deployment/worker-${i} --namespace jobs`,
      '```',
      '',
    ].join('\n');
    parts.push(chunk);
    size += chunk.length;
  }
  const text = parts.join('');
  if (/amazon|referer|:ses:|aws:ses/i.test(text)) throw new Error('the documentation mentions SES');
  return text;
}

/**
 * jsonc-parser's parseTree stops after the first JSON value, which in Markdown or a shell script is a few
 * bytes in, so parsing "the same bytes" would measure nothing: the baseline is parseTree on a policy file of
 * the same size, what reading that many bytes of JSON costs.
 */
function embeddedRow(name: string, text: string, fileName: string, target: number): Row {
  const json = policyOfSize(Buffer.byteLength(text));
  return comparedRow(name, text, target, 'x parseTree', () => parseOnly(json), () => lintText(text, { fileName }).findings.length);
}

// ---- Fix-all on a CloudFormation template: each fix costs its statement, not the whole template.

const FIX_VALUES = { accountId: '111122223333', region: 'us-east-1', ruleSet: 'inbound', rule: 'store' };
const FIX_FORMATTING = { tabSize: 2, insertSpaces: true, eol: '\n' } as const;

function fixAllRowName(grants: number): string {
  return `fix-all vs lint, CloudFormation with ${grants} open grants`;
}

function fixAllRow(grants: number, target: number): Row {
  const text = templateWithOpenGrants(grants);
  const lint = (t: string) => lintText(t, { fileName: 'stack.yaml' });
  const before = lint(text).findings.length;
  const after = lint(fixAllPlainJson(text, FIX_VALUES, FIX_FORMATTING, lint)).findings.length;
  return comparedRow(
    fixAllRowName(grants),
    text,
    target,
    'x lint',
    () => {
      sink += lint(text).findings.length;
    },
    () => fixAllPlainJson(text, FIX_VALUES, FIX_FORMATTING, lint).length - text.length,
    (added) => `${before - after} of ${before} findings fixed, ${added} characters added`,
  );
}

// ---- Fix-all on hostile nesting: a value thousands deep beside the grant being fixed.

/** An open S3 grant, on one line, whose Condition holds a value nested `depth` deep next to where the fix inserts. */
function deeplyNestedPolicy(depth: number): string {
  const deep = '['.repeat(depth) + '"true"' + ']'.repeat(depth);
  const grant = '{"Sid":"AllowSESPuts","Effect":"Allow","Principal":{"Service":"ses.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::inbox-bucket/*"';
  return `{"Version":"2012-10-17","Statement":[${grant},"Condition":{"Bool":{"aws:SecureTransport":${deep}}}}]}`;
}

function deepFixAllRow(name: string, text: string, target: number): Row {
  const values = { accountId: '111122223333', region: 'us-east-1', ruleSet: 'inbound', rule: 'store' };
  const formatting = { tabSize: 2, insertSpaces: true, eol: '\n' as const };
  const fixed = fixAllPlainJson(text, values, formatting);
  const before = lintJsonText(text).findings.length;
  const after = lintJsonText(fixed).findings.length;
  const row = comparedRow(name, text, target, 'x lint', () => {
    sink += lintJsonText(text).findings.length;
  }, () => fixAllPlainJson(text, values, formatting).length);
  return { ...row, note: `${before} finding(s) before, ${after} after` };
}

/**
 * Fix-all through embeddings: a README of about `bytes` whose every `every`-th code block is an open bucket
 * policy under a list item; the rest prose and other languages. Each open block is fixed by its format and
 * written back at its indentation.
 */
function markdownWithOpenGrants(bytes: number, every: number): string {
  const open = (i: number) =>
    `- Bucket ${i}:\n\n  \`\`\`json\n  {\n    "Version": "2012-10-17",\n    "Statement": [\n      {\n        "Effect": "Allow",\n` +
    `        "Principal": { "Service": "ses.amazonaws.com" },\n        "Action": "s3:PutObject",\n        "Resource": "arn:aws:s3:::inbox-${i}/*"\n      }\n    ]\n  }\n  \`\`\`\n\n`;
  const prose = 'Mail for the team lands in the bucket below, and a function files it. See the [runbook](x).\n\n```js\nexport const handler = async () => {};\n```\n\n';
  const parts: string[] = ['# Buckets\n\n'];
  let size = parts[0]!.length;
  for (let i = 0; size < bytes; i++) {
    const part = i % every === 0 ? open(i) : prose;
    parts.push(part);
    size += part.length;
  }
  return parts.join('');
}

function embeddedFixAllRow(name: string, text: string, target: number): Row {
  const values = { accountId: '111122223333', region: 'us-east-1', ruleSet: 'inbound', rule: 'store' };
  const formatting = { tabSize: 2, insertSpaces: true, eol: '\n' as const };
  const hint = { fileName: 'README.md' };
  const before = lintText(text, hint).findings.length;
  const after = lintText(fixAllInFormat(text, hint, values, formatting), hint).findings.length;
  const row = comparedRow(name, text, target, 'x lint', () => {
    sink += lintText(text, hint).findings.length;
  }, () => fixAllInFormat(text, hint, values, formatting).length);
  return { ...row, note: `${before} finding(s) before, ${after} after` };
}

/**
 * A module of `policies` buckets whose policies are heredoc JSON, each open (no source condition): fix-all
 * fixes each inside its heredoc and writes it back, as many embedded policies as the file holds.
 */
function terraformWithOpenHeredocs(policies: number): string {
  const parts: string[] = [];
  for (let i = 0; i < policies; i++) {
    parts.push(`resource "aws_s3_bucket_policy" "inbox${i}" {
  bucket = aws_s3_bucket.inbox${i}.id
  policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "AllowSESPuts",
          "Effect": "Allow",
          "Principal": { "Service": "ses.amazonaws.com" },
          "Action": "s3:PutObject",
          "Resource": "arn:aws:s3:::inbox-${i}/*"
        }
      ]
    }
  EOF
}

`);
  }
  return parts.join('');
}

function terraformFixAllRowName(policies: number): string {
  return `fix-all vs lint, Terraform with ${policies} open heredoc policies`;
}

function terraformFixAllRow(policies: number, target: number): Row {
  const text = terraformWithOpenHeredocs(policies);
  const hint = { fileName: 'main.tf' };
  const before = lintText(text, hint).findings.length;
  const after = lintText(fixAllInFormat(text, hint, FIX_VALUES, FIX_FORMATTING), hint).findings.length;
  const row = comparedRow(terraformFixAllRowName(policies), text, target, 'x lint', () => {
    sink += lintText(text, hint).findings.length;
  }, () => fixAllInFormat(text, hint, FIX_VALUES, FIX_FORMATTING).length);
  return { ...row, note: `${before} finding(s) before, ${after} after` };
}

// ---- CLI throughput.

const CLI = join(REPO_ROOT, 'dist', 'cli.js');

/** `threads`: SES_GRANTS_THREADS for the run (undefined: the CLI's own choice: one thread below 8,000 files or four cores). */
function runCli(dir: string, threads?: string, nodeOptions: readonly string[] = []): { ms: number; status: number | null; stdout: string } {
  const env = { ...process.env };
  if (threads === undefined) delete env['SES_GRANTS_THREADS'];
  else env['SES_GRANTS_THREADS'] = threads;
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [...nodeOptions, CLI, 'lint', dir, '--format', 'json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env });
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, status: result.status, stdout: result.stdout };
}

/** The CLI lints when it exits 0/1 with a JSON array on stdout; anything else means `lint` is not there yet. */
function cliLints(dir: string): boolean {
  if (!existsSync(CLI)) return false;
  const { status, stdout } = runCli(dir);
  if (status !== 0 && status !== 1) return false;
  try {
    return Array.isArray(JSON.parse(stdout));
  } catch {
    return false;
  }
}

function cliRowName(files: number): string {
  return `CLI lint, ${files} small files`;
}

/** Runs `measure` on a folder of `files` small policies and a folder holding the first of them alone. */
function withPolicyFolders(files: number, measure: (many: string, one: string) => Row): Row {
  const root = mkdtempSync(join(tmpdir(), 'ses-grants-bench-'));
  try {
    const many = join(root, 'many');
    const one = join(root, 'one');
    mkdirSync(many);
    mkdirSync(one);
    const random = prng(files);
    for (let i = 0; i < files; i++) {
      const text = JSON.stringify({ Version: '2012-10-17', Statement: [statement(i, random), statement(i + files, random)] }, null, 2);
      writeFileSync(join(many, `policy-${String(i).padStart(4, '0')}.json`), text);
      if (i === 0) writeFileSync(join(one, 'policy-0000.json'), text);
    }
    return measure(many, one);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Median wall time of 5 runs of the CLI on `dir`, after one that warms the file cache and the OS's caches. */
function sampleCli(dir: string, threads?: string): number {
  runCli(dir, threads);
  return median([runCli(dir, threads).ms, runCli(dir, threads).ms, runCli(dir, threads).ms, runCli(dir, threads).ms, runCli(dir, threads).ms]);
}

/** Rounds of the CLI row: each runs the CLI on the one-file folder and on the many-file folder, in turn. */
const CLI_ROUNDS = 15;

/**
 * Files per second with the start-up subtracted, per round: the one-file and the many-file folder run back to
 * back (the order swapped every round), so that both halves of a round see the same load, and the row is the
 * median of the rounds' rates. Two medians of separate runs (the row's first form) subtracted one noisy number
 * from another: start-up alone moved 184–271 ms between runs here, and the row ±30% with it.
 */
function cliRow(files: number, target: number): Row {
  const name = cliRowName(files);
  return withPolicyFolders(files, (many, one) => {
    if (!cliLints(one)) {
      return { name, bytes: 0, lintMs: undefined, baselineMs: undefined, value: undefined, unit: 'files/s', target: `>= ${target}`, status: 'n/a', note: 'dist/cli.js does not lint yet' };
    }
    // Warm the file cache and the OS's caches for both folders.
    runCli(one);
    runCli(many);
    const startups: number[] = [];
    const totals: number[] = [];
    const rates: number[] = [];
    for (let round = 0; round < CLI_ROUNDS; round++) {
      let startupMs: number;
      let manyMs: number;
      if (round % 2 === 0) {
        startupMs = runCli(one).ms;
        manyMs = runCli(many).ms;
      } else {
        manyMs = runCli(many).ms;
        startupMs = runCli(one).ms;
      }
      startups.push(startupMs);
      totals.push(manyMs);
      rates.push((files - 1) / ((manyMs - startupMs) / 1000));
    }
    const perSecond = median(rates);
    // A count that the machine's load does not move, beside the wall time that it does.
    const scavenges = scavengesOf(many);
    return {
      name,
      bytes: 0,
      lintMs: median(totals),
      baselineMs: median(startups),
      value: perSecond,
      unit: 'files/s',
      target: `>= ${target}`,
      status: perSecond >= target ? 'PASS' : 'MISS',
      note: `median of ${CLI_ROUNDS} rounds' rates, start-up (${Math.min(...startups).toFixed(0)}–${Math.max(...startups).toFixed(0)} ms) subtracted in each; ${scavenges} scavenges (--trace-gc)`,
      spread: spreadOf(rates),
    };
  });
}

/** Young-generation collections of one run over `dir` (V8's --trace-gc lines), in the main thread. */
function scavengesOf(dir: string): number {
  return runCli(dir, '1', ['--trace-gc']).stdout.split('\n').filter((line) => line.includes('Scavenge')).length;
}

function cliPoolRowName(files: number): string {
  return `CLI lint, ${files} small files, one thread vs worker pool`;
}

/** Wall time with SES_GRANTS_THREADS=1 / with one thread per core (the worker pool forced): the speed-up. */
function cliPoolRow(files: number, target: number): Row {
  const name = cliPoolRowName(files);
  return withPolicyFolders(files, (many) => {
    const oneThreadMs = sampleCli(many, '1');
    const poolMs = sampleCli(many, String(availableParallelism()));
    const speedUp = oneThreadMs / poolMs;
    return {
      name,
      bytes: 0,
      lintMs: oneThreadMs,
      baselineMs: poolMs,
      value: speedUp,
      unit: 'x pool',
      target: `>= ${target}`,
      status: speedUp >= target ? 'PASS' : 'MISS',
      note: `pool ${((files / poolMs) * 1000).toFixed(0)} files/s, one thread ${((files / oneThreadMs) * 1000).toFixed(0)} files/s (start-up included), ${availableParallelism()} cores`,
    };
  });
}

// ---- CLI memory: peak resident memory over a folder holding one large policy.

function cliMemoryRowName(megabytes: number): string {
  return `CLI peak RSS, folder with a ${megabytes} MB policy`;
}

/**
 * Peak RSS of `ses-grants lint <dir> --format json` over a folder with one policy of about `megabytes` MB and a
 * few small ones, as a multiple of the largest file. The process reports its own peak (`resourceUsage().maxRSS`)
 * as it exits, through a preloaded script: the CLI's code is what dist/ ships. Median of 3 runs.
 */
function cliMemoryRow(megabytes: number, target: number): Row {
  const name = cliMemoryRowName(megabytes);
  const root = mkdtempSync(join(tmpdir(), 'ses-grants-bench-rss-'));
  try {
    const folder = join(root, 'policies');
    mkdirSync(folder);
    const large = policyOfSize(megabytes * 1_000_000);
    writeFileSync(join(folder, 'large.json'), large);
    const random = prng(megabytes);
    for (let i = 0; i < 10; i++) writeFileSync(join(folder, `small-${i}.json`), JSON.stringify({ Version: '2012-10-17', Statement: [statement(i, random)] }, null, 2));
    const bytes = Buffer.byteLength(large);
    const report = join(root, 'max-rss');
    const preload = join(root, 'report-rss.js');
    writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, String(process.resourceUsage().maxRSS * 1024)));\n`);
    const samples: number[] = [];
    for (let run = 0; run < 3; run++) {
      const result = spawnSync(process.execPath, ['--require', preload, CLI, 'lint', folder, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
      if (result.status !== 0 && result.status !== 1) throw new Error(`the CLI failed on the large policy: ${result.stderr}`);
      samples.push(Number(readFileSync(report, 'utf8')));
    }
    const peak = median(samples);
    const inMegabytes = (value: number) => (value / 1e6).toFixed(0);
    const note = `peak RSS ${inMegabytes(peak)} MB (median of 3; min ${inMegabytes(Math.min(...samples))}, max ${inMegabytes(Math.max(...samples))})`;
    return measuredRow(name, bytes, peak / bytes, 'x largest file', target, note);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

// ---- Report.

function formatBytes(bytes: number): string {
  if (bytes === 0) return '';
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  if (bytes >= 1_000) return `${(bytes / 1_000).toFixed(1)} KB`;
  return `${bytes} B`;
}

function printTable(rows: readonly Row[]): void {
  const header = ['case', 'size', 'lint ms', 'base ms', 'result', 'target', 'status', 'rounds: min [p25-p75] max', 'note'];
  const cells = rows.map((r) => [
    r.name,
    formatBytes(r.bytes),
    r.lintMs === undefined ? 'n/a' : r.lintMs.toFixed(3),
    r.baselineMs === undefined ? 'n/a' : r.baselineMs.toFixed(3),
    r.value === undefined ? 'n/a' : r.unit === 'files/s' ? `${r.value.toFixed(0)} files/s` : r.unit === 'ms' ? `${r.value.toFixed(1)} ms` : r.unit === 'x largest file' ? `${r.value.toFixed(2)}x file` : `${r.value.toFixed(3)}x`,
    r.target,
    r.status,
    r.spread ? `${r.spread.rounds}: ${r.spread.min.toFixed(2)} [${r.spread.p25.toFixed(2)}-${r.spread.p75.toFixed(2)}] ${r.spread.max.toFixed(2)}` : '',
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: readonly string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const c of cells) console.log(line(c));
  console.log('in-process rows time the linter as shipped: this benchmark is bundled with the settings of dist/ (one minified scope), not out/\'s per-file transpile.');
  console.log('lint/base ms: CPU time of lintJsonText (lintText for templates, Terraform, Markdown and shell) / of the baseline parse alone on the same text (median of the samples, after at least 1.5 s of CPU of warm-up on each side);');
  console.log(`  ratio rows: ${roundsFor(0)} rounds (${roundsFor(5_000_000)} from 5 MB), one sample of each side per round, the order swapped every round, each sample from a collected heap`);
  console.log(`  and about ${SAMPLE_CPU_MS} ms of CPU long; the result is the median of the rounds' ratios (not lint ms / base ms), their spread beside it.`);
  console.log('  for Terraform the baseline is tree-sitter\'s parse (and tree.delete) alone on the same text;');
  console.log('  for Markdown and shell the baseline is parseTree on a policy JSON file of the same size (on their own bytes it stops after the first value).');
  console.log('fix-all row: CPU time of fixAllPlainJson / of one lint of the same template (it lints at least twice: before and after its round).');
  console.log('  in the fix-all row on a deeply nested policy, CPU time of fixAllPlainJson / of lintJsonText on the same text;');
  console.log('  in the Markdown fix-all row, CPU time of fixAllInFormat (every open block fixed and written back) / of lintText.');
  console.log('  in the Terraform fix-all rows, CPU time of fixAllInFormat (every heredoc policy fixed and written back) / of lintText.');
  console.log('CLI row: wall time of `lint <dir> --format json` over all files / over one file (start-up), median of 5.');
  console.log('CLI pool row: wall time of `lint <dir> --format json` with SES_GRANTS_THREADS=1 / with one thread per core (the pool forced), median of 5 each.');
  console.log('CLI peak RSS row: the process\'s own peak resident memory (resourceUsage().maxRSS) / the size of the largest file, median of 3.');
  console.log(`load average while measuring: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
}

/** Every row, measured in this order; `--only <text>` measures the rows whose name contains the text. */
function plannedRows(): { readonly name: string; readonly measure: () => Row }[] {
  const planned: { name: string; measure: () => Row }[] = [];
  for (const [label, bytes] of [['1 KB', 1_000], ['100 KB', 100_000], ['1 MB', 1_000_000], ['10 MB', 10_000_000]] as const) {
    const name = `lint vs parseTree, policy ${label}`;
    planned.push({ name, measure: () => ratioRow(name, policyOfSize(bytes), 1.2) });
  }
  const prefilter = 'lint vs parseTree, 10 MB without SES';
  planned.push({ name: prefilter, measure: () => ratioRow(prefilter, genericDataOfSize(10_000_000), 0.1) });
  for (const [label, bytes] of [['1 MB', 1_000_000], ['5 MB', 5_000_000]] as const) {
    const name = `lint vs yaml parse, CloudFormation ${label}`;
    planned.push({ name, measure: () => templateRow(name, templateOfSize(bytes), 0.5) });
  }
  const configuration = 'lint vs yaml parse, 1 MB YAML that is no template';
  planned.push({ name: configuration, measure: () => templateRow(configuration, configurationYamlOfSize(1_000_000), 0.1) });
  const grants = 500;
  planned.push({ name: fixAllRowName(grants), measure: () => fixAllRow(grants, 3) });
  for (const [name, text, fileName, target] of [
    ['lint vs parseTree, Markdown 1 MB, 2 000 blocks', () => markdownOfSize(1_000_000, 2_000), 'README.md', 1.5],
    ['lint vs parseTree, shell script 1 MB', () => shellScriptOfSize(1_000_000), 'deploy.sh', 1.5],
    ['lint vs parseTree, 10 MB Markdown without SES', () => markdownWithoutSes(10_000_000), 'docs.md', 0.1],
  ] as const) {
    planned.push({ name, measure: () => embeddedRow(name, text(), fileName, target) });
  }
  for (const [label, bytes] of [['100 KB', 100_000], ['1 MB', 1_000_000]] as const) {
    const name = `lint vs tree-sitter parse, Terraform ${label}`;
    planned.push({ name, measure: () => terraformRow(name, terraformOfSize(bytes), 1.5) });
  }
  const terraformLoad = 'Terraform parser load (WebAssembly, once per process)';
  planned.push({ name: terraformLoad, measure: () => terraformInitRow(terraformLoad, 100) });
  for (const policies of [50, 200]) planned.push({ name: terraformFixAllRowName(policies), measure: () => terraformFixAllRow(policies, 10) });
  const markdownFixAll = 'fix-all vs lint, Markdown 1 MB, one block in 37 open';
  planned.push({ name: markdownFixAll, measure: () => embeddedFixAllRow(markdownFixAll, markdownWithOpenGrants(1_000_000, 37), 20) });
  const deep = 'fix-all vs lint, policy nested 10 000 deep';
  planned.push({ name: deep, measure: () => deepFixAllRow(deep, deeplyNestedPolicy(10_000), 3) });
  planned.push({ name: cliRowName(1000), measure: () => cliRow(1000, 4000) });
  planned.push({ name: cliPoolRowName(1000), measure: () => cliPoolRow(1000, 1.3) });
  planned.push({ name: cliMemoryRowName(50), measure: () => cliMemoryRow(50, 6) });
  return planned;
}

async function main(): Promise<void> {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  // The Terraform rows lint in this process; the parser's own load is timed in fresh ones (terraformInitRow).
  await initTerraformInNode();
  const rows: Row[] = [];
  for (const { name, measure } of plannedRows()) {
    if (only !== undefined && !name.includes(only)) continue;
    rows.push(measure());
    console.error(`measured ${name}`);
  }
  printTable(rows);
  const resultsDir = join(REPO_ROOT, '.bench');
  mkdirSync(resultsDir, { recursive: true });
  // checksum: what the timed calls returned, kept so that no engine can skip the work.
  const results = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, loadAverage: loadavg(), timing: 'CPU ms (in-process rows), wall ms (CLI row)', checksum: sink, rows };
  writeFileSync(join(resultsDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  console.log('results written to .bench/results.json');
}

/** `node out/test/bench/bench.js --write-inputs` leaves the generated inputs in .bench/ for profiling. */
function writeInputs(): void {
  const dir = join(REPO_ROOT, '.bench');
  mkdirSync(dir, { recursive: true });
  for (const bytes of [1_000, 100_000, 1_000_000, 10_000_000]) writeFileSync(join(dir, `policy-${bytes}.json`), policyOfSize(bytes));
  writeFileSync(join(dir, 'generic-10000000.json'), genericDataOfSize(10_000_000));
  for (const bytes of [100_000, 1_000_000]) writeFileSync(join(dir, `terraform-${bytes}.tf`), terraformOfSize(bytes));
  writeFileSync(join(dir, 'markdown-1000000.md'), markdownOfSize(1_000_000, 2_000));
  writeFileSync(join(dir, 'script-1000000.sh'), shellScriptOfSize(1_000_000));
  writeFileSync(join(dir, 'markdown-without-ses-10000000.md'), markdownWithoutSes(10_000_000));
}

if (process.argv.includes('--write-inputs')) writeInputs();
else {
  main().catch((error: unknown) => {
    console.error((error as Error)?.stack ?? String(error));
    process.exitCode = 1;
  });
}
