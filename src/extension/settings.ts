import * as vscode from 'vscode';
import { valuesFromConfig, type ConfigLevel } from '../config';
import { checkAccountId, checkRegion, checkRuleName } from '../policy/values';
import { configFileFor } from './configFiles';
import type { SettingValues } from './featurePlans';

/** The `sesGrants.*` settings, read fresh each time (VS Code caches configuration itself). */
export type RuleLevel = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface SesGrantsSettings {
  readonly enable: boolean;
  readonly rules: Readonly<Record<string, RuleLevel>>;
  readonly accountId: string | undefined;
  readonly region: string | undefined;
  readonly ruleSetName: string | undefined;
  readonly ruleName: string | undefined;
  /** Fixes name any receipt rule of the account (from the configuration file; there is no setting for it). */
  readonly anyRule?: boolean;
}

export const SECTION = 'sesGrants';

/**
 * The settings for a resource, with the nearest configuration file (ses-grants.json, see configFiles.ts) under
 * them: a value given in the settings wins over the file's, per value and per finding id, and the file's
 * `ignore` turns the extension off for the files it names. Invalid account or region settings are ignored
 * (never inserted): the user gets a warning elsewhere.
 */
export function getSettings(scope?: vscode.ConfigurationScope): SesGrantsSettings {
  const settings = settingsOnly(scope);
  const file = scope instanceof vscode.Uri ? configFileFor(scope) : undefined;
  if (!file) return settings;
  const values = valuesFromConfig(file.config, { accountId: settings.accountId, region: settings.region, ruleSet: settings.ruleSetName, rule: settings.ruleName });
  const rules: Record<string, RuleLevel> = {};
  for (const [id, level] of Object.entries(file.config.rules)) rules[id] = RULE_LEVEL_OF[level];
  return {
    enable: settings.enable && !file.ignores(scope as vscode.Uri),
    rules: { ...rules, ...settings.rules },
    accountId: values.accountId,
    region: values.region,
    ruleSetName: values.ruleSet,
    ruleName: values.rule,
    anyRule: values.anyRule === true,
  };
}

/** The file's levels in the words of `sesGrants.rules`. */
const RULE_LEVEL_OF: Readonly<Record<ConfigLevel, RuleLevel>> = { off: 'off', info: 'information', warning: 'warning', error: 'error' };

/** The one read of the `sesGrants` section: VS Code applies Restricted Mode's restrictedConfigurations to it. */
function sectionConfig(scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION, scope);
}

function settingsOnly(scope?: vscode.ConfigurationScope): SesGrantsSettings {
  const config = sectionConfig(scope);
  const text = (key: string, check: (value: string) => string | undefined): string | undefined => {
    const value = config.get<string>(key)?.trim();
    return value && check(value) === undefined ? value : undefined;
  };
  return {
    enable: config.get<boolean>('enable', true),
    rules: config.get<Record<string, RuleLevel>>('rules', {}),
    accountId: text('accountId', checkAccountId),
    region: text('region', checkRegion),
    ruleSetName: text('ruleSetName', (v) => checkRuleName(v, 'rule set name')),
    ruleName: text('ruleName', (v) => checkRuleName(v, 'rule name')),
  };
}

/**
 * The values of the settings and the configuration file a fix writes (workspace trust applied: an untrusted
 * workspace's file is not read): what a question to the analysis worker carries.
 */
export function settingValues(document: vscode.TextDocument | undefined): SettingValues {
  const settings = getSettings(document?.uri);
  return { accountId: settings.accountId, region: settings.region, ruleSet: settings.ruleSetName, rule: settings.ruleName, anyRule: settings.anyRule };
}

/** When the workspace check runs by itself (`sesGrants.workspaceCheck`): `onOpen` unless set to `off`. */
export type WorkspaceCheckMode = 'off' | 'onOpen';
export const WORKSPACE_CHECK_SETTING = `${SECTION}.workspaceCheck`;

export function workspaceCheckMode(): WorkspaceCheckMode {
  return sectionConfig().get<string>('workspaceCheck', 'onOpen') === 'off' ? 'off' : 'onOpen';
}
