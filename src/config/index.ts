export { CONFIG_FILE_NAMES, CONFIG_LEVELS, EMPTY_CONFIG, type ConfigLevel, type ConfigProblem, type SesGrantsConfig } from './types';
export { CONFIG_KEYS, formatConfigProblem, parseConfigText, type ConfigParse } from './parseConfig';
export { CONFIGURABLE_RULE_IDS, checkConfigurableId, checkLevel, isConfigLevel, parseRuleLevel } from './levels';
export { applyRuleLevels, mergeRuleLevels, turnsSomethingOff, valuesFromConfig, type ValueOverrides } from './merge';
export { ignoreRules, isIgnoredBy, isIgnoredByLayers, type IgnoreRules } from './ignorePatterns';
