import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docsUrl, RULES } from '../../src/policy/catalogue';
import { runCli } from '../support/cli';

/**
 * The fields GitHub code scanning needs from a SARIF 2.1.0 upload (the schema cannot be fetched offline):
 * version, one run, tool.driver.name and rules, and per result ruleId, level, message.text and a physical
 * location with a relative URI and a 1-based region.
 */
interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        version: string;
        informationUri: string;
        rules: {
          id: string;
          name: string;
          shortDescription: { text: string };
          fullDescription?: { text: string };
          helpUri: string;
          defaultConfiguration: { level: string };
        }[];
      };
    };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation: {
          artifactLocation: { uri: string };
          region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
        };
      }[];
    }[];
  }[];
}

const LEVELS = { error: 'error', warning: 'warning', info: 'note' } as const;

function sarifOf(args: readonly string[]): { status: number | null; log: SarifLog } {
  const run = runCli(['lint', '--format', 'sarif', ...args]);
  return { status: run.status, log: JSON.parse(run.stdout) as SarifLog };
}

test('SARIF log header and driver', () => {
  const { status, log } = sarifOf(['test/fixtures/cli/mixed']);
  assert.equal(status, 1);
  assert.match(log.$schema, /sarif-schema-2\.1\.0\.json$/);
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 1);
  const driver = log.runs[0]!.tool.driver;
  assert.equal(driver.name, 'ses-grants');
  assert.match(driver.version, /^\d+\.\d+\.\d+/);
  assert.match(driver.informationUri, /^https:\/\//);
});

test('SARIF rules: the whole catalogue with names, descriptions, docs links and default levels', () => {
  const driver = sarifOf(['test/fixtures/cli/clean']).log.runs[0]!.tool.driver;
  assert.deepEqual(driver.rules.map((r) => r.id), RULES.map((r) => r.id));
  for (const [index, rule] of driver.rules.entries()) {
    const info = RULES[index]!;
    assert.match(rule.name, /^[A-Z][A-Za-z0-9]*$/, rule.id);
    assert.equal(rule.shortDescription.text, info.title);
    assert.ok(rule.fullDescription === undefined || rule.fullDescription.text.length > 0);
    assert.equal(rule.helpUri, docsUrl(info.id));
    assert.equal(rule.defaultConfiguration.level, LEVELS[info.severity]);
  }
});

test('SARIF results: rule index, level, message and a relative location with a 1-based region', () => {
  const { log } = sarifOf(['test/fixtures/cli/mixed']);
  const run = log.runs[0]!;
  assert.ok(run.results.length >= 2);
  for (const result of run.results) {
    const rule = run.tool.driver.rules[result.ruleIndex];
    assert.equal(rule?.id, result.ruleId);
    assert.equal(result.level, rule.defaultConfiguration.level);
    assert.ok(result.message.text.length > 0);
    assert.equal(result.locations.length, 1);
    const { artifactLocation, region } = result.locations[0]!.physicalLocation;
    assert.match(artifactLocation.uri, /^test\/fixtures\/cli\/mixed\/[^\\]+\.jsonc?$/);
    assert.ok(region.startLine >= 1 && region.startColumn >= 1);
    assert.ok(region.endLine > region.startLine || (region.endLine === region.startLine && region.endColumn >= region.startColumn));
  }
  const parseErrors = run.results.filter((r) => r.ruleId === 'parse-error');
  assert.deepEqual(
    parseErrors.map((r) => [r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region]),
    [
      ['test/fixtures/cli/mixed/broken-grant.json', { startLine: 7, startColumn: 7, endLine: 7, endColumn: 15 }],
      ['test/fixtures/cli/mixed/broken.json', { startLine: 6, startColumn: 7, endLine: 6, endColumn: 15 }],
    ],
  );
});

test('SARIF with no findings still has one run with an empty result list', () => {
  const { status, log } = sarifOf(['test/fixtures/cli/clean']);
  assert.equal(status, 0);
  assert.deepEqual(log.runs[0]!.results, []);
});
