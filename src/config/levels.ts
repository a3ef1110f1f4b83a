import { RULES } from '../policy/catalogue';
import { closestName } from './suggest';
import { CONFIG_LEVELS, type ConfigLevel } from './types';

/**
 * The finding ids a configuration may name: every id but `parse-error`, which says a file could not be read
 * at all and so is never turned off or down (the editor's `sesGrants.rules` accepts the same ids).
 */
export const CONFIGURABLE_RULE_IDS: readonly string[] = RULES.filter((rule) => rule.family !== 'file').map((rule) => rule.id);
const CONFIGURABLE = new Set(CONFIGURABLE_RULE_IDS);

export function isConfigLevel(value: unknown): value is ConfigLevel {
  return typeof value === 'string' && (CONFIG_LEVELS as readonly string[]).includes(value);
}

/** Why a finding id cannot be configured, or undefined when it can. */
export function checkConfigurableId(id: string): string | undefined {
  if (CONFIGURABLE.has(id)) return undefined;
  if (RULES.some((rule) => rule.id === id)) return `"${id}" cannot be configured: a file that cannot be read is always reported`;
  const near = closestName(id, CONFIGURABLE_RULE_IDS);
  return `unknown finding id "${id}"${near ? ` (did you mean "${near}"?)` : ''}`;
}

export function checkLevel(value: unknown): string | undefined {
  if (isConfigLevel(value)) return undefined;
  return `the level must be off, info, warning or error, got ${JSON.stringify(value)}`;
}

/**
 * `<id>=<level>` as `--rule` takes it; undefined when the text is no such pair (it then names a receipt rule,
 * whose names cannot hold `=`).
 */
export function parseRuleLevel(text: string): { id: string; level: ConfigLevel } | { problem: string } | undefined {
  const equals = text.indexOf('=');
  if (equals < 0) return undefined;
  const id = text.slice(0, equals).trim();
  const level = text.slice(equals + 1).trim();
  const problem = checkConfigurableId(id) ?? checkLevel(level);
  return problem ? { problem } : { id, level: level as ConfigLevel };
}
