import type { Finding } from '../policy/findings';
import type { GrantValues } from '../policy/templates';
import type { ConfigLevel, SesGrantsConfig } from './types';

/** Values given where the configuration file is overridden: command-line flags, or the editor's settings. */
export interface ValueOverrides {
  readonly accountId?: string | undefined;
  readonly region?: string | undefined;
  readonly ruleSet?: string | undefined;
  readonly rule?: string | undefined;
  readonly anyRule?: boolean | undefined;
}

/**
 * The values fixes write: each one given as an override wins over the file's. Any rule and one rule exclude
 * each other: an override naming a rule or rule set replaces the file's `anyRule`, and an override of
 * `anyRule` replaces the file's rule and rule set.
 */
export function valuesFromConfig(config: SesGrantsConfig, overrides: ValueOverrides = {}): GrantValues {
  const given = (value: string | undefined) => (value !== undefined && value !== '' ? value : undefined);
  const overridesRule = given(overrides.rule) !== undefined || given(overrides.ruleSet) !== undefined;
  const anyRule = overrides.anyRule ?? (overridesRule ? false : config.anyRule === true);
  return {
    accountId: given(overrides.accountId) ?? config.accountId,
    region: given(overrides.region) ?? config.region,
    ruleSet: anyRule ? undefined : (given(overrides.ruleSet) ?? config.ruleSet),
    rule: anyRule ? undefined : (given(overrides.rule) ?? config.rule),
    anyRule,
  };
}

/** The file's levels, then the overrides' for the ids they name. */
export function mergeRuleLevels(
  fromFile: Readonly<Record<string, ConfigLevel>>,
  overrides: Readonly<Record<string, ConfigLevel>> = {},
): Readonly<Record<string, ConfigLevel>> {
  return { ...fromFile, ...overrides };
}

/** Findings as the levels say: `off` drops a finding, another level replaces its severity. */
export function applyRuleLevels(findings: readonly Finding[], levels: Readonly<Record<string, ConfigLevel>>): Finding[] {
  const out: Finding[] = [];
  for (const finding of findings) {
    const level = Object.hasOwn(levels, finding.id) ? levels[finding.id] : undefined;
    if (level === undefined) out.push(finding);
    else if (level !== 'off') out.push(level === finding.severity ? finding : { ...finding, severity: level });
  }
  return out;
}

/** Whether any level turns a finding off (only then does a linter need wrapping for fix-all). */
export function turnsSomethingOff(levels: Readonly<Record<string, ConfigLevel>>): boolean {
  return Object.values(levels).includes('off');
}
