import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';
import { lintText, type FormatLintResult } from '../../src/formats';
import { RULES } from '../../src/policy/catalogue';
import { classify } from '../../src/policy/grant';
import type { Finding } from '../../src/policy/findings';
import type { GrantKind, Statement } from '../../src/policy/model';
import type { TreeNode } from '../../src/policy/tree';
import { listFixtures } from '../support/fixtures';
import { REPO_ROOT } from '../support/paths';
import { OracleInputError, simulateSes, type OracleOutcome } from './simulate';

/**
 * The linter and an independent IAM evaluator must agree on the confused deputy, fixture by fixture:
 * - the linter reports `<kind>-missing-source-conditions` ⇒ the evaluator lets SES acting for a foreign account in;
 * - the linter reports no source-restriction problem (no docs/rules id of error/warning severity) ⇒ the
 *   evaluator keeps SES acting for a foreign account out.
 * A grant that keeps out the receiving account too is dead, not safe: it is counted apart, not failed.
 * The fixture folders are read at run time, so new fixtures join the check as they land.
 */

const FORMATS = ['.json', '.jsonc', '.yaml', '.yml', '.template'];

/** docs/rules ids of error or warning severity: the linter's "this grant is not properly restricted". */
const SOURCE_PROBLEM_IDS = new Set(RULES.filter((r) => r.family === 'source' && r.severity !== 'info').map((r) => r.id));

/**
 * Findings whose concern lies outside what the evaluator sees. The verdict is still computed (it speaks about
 * the policy), but the case is listed so nobody reads the evaluator's answer as covering it.
 */
const OUTSIDE_THE_MODEL: Readonly<Record<string, string>> = {
  'sns-region-mismatch': 'SES needs the topic in the receipt rule\'s region; IAM has no notion of regions matching',
  'legacy-referer-only': 'the evaluator only simulates SES as the caller; a forged aws:Referer sent directly by an IAM user is outside that request',
  'legacy-referer-present': 'a forged aws:Referer from a direct caller is outside the SES request (harmless here: ANDed with modern keys)',
  'source-arn-not-receipt-rule': 'a sending-side grant: the evaluator is asked about receiving, which such a grant does not serve',
};

interface Candidate {
  readonly name: string;
  readonly path: string;
  readonly text: string;
}

/** `examples/` (if present) holds user-facing policies without expected files: walk it directly. */
function exampleFiles(): Candidate[] {
  const root = join(REPO_ROOT, 'examples');
  if (!existsSync(root)) return [];
  const found: Candidate[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (FORMATS.some((e) => entry.endsWith(e)) && !entry.endsWith('.expected.json')) {
        found.push({ name: relative(REPO_ROOT, path), path, text: readFileSync(path, 'utf8') });
      }
    }
  };
  walk(root);
  return found;
}

const CANDIDATES: Candidate[] = [
  ...listFixtures('rules', FORMATS).map((f) => ({ name: `test/fixtures/${f.name}`, path: f.path, text: f.text })),
  ...exampleFiles(),
];

type Outcome = 'agrees' | 'dead' | 'unmodelable';

interface Record_ {
  readonly name: string;
  readonly kind: GrantKind;
  readonly outcome: Outcome;
  readonly note: string;
}

const records: Record_[] = [];
const kindsPresent = new Set<GrantKind>();

function describe(outcome: OracleOutcome): string {
  return `own ${outcome.ownAccount}: ${outcome.own}, foreign ${outcome.foreignAccount}: ${outcome.foreign} (${outcome.request.action} on ${outcome.request.resource}, SourceArn ${outcome.request.sourceArn})`;
}

/**
 * One policy compared with the evaluator: for each kind it grants SES, the linter's ids (those of this policy
 * alone) against the evaluator's verdicts. `unmodelable` says why no verdict can be had.
 */
async function compare(name: string, ids: ReadonlySet<string>, kinds: readonly GrantKind[], policy: unknown, unmodelable: string | undefined): Promise<void> {
  const outside = [...ids].filter((id) => id in OUTSIDE_THE_MODEL).map((id) => `${id}: ${OUTSIDE_THE_MODEL[id]}`);
  for (const kind of kinds) {
    if (unmodelable) {
      records.push({ name, kind, outcome: 'unmodelable', note: unmodelable });
      continue;
    }
    let outcome: OracleOutcome;
    try {
      outcome = await simulateSes(policy, kind);
    } catch (error) {
      if (!(error instanceof OracleInputError)) throw error;
      records.push({ name, kind, outcome: 'unmodelable', note: error.message });
      continue;
    }
    const note = [describe(outcome), ...outside].join('; ');
    if (outcome.own === 'Denied') {
      records.push({ name, kind, outcome: 'dead', note });
      continue;
    }
    if (ids.has(`${kind}-missing-source-conditions`)) {
      assert.equal(
        outcome.foreign,
        'Allowed',
        `${name}: the linter reports ${kind}-missing-source-conditions but the evaluator keeps a foreign account out: ${note}`,
      );
    }
    const sourceProblems = [...ids].filter((id) => SOURCE_PROBLEM_IDS.has(id));
    if (sourceProblems.length === 0) {
      assert.equal(
        outcome.foreign,
        'Denied',
        `${name}: the linter finds the ${kind} grant properly restricted but the evaluator lets SES acting for a foreign account in: ${note}`,
      );
    }
    records.push({ name, kind, outcome: 'agrees', note });
  }
}

function grantKinds(statements: readonly Statement[]): GrantKind[] {
  return [...new Set(statements.map(classify).filter((g) => g.isSesGrant).flatMap((g) => g.kinds))];
}

for (const candidate of CANDIDATES) {
  // The policy itself is compared: what an inline suppression hides still counts.
  const lint = lintText(candidate.text, { fileName: candidate.path }, { strict: true, ignoreSuppressions: true });
  const kinds = grantKinds(lint.file?.statements ?? []);
  if (kinds.length === 0) continue;
  for (const kind of kinds) kindsPresent.add(kind);

  test(`oracle ${candidate.name}`, async () => {
    const ids = new Set(lint.findings.map((f) => f.id));
    // Deploy-time values (CloudFormation intrinsics, `${…}` text) have no value the evaluator could match.
    let unmodelable: string | undefined;
    if (lint.file?.allowsTemplateValues) unmodelable = 'template values (intrinsics, parameters) are only known at deploy time';
    else if (ids.has('unresolved-reference')) unmodelable = 'unresolved ${…} references stand for values only known elsewhere';
    const errors: ParseError[] = [];
    const policy: unknown = unmodelable ? undefined : parse(candidate.text, errors, { allowTrailingComma: true });
    await compare(candidate.name, ids, kinds, policy, unmodelable);
  });
}

/**
 * Grants written inside other formats (shell scripts, Markdown code blocks, JSON strings): each policy the
 * linter read is compared on its own, as the linter's model holds it (converted back to a JSON value), with
 * the findings that fall inside it. A shell variable or other computed value makes it unmodelable.
 */
interface ReadPolicy {
  readonly root: TreeNode;
  readonly findings: readonly Finding[];
  readonly statements: readonly Statement[];
  readonly templateValues: boolean;
}

function readPolicies(result: FormatLintResult): ReadPolicy[] {
  const nested = (result.documents ?? []).flatMap((document) => readPolicies(document.result));
  const file = result.file;
  if (!file) return nested;
  const roots = [
    ...file.documents.map((d) => ({ root: d.node as TreeNode, statements: d.statements })),
    ...file.statements.filter((s) => s.document === undefined).map((s) => ({ root: s.node as TreeNode, statements: [s] })),
  ];
  const within = (span: { offset: number; length: number }, root: TreeNode) => span.offset >= root.span.offset && span.offset + span.length <= root.span.offset + root.span.length;
  return [
    ...roots.map(({ root, statements }) => ({ root, statements, templateValues: file.allowsTemplateValues, findings: result.findings.filter((f) => within(f.span, root)) })),
    ...nested,
  ];
}

/** The JSON value a tree stands for (the last of repeated keys wins, as IAM reads them); undefined when a value is computed. */
function jsonOf(node: TreeNode): unknown {
  switch (node.type) {
    case 'token':
      throw new ComputedValue();
    case 'scalar':
      return node.value;
    case 'array':
      return node.items.map(jsonOf);
    case 'object':
      return Object.fromEntries(node.properties.map((p) => [p.key, jsonOf(p.value)]));
  }
}

class ComputedValue extends Error {}

const EMBEDDED_CANDIDATES = ['shell', 'markdown', 'strings'].flatMap((folder) =>
  listFixtures(`${folder}/rules`, ['.sh', '.md', '.json', '.yaml']).map((f) => ({ name: `test/fixtures/${f.name}`, path: f.path, text: f.text })),
);

for (const candidate of EMBEDDED_CANDIDATES) {
  const lint = lintText(candidate.text, { fileName: candidate.path }, { strict: true, ignoreSuppressions: true });
  readPolicies(lint).forEach((read, index) => {
    const kinds = grantKinds(read.statements);
    if (kinds.length === 0) return;
    for (const kind of kinds) kindsPresent.add(kind);
    test(`oracle ${candidate.name} #${index + 1}`, async () => {
      const ids = new Set(read.findings.map((f) => f.id));
      let policy: unknown;
      let unmodelable: string | undefined;
      if (read.templateValues) unmodelable = 'template values (intrinsics, parameters) are only known at deploy time';
      else if (ids.has('unresolved-reference')) unmodelable = 'unresolved ${…} references stand for values only known elsewhere';
      else {
        try {
          policy = jsonOf(read.root);
        } catch (error) {
          if (!(error instanceof ComputedValue)) throw error;
          unmodelable = 'shell variables stand for values only known when the script runs';
        }
      }
      await compare(`${candidate.name} #${index + 1}`, ids, kinds, policy, unmodelable);
    });
  });
}

test('oracle summary: every kind present in the fixtures was actually evaluated', (t) => {
  const byOutcome = (o: Outcome) => records.filter((r) => r.outcome === o);
  t.diagnostic(`SES grants compared with the evaluator: ${byOutcome('agrees').length} agree, ${byOutcome('dead').length} dead, ${byOutcome('unmodelable').length} not modelable`);
  for (const r of byOutcome('dead')) t.diagnostic(`dead (own account denied too): ${r.name} [${r.kind}] ${r.note}`);
  for (const r of byOutcome('unmodelable')) t.diagnostic(`not modelable: ${r.name} [${r.kind}] ${r.note}`);
  for (const r of records.filter((x) => x.outcome !== 'unmodelable' && Object.keys(OUTSIDE_THE_MODEL).some((id) => x.note.includes(id)))) {
    t.diagnostic(`partly outside the model: ${r.name} [${r.kind}]`);
  }
  for (const kind of kindsPresent) {
    const evaluated = records.filter((r) => r.kind === kind && r.outcome !== 'unmodelable');
    assert.ok(evaluated.length >= 1, `fixtures hold ${kind} grants but none could be evaluated`);
  }
  // Per fixture test above ran before this one (top-level tests of a file run in order): none was lost.
  assert.ok(records.length >= kindsPresent.size, 'fewer oracle records than kinds present');
});
