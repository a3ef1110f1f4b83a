import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { errorCodeWords } from '../policy/errorWords';
import { LineIndex } from '../policy/positions';
import { checkAccountId, checkRegion, checkRuleName } from '../policy/values';
import { checkConfigurableId, checkLevel } from './levels';
import { closestName } from './suggest';
import type { ConfigLevel, ConfigProblem, SesGrantsConfig } from './types';

/** Every key a configuration file may hold; `$schema` lets editors other than VS Code find the schema. */
export const CONFIG_KEYS = ['$schema', 'accountId', 'region', 'ruleSet', 'rule', 'anyRule', 'rules', 'ignore'] as const;

export type ConfigParse = { readonly config: SesGrantsConfig } | { readonly problems: readonly ConfigProblem[] };

/**
 * Reads a configuration file's text: JSON, with comments and trailing commas allowed (as VS Code's own
 * configuration files). Anything it does not understand is a problem, never ignored: an unknown key or id
 * is usually a typo, and a typo in a file that turns findings off or names the account must not pass
 * silently. Never throws.
 */
export function parseConfigText(text: string): ConfigParse {
  const index = new LineIndex(text);
  const problems: ConfigProblem[] = [];
  const at = (node: Node | undefined, message: string) => {
    const position = node ? index.position(node.offset) : undefined;
    problems.push(position ? { message, line: position.line, column: position.column } : { message });
  };
  const body = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  if (body.trim() === '') return { problems: [{ message: 'the file is empty: it must hold a JSON object such as {"accountId": "111122223333"}' }] };
  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(body, errors, { allowTrailingComma: true, disallowComments: false });
  } catch {
    // jsonc-parser recurses: thousands of nested brackets exhaust the stack. No configuration is that deep.
    return { problems: [{ message: 'the file is nested too deeply to be a configuration' }] };
  }
  if (errors.length > 0) {
    const first = errors[0]!;
    const position = index.position(first.offset);
    return { problems: [{ message: `not valid JSON: ${errorCodeWords(printParseErrorCode(first.error))}`, line: position.line, column: position.column }] };
  }
  if (!root || root.type !== 'object') return { problems: [{ message: 'the file must hold a JSON object such as {"accountId": "111122223333"}' }] };

  const config: { -readonly [K in keyof SesGrantsConfig]: SesGrantsConfig[K] } = { rules: {}, ignore: [] };
  const seen = new Set<string>();
  let anyRuleKey: Node | undefined;
  for (const property of root.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode) continue;
    const key = String(keyNode.value);
    if (seen.has(key)) {
      at(keyNode, `"${key}" is given twice`);
      continue;
    }
    seen.add(key);
    switch (key) {
      case '$schema':
        if (valueNode.type !== 'string') at(valueNode, '"$schema" must be a string');
        break;
      case 'accountId':
        config.accountId = stringValue(valueNode, key, checkAccountId, at);
        break;
      case 'region':
        config.region = stringValue(valueNode, key, checkRegion, at);
        break;
      case 'ruleSet':
        config.ruleSet = stringValue(valueNode, key, (v) => checkRuleName(v, 'rule set name'), at);
        break;
      case 'rule':
        config.rule = stringValue(valueNode, key, (v) => checkRuleName(v, 'rule name'), at);
        break;
      case 'anyRule':
        anyRuleKey = keyNode;
        if (valueNode.type === 'boolean') config.anyRule = valueNode.value as boolean;
        else at(valueNode, '"anyRule" must be true or false');
        break;
      case 'rules':
        config.rules = ruleLevels(valueNode, at);
        break;
      case 'ignore':
        config.ignore = ignorePatterns(valueNode, at);
        break;
      default: {
        const near = closestName(key, CONFIG_KEYS);
        at(keyNode, `unknown key "${key}"${near ? ` (did you mean "${near}"?)` : ''}; the keys are ${CONFIG_KEYS.filter((k) => k !== '$schema').join(', ')}`);
      }
    }
  }
  if (config.anyRule === true && (config.rule !== undefined || config.ruleSet !== undefined)) {
    at(anyRuleKey, '"anyRule": true cannot be combined with "rule" or "ruleSet": give either any rule or one rule');
  }
  if (problems.length > 0) return { problems };
  // Keys left undefined are dropped, so that spreading a configuration never overwrites a value with nothing.
  for (const key of Object.keys(config) as (keyof typeof config)[]) if (config[key] === undefined) delete config[key];
  return { config };
}

type Report = (node: Node | undefined, message: string) => void;

function stringValue(node: Node, key: string, check: (value: string) => string | undefined, at: Report): string | undefined {
  if (node.type !== 'string') {
    at(node, `"${key}" must be a string`);
    return undefined;
  }
  const value = node.value as string;
  const problem = check(value);
  if (problem) {
    at(node, `"${key}": ${problem}`);
    return undefined;
  }
  return value;
}

function ruleLevels(node: Node, at: Report): Record<string, ConfigLevel> {
  const levels: Record<string, ConfigLevel> = {};
  if (node.type !== 'object') {
    at(node, '"rules" must be an object such as {"s3-missing-source-arn": "off"}');
    return levels;
  }
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode) continue;
    const id = String(keyNode.value);
    const idProblem = checkConfigurableId(id);
    if (idProblem) {
      at(keyNode, `"rules": ${idProblem}`);
      continue;
    }
    if (Object.hasOwn(levels, id)) {
      at(keyNode, `"rules": "${id}" is given twice`);
      continue;
    }
    const levelProblem = checkLevel(valueNode.value);
    if (levelProblem || valueNode.type !== 'string') at(valueNode, `"rules" → "${id}": ${levelProblem ?? 'the level must be a string'}`);
    else levels[id] = valueNode.value as ConfigLevel;
  }
  return levels;
}

function ignorePatterns(node: Node, at: Report): string[] {
  if (node.type !== 'array' || (node.children ?? []).some((item) => item.type !== 'string')) {
    at(node, '"ignore" must be an array of patterns such as ["build/", "*.generated.json"]');
    return [];
  }
  return (node.children ?? []).map((item) => item.value as string);
}

/** A problem as one line: `3:5: unknown key …`, the file's name put before it by the reader. */
export function formatConfigProblem(problem: ConfigProblem): string {
  return problem.line !== undefined ? `${problem.line}:${problem.column}: ${problem.message}` : problem.message;
}
