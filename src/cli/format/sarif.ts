import { docsUrl, RULES, type RuleInfo, type Severity } from '../../policy/catalogue';
import { escapeControlCharacters, escapeControlCharactersInJson } from '../../policy/controlCharacters';
import type { LocatedFinding } from '../located';
import { FINGERPRINT_KEY, type LocatedFix } from './sarifExtras';

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: one run, the full rule catalogue in `tool.driver.rules`
 * (so `ruleIndex` is stable between runs), and results whose paths are relative URIs with forward slashes.
 */
export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/ses-grants/ses-grants';

type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'info' ? 'note' : severity;
}

export function formatSarif(findings: readonly LocatedFinding[], toolVersion: string): string {
  const ruleIndex = new Map(RULES.map((rule, index) => [rule.id, index]));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ses-grants',
            version: toolVersion,
            semanticVersion: toolVersion,
            informationUri: INFORMATION_URI,
            rules: RULES.map(sarifRule),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.id,
          ruleIndex: ruleIndex.get(f.id) ?? -1,
          level: sarifLevel(f.severity),
          message: { text: sarifPlainText(f.message) },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: toRelativeUri(f.file) },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
          ...(f.fingerprint ? { partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint } } : {}),
          ...(f.fix ? { fixes: [sarifFix(f.file, f.fix)] } : {}),
        })),
      },
    ],
  };
  return escapeControlCharactersInJson(JSON.stringify(log, null, 2)) + '\n';
}

/** A fix as SARIF writes one: its description and the replacements in the result's file (an empty region inserts). */
function sarifFix(file: string, fix: LocatedFix) {
  return {
    description: { text: sarifPlainText(fix.description) },
    artifactChanges: [
      {
        artifactLocation: { uri: toRelativeUri(file) },
        replacements: fix.replacements.map((r) => ({
          deletedRegion: { startLine: r.startLine, startColumn: r.startColumn, endLine: r.endLine, endColumn: r.endColumn },
          insertedContent: { text: r.text },
        })),
      },
    ],
  };
}

/**
 * A message as SARIF plain text: a viewer renders `[text](target)` in it as a link, so a value from a file
 * such as `[Click to fix](https://…)` must not reach it as written. SARIF's own escapes (`\[`, `\]`, `\\`)
 * keep the brackets literal, and control characters are shown as escapes, as in the text format.
 */
export function sarifPlainText(message: string): string {
  return escapeControlCharacters(message).replace(/[\\[\]]/g, (character) => '\\' + character);
}

function sarifRule(rule: RuleInfo) {
  const helpUri = docsUrl(rule.id);
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    // The message template with its value slots blanked: the general statement of the problem.
    fullDescription: { text: rule.message.replace(/\{\w+\}/g, '…') },
    helpUri,
    help: { text: `${rule.title}. See ${helpUri}`, markdown: `${rule.title}. See [${rule.id}](${helpUri}).` },
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: { tags: ['ses', 'iam', rule.family] },
  };
}

/** `s3-missing-source-arn` → `S3MissingSourceArn`: SARIF's rule names are identifiers. */
function pascalCase(id: string): string {
  return id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** A relative path as a URI reference: forward slashes, each segment percent-encoded. */
export function toRelativeUri(path: string): string {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .map((segment) => (segment === '.' || segment === '..' ? segment : encodeURIComponent(segment)))
    .join('/');
}
