import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/service';
import { AnalysisWorker, type OffThreadOutcome, type QueryOutcome } from '../../src/extension/offThread/analysisWorker';
import { fixAllPlan, hoverPlan, quickFixPlans, type FixRequestSettings } from '../../src/extension/featurePlans';
import { grantDefaultsPlan, grantInsertPlan } from '../../src/extension/grantPlans';
import type { FeatureAnswer } from '../../src/extension/offThread/protocol';
import { diagnosticPlansOf, type DiagnosticPlan } from '../../src/extension/diagnosticPlans';
import { localizedMessage } from '../../src/policy/messages.ja';
import { listFixtures, type Fixture } from '../support/fixtures';
import { REPO_ROOT } from '../support/paths';

/**
 * The editor's analysis worker (src/extension/offThread) outside the editor: the real extension bundle
 * (dist/extension.js, as the build writes it) in a real worker thread, as the Node extension host runs it.
 * The extension-host suite test/vscode/suite/offThread.test.ts checks the same in both of VS Code's hosts.
 */
const BUNDLE = join(REPO_ROOT, 'dist', 'extension.js');
const errors: string[] = [];
const worker = new AnalysisWorker(() => Promise.resolve(readFileSync(BUNDLE, 'utf8')), (message) => errors.push(message));
after(() => worker.dispose());

/** The formats the editor sends to the worker: everything but Terraform, whose parser stays on the thread. */
const FIXTURES: Fixture[] = [
  ...listFixtures('rules', ['.json', '.jsonc']),
  ...listFixtures('templates', ['.json', '.yaml', '.yml', '.template']),
  ...['shell', 'markdown', 'strings'].flatMap((embedding) => listFixtures(`${embedding}/rules`, ['.json', '.yaml', '.sh', '.md'])),
  ...listFixtures('negatives', ['.json', '.jsonc', '.yaml', '.sh', '.md']),
];

function hintOf(fixture: Fixture) {
  return { fileName: fixture.path };
}

function read(outcome: OffThreadOutcome) {
  assert.equal(outcome.kind, 'read', `the worker read the text (${outcome.kind})`);
  return outcome.kind === 'read' ? outcome.reading : { diagnostics: [] };
}

const policy = FIXTURES.find((fixture) => fixture.expected.length > 0 && fixture.path.endsWith('.json'))!;
/** What the thread shows for the policy: its findings' diagnostics in English. */
const POLICY_DIAGNOSTICS = plansOnThread(policy.text, hintOf(policy), 'en');

function plansOnThread(text: string, hint: { fileName: string }, locale: string): DiagnosticPlan[] {
  return diagnosticPlansOf(text, analyze(text, hint).result.findings, locale);
}

/** VS Code's `positionAt`, written plainly: lines split at `\r\n`, `\r` and `\n`; an offset inside a line break at its line's end. */
function positionAtAsVsCode(text: string, offset: number): [number, number] {
  let line = 0;
  let start = 0;
  for (const lineBreak of text.matchAll(/\r\n|\r|\n/g)) {
    const next = lineBreak.index + lineBreak[0].length;
    if (next > offset) return [line, Math.min(offset, lineBreak.index) - start];
    line++;
    start = next;
  }
  return [line, Math.min(offset, text.length) - start];
}

/**
 * The texts each fixture is read as: itself in English and in Japanese, with CRLF line ends, and with astral
 * characters (two UTF-16 code units each) before its findings on their lines (Sid values, and the text after
 * a one-line policy's first string).
 */
function variantsOf(text: string): { readonly text: string; readonly locale: string; readonly variant: string }[] {
  return [
    { text, locale: 'en', variant: 'as is' },
    { text, locale: 'ja', variant: 'as is, ja' },
    { text: text.replace(/\r?\n/g, '\r\n'), locale: 'ja', variant: 'CRLF, ja' },
    { text: text.replace(/("Sid"\s*:\s*"|Sid:\s*|"Version"\s*:\s*")/g, '$1\u{1F4E8}\u{1D11E}'), locale: 'en', variant: 'astral' },
  ];
}

/** Policies whose findings sit after astral characters on their line, and after `\r\n` and lone `\r` line ends. */
const PLACED: readonly string[] = [
  '{"Version": "2012-10-17", "Statement": [{"Sid": "\u{1F4E8}\u{1F4E8}", "Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::mail-\u{1F4E8}/*"}]}',
  '{\r\n  "Version": "2012-10-17",\r\n  "Statement": [\r\n    {"Sid": "\u{1D11E}", "Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"},\r\n     "Action": "s3:PutObject", "Resource": "arn:aws:s3:::mail/*"}\r\n  ]\r\n}\r\n',
  '{\r  "Version": "2012-10-17",\r  "Statement": {"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::mail/*"}\r}',
];

test("the worker's diagnostics are the thread's on every fixture (en and ja, CRLF, astral characters), placed as VS Code places offsets", { timeout: 600_000 }, async () => {
  assert.ok(FIXTURES.length > 500, `fixtures of every format (${FIXTURES.length})`);
  const sentBack: string[] = [];
  const placed = { afterAstral: 0, afterCrlf: 0, japanese: 0 };
  const texts = [...FIXTURES.flatMap((fixture) => variantsOf(fixture.text).map((variant) => ({ ...variant, name: `${fixture.name} (${variant.variant})`, hint: hintOf(fixture) }))), ...PLACED.flatMap((text, i) => variantsOf(text).map((variant) => ({ ...variant, name: `placed ${i} (${variant.variant})`, hint: { fileName: 'policy.json' } })))];
  for (const { text, locale, name, hint } of texts) {
    const outcome = await worker.analyze(name, { version: 1, languageId: 'json', locale, text, hint });
    const onThread = analyze(text, hint).result;
    if (onThread.parserLoading) {
      // Terraform code blocks in Markdown: only the extension host loads the Terraform parser.
      assert.deepEqual(outcome, { kind: 'onThread' }, name);
      sentBack.push(name);
      continue;
    }
    const { diagnostics } = read(outcome);
    worker.forget(name);
    assert.deepEqual(diagnostics, diagnosticPlansOf(text, onThread.findings, locale), name);
    // The thread's (and so the worker's) are the findings, placed by VS Code's rule and worded in the locale.
    const expected = onThread.findings.map((finding) => ({
      id: finding.id,
      severity: finding.severity,
      message: localizedMessage(finding, locale),
      range: [...positionAtAsVsCode(text, finding.span.offset), ...positionAtAsVsCode(text, finding.span.offset + finding.span.length)],
    }));
    assert.deepEqual(diagnostics, expected, name);
    for (const { range, message } of diagnostics) {
      const lines = text.split(/\r\n|\r|\n/);
      const astralBefore = (line: number, character: number) => /[\u{10000}-\u{10FFFF}]/u.test(lines[line]!.slice(0, character));
      if (astralBefore(range[0], range[1]) || astralBefore(range[2], range[3])) placed.afterAstral++;
      if (range[0] > 0 && text.includes('\r')) placed.afterCrlf++;
      if (/[\u3040-\u30ff]/.test(message)) placed.japanese++;
    }
  }
  assert.ok(placed.afterAstral > 10 && placed.afterCrlf > 100 && placed.japanese > 100, `the variants place diagnostics where they differ (${JSON.stringify(placed)})`);
  assert.ok(sentBack.every((name) => name.startsWith('markdown') && name.includes('-terraform.md')), sentBack.join(', '));
  assert.deepEqual(errors, []);
});

test('a newer request for a document ends the older one still running, even one that never finishes', { timeout: 30_000 }, async () => {
  worker.setTimeoutMs(120_000);
  try {
    worker.troubleNextJob('hang');
    const older = worker.analyze('doc', { version: 1, languageId: 'json', locale: 'en', text: policy.text, hint: hintOf(policy) });
    await new Promise((resolve) => setImmediate(resolve)); // the hanging job is posted to the worker
    assert.equal(worker.stats().running, 'doc');
    const cancelledBefore = worker.stats().cancelled;
    const newer = worker.analyze('doc', { version: 1, languageId: 'json', locale: 'en', text: policy.text, hint: hintOf(policy) });
    assert.deepEqual(await older, { kind: 'cancelled' });
    assert.deepEqual(read(await newer).diagnostics, POLICY_DIAGNOSTICS);
    assert.equal(worker.stats().cancelled, cancelledBefore + 1);
  } finally {
    worker.setTimeoutMs(undefined);
  }
});

test('a queued request for another document waits its turn; one for the same document replaces it', async () => {
  worker.troubleNextJob('hang');
  worker.setTimeoutMs(120_000);
  try {
    const hanging = worker.analyze('busy', { version: 1, languageId: 'json', locale: 'en', text: policy.text, hint: hintOf(policy) });
    const first = worker.analyze('queued', { version: 1, languageId: 'json', locale: 'en', text: '{}', hint: { languageId: 'json' } });
    const second = worker.analyze('queued', { version: 1, languageId: 'json', locale: 'en', text: policy.text, hint: hintOf(policy) });
    assert.deepEqual(await first, { kind: 'cancelled' });
    worker.forget('busy');
    assert.deepEqual(await hanging, { kind: 'cancelled' });
    assert.deepEqual(read(await second).diagnostics, POLICY_DIAGNOSTICS);
  } finally {
    worker.setTimeoutMs(undefined);
  }
});

test('a worker that crashes is restarted, the text read again and the crash logged', async () => {
  const restarts = worker.stats().restarts;
  worker.troubleNextJob('crash');
  const { diagnostics } = read(await worker.analyze('crashing', { version: 1, languageId: 'json', locale: 'en', text: policy.text, hint: hintOf(policy) }));
  assert.deepEqual(diagnostics, POLICY_DIAGNOSTICS);
  assert.equal(worker.stats().restarts, restarts + 1);
  assert.match(errors.at(-1) ?? '', /analysis worker stopped: .*crash requested by a test/s);
});

test('a worker that hangs is restarted after the timeout, the text read again and the hang logged', { timeout: 30_000 }, async () => {
  const restarts = worker.stats().restarts;
  worker.setTimeoutMs(3_000);
  try {
    worker.troubleNextJob('hang');
    const { diagnostics } = read(await worker.analyze('hanging', { version: 1, languageId: 'json', locale: 'en', text: policy.text, hint: hintOf(policy) }));
    assert.deepEqual(diagnostics, POLICY_DIAGNOSTICS);
  } finally {
    worker.setTimeoutMs(undefined);
  }
  assert.equal(worker.stats().restarts, restarts + 1);
  assert.match(errors.at(-1) ?? '', /did not answer within 3000 ms; it is restarted and the document analysed again/);
});

test('a worker that dies twice on a text, or cannot start, sends the text back to the thread', async () => {
  const broken: string[] = [];
  const dying = new AnalysisWorker(() => Promise.resolve('throw new Error("a bundle that cannot load")'), (message) => broken.push(message));
  try {
    assert.deepEqual(await dying.analyze('doc', { version: 1, languageId: 'json', locale: 'en', text: policy.text, hint: hintOf(policy) }), { kind: 'onThread' });
    assert.equal(dying.stats().restarts, 2);
    assert.match(broken.at(-1) ?? '', /a bundle that cannot load.*analysed on the extension host's thread/s);
  } finally {
    dying.dispose();
  }
  const missing = new AnalysisWorker(() => Promise.reject(new Error('no bundle')), (message) => broken.push(message));
  assert.deepEqual(await missing.analyze('doc', { version: 1, languageId: 'json', locale: 'en', text: policy.text, hint: hintOf(policy) }), { kind: 'onThread' });
  assert.match(broken.at(-1) ?? '', /cannot start.*no bundle/s);
  missing.dispose();
});

test('a worker left without work stops, and the next text starts another', async () => {
  const idle = new AnalysisWorker(() => Promise.resolve(readFileSync(BUNDLE, 'utf8')), (message) => errors.push(message), 200);
  try {
    assert.deepEqual(read(await idle.analyze('doc', { version: 1, languageId: 'json', locale: 'en', text: policy.text, hint: hintOf(policy) })).diagnostics, POLICY_DIAGNOSTICS);
    assert.equal(idle.stats().started, true);
    const deadline = Date.now() + 10_000;
    while (idle.stats().started && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(idle.stats().started, false, 'stopped after 200 ms without work');
    assert.deepEqual(read(await idle.analyze('doc', { version: 1, languageId: 'json', locale: 'en', text: policy.text, hint: hintOf(policy) })).diagnostics, POLICY_DIAGNOSTICS);
    assert.equal(idle.stats().restarts, 0, 'stopping when idle is no failure');
  } finally {
    idle.dispose();
  }
});

/** The questions of quick fixes, hover and fix-all, in English and Japanese, with and without values from the settings. */
const SETTINGS: readonly FixRequestSettings[] = [
  { settingValues: {}, formatting: { tabSize: 2, insertSpaces: true, eol: '\n' }, locale: 'en' },
  { settingValues: { accountId: '444455556666', region: 'eu-west-1', ruleSet: 'mail', rule: 'inbound', anyRule: false }, formatting: { tabSize: 4, insertSpaces: false, eol: '\r\n' }, locale: 'ja' },
];

function answered(outcome: QueryOutcome): FeatureAnswer {
  assert.equal(outcome.kind, 'answered', `the worker answered (${outcome.kind})`);
  return outcome.kind === 'answered' ? outcome.answer : { kind: 'hover', hover: undefined };
}

test('the worker answers quick fixes, hover and fix-all about the version it read, as the thread does', { timeout: 300_000 }, async () => {
  let asked = 0;
  const errorsBefore = errors.length;
  for (const [index, fixture] of FIXTURES.entries()) {
    const onThread = analyze(fixture.text, hintOf(fixture));
    if (onThread.result.parserLoading || onThread.result.findings.length === 0) continue;
    const uri = `fixture:${fixture.path}`;
    read(await worker.analyze(uri, { version: 1, languageId: 'json', locale: 'en', text: fixture.text, hint: hintOf(fixture) }));
    const settings = SETTINGS[index % SETTINGS.length]!;
    // Every finding, and one that is not there (the diagnostics of an older version): undefined in its place.
    const targets = [...onThread.result.findings.map((f) => ({ id: f.id, offset: f.span.offset, length: f.span.length })), { id: 'no-such-finding', offset: 0, length: 1 }];
    const version = { version: 1, languageId: 'json' };
    const length = fixture.text.length;
    assert.deepEqual(answered(await worker.ask(uri, { ...version, query: { kind: 'codeActions', targets, settings } }, length)), { kind: 'codeActions', plans: quickFixPlans(onThread, targets, settings) }, fixture.name);
    const fixAll = { kind: 'fixAll', settingValues: settings.settingValues, formatting: settings.formatting } as const;
    assert.deepEqual(answered(await worker.ask(uri, { ...version, query: fixAll }, length)), { kind: 'fixAll', replacement: fixAllPlan(onThread, settings.settingValues, settings.formatting) }, fixture.name);
    // The hover at each finding and inside each quoted word of the first lines (condition keys, ARNs, actions).
    const offsets = [...onThread.result.findings.map((f) => f.span.offset + 1), ...[...fixture.text.slice(0, 2000).matchAll(/"[^"\n]+"/g)].map((m) => m.index + 2)];
    for (const offset of offsets) {
      const hover = answered(await worker.ask(uri, { ...version, query: { kind: 'hover', offset, locale: settings.locale } }, length));
      assert.deepEqual(hover, { kind: 'hover', hover: hoverPlan(onThread, offset, settings.locale) }, `${fixture.name} at ${offset}`);
    }
    worker.forget(uri);
    asked++;
  }
  assert.ok(asked > 300, `fixtures with findings asked about (${asked})`);
  assert.deepEqual(errors.slice(errorsBefore), []);
});

test('a question about a version the worker does not hold (another, forgotten, or read by a worker since stopped) is not answered', async () => {
  const version = (n: number) => ({ version: n, languageId: 'json', locale: 'en', text: policy.text, hint: hintOf(policy) });
  const hover = { kind: 'hover', offset: 1, locale: 'en' } as const;
  const outcome = await worker.analyze('held', version(2));
  assert.equal(outcome.kind === 'read' && worker.workerHolds(outcome.worker), true);
  assert.deepEqual(await worker.ask('held', { version: 1, languageId: 'json', query: hover }, policy.text.length), { kind: 'gone' });
  assert.deepEqual(await worker.ask('held', { version: 2, languageId: 'yaml', query: hover }, policy.text.length), { kind: 'gone' });
  assert.equal((await worker.ask('held', { version: 2, languageId: 'json', query: hover }, policy.text.length)).kind, 'answered');
  worker.forget('held');
  assert.deepEqual(await worker.ask('held', { version: 2, languageId: 'json', query: hover }, policy.text.length), { kind: 'gone' });
});

test('a newer version drops the questions still queued about an older one (their answers would be of no use), not those about itself', async () => {
  const version = (n: number) => ({ version: n, languageId: 'json', locale: 'en', text: policy.text, hint: hintOf(policy) });
  const hover = { kind: 'hover', offset: 1, locale: 'en' } as const;
  const cancelledBefore = worker.stats().cancelled;
  // Another document's reading keeps the worker busy while the questions and the newer version queue.
  const busy = worker.analyze('busy', version(1));
  const older = worker.ask('queued', { version: 1, languageId: 'json', query: hover }, policy.text.length);
  const newer = worker.analyze('queued', version(2));
  const aboutNewer = worker.ask('queued', { version: 2, languageId: 'json', query: hover }, policy.text.length);
  assert.deepEqual(await older, { kind: 'cancelled' });
  assert.equal((await busy).kind, 'read');
  assert.equal((await newer).kind, 'read');
  assert.equal((await aboutNewer).kind, 'answered');
  assert.equal(worker.stats().cancelled, cancelledBefore, 'no analysis was cancelled');
  worker.forget('busy');
  worker.forget('queued');
});

test('a worker that crashes or hangs on a question is restarted and the question sent to the thread, the analysis not read again', { timeout: 30_000 }, async () => {
  for (const trouble of ['crash', 'hang'] as const) {
    const outcome = await worker.analyze('asked', { version: 1, languageId: 'json', locale: 'en', text: policy.text, hint: hintOf(policy) });
    assert.equal(outcome.kind, 'read');
    const { restarts, read: reads } = worker.stats();
    worker.setTimeoutMs(3_000);
    try {
      worker.troubleNextJob(trouble);
      const codeActions = { kind: 'codeActions', targets: [], settings: SETTINGS[0]! } as const;
      assert.deepEqual(await worker.ask('asked', { version: 1, languageId: 'json', query: codeActions }, policy.text.length), { kind: 'onThread' });
    } finally {
      worker.setTimeoutMs(undefined);
    }
    assert.equal(worker.stats().restarts, restarts + 1, trouble);
    assert.equal(worker.stats().read, reads, `${trouble}: not read again`);
    assert.equal(outcome.kind === 'read' && worker.workerHolds(outcome.worker), false, `${trouble}: the new worker holds nothing`);
    assert.match(errors.at(-1) ?? '', /it is restarted and its question answered on the extension host's thread/);
  }
});

/**
 * Add SES Grant's questions, for every fixture the worker reads, every example and every insert fixture: its
 * defaults (with and without values from the settings) and the plan of a grant of each kind, with the
 * defaults' values and with every value given, in two layouts.
 */
const GRANT_KINDS = ['s3', 'kms', 'lambda', 'sns'] as const;
const GIVEN_VALUES = { accountId: '444455556666', region: 'eu-west-1', ruleSet: 'mail', rule: 'inbound', bucket: 'given-bucket', prefix: 'in/', functionName: 'given-function', topicArn: 'arn:aws:sns:eu-west-1:444455556666:given' };

function grantTexts(): { readonly name: string; readonly text: string; readonly hint: { readonly languageId?: string; readonly fileName?: string } }[] {
  const examples = readdirSync(join(REPO_ROOT, 'examples'), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(json|sh)$/.test(file) && !file.startsWith('.vscode'))
    .sort()
    .map((file) => join(REPO_ROOT, 'examples', file));
  const insertRoot = join(REPO_ROOT, 'test', 'fixtures', 'insert');
  const inserts = readdirSync(insertRoot)
    .sort()
    .flatMap((folder) => ['input.json', 'input.jsonc'].map((input) => join(insertRoot, folder, input)).filter((path) => existsSync(path)));
  return [...FIXTURES.map((fixture) => fixture.path), ...examples, ...inserts].map((path) => ({ name: path.slice(REPO_ROOT.length + 1), text: readFileSync(path, 'utf8'), hint: { fileName: path } }));
}

test("the worker answers Add SES Grant's defaults and plans about the version it read, as the thread does", { timeout: 600_000 }, async () => {
  const texts = grantTexts();
  assert.ok(texts.length > 500 && texts.some((t) => t.name.startsWith('examples')) && texts.some((t) => t.name.includes('fixtures/insert')), `fixtures, examples and inserts (${texts.length})`);
  const errorsBefore = errors.length;
  let planned = 0;
  for (const [index, { name, text, hint }] of texts.entries()) {
    const onThread = analyze(text, hint);
    if (onThread.result.parserLoading) continue;
    const uri = `grant:${name}`;
    read(await worker.analyze(uri, { version: 1, languageId: 'json', locale: 'en', text, hint }));
    const version = { version: 1, languageId: 'json' };
    const settings = SETTINGS[index % SETTINGS.length]!;
    const defaults = grantDefaultsPlan(onThread, settings.settingValues);
    assert.deepEqual(answered(await worker.ask(uri, { ...version, query: { kind: 'grantDefaults', settingValues: settings.settingValues } }, text.length)), { kind: 'grantDefaults', values: defaults }, name);
    for (const grant of GRANT_KINDS) {
      for (const values of [defaults, GIVEN_VALUES]) {
        const query = { kind: 'grantPlan', grant, values, formatting: settings.formatting } as const;
        const plan = grantInsertPlan(onThread, grant, values, settings.formatting);
        assert.deepEqual(answered(await worker.ask(uri, { ...version, query }, text.length)), { kind: 'grantPlan', plan }, `${name}: ${grant}`);
        planned++;
      }
    }
    worker.forget(uri);
  }
  assert.ok(planned > 4_000, `plans compared (${planned})`);
  assert.deepEqual(errors.slice(errorsBefore), []);
});

test('a worker that crashes or hangs on an Add SES Grant question is restarted and the question sent to the thread', { timeout: 30_000 }, async () => {
  for (const trouble of ['crash', 'hang'] as const) {
    assert.equal((await worker.analyze('granting', { version: 1, languageId: 'json', locale: 'en', text: policy.text, hint: hintOf(policy) })).kind, 'read');
    const { restarts } = worker.stats();
    worker.setTimeoutMs(3_000);
    try {
      worker.troubleNextJob(trouble);
      const query = { kind: 'grantPlan', grant: 's3', values: GIVEN_VALUES, formatting: SETTINGS[0]!.formatting } as const;
      assert.deepEqual(await worker.ask('granting', { version: 1, languageId: 'json', query }, policy.text.length), { kind: 'onThread' });
    } finally {
      worker.setTimeoutMs(undefined);
    }
    assert.equal(worker.stats().restarts, restarts + 1, trouble);
  }
});
