import * as vscode from 'vscode';
import { inferValues } from '../policy/fixes';
import { lintText } from '../formats';
import type { GrantValues } from '../policy/templates';
import { checkAccountId, checkRegion, checkRuleName } from '../policy/values';

/** The `sesGrants.*` settings, read fresh each time (VS Code caches configuration itself). */
export type RuleLevel = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface SesGrantsSettings {
  readonly enable: boolean;
  readonly rules: Readonly<Record<string, RuleLevel>>;
  readonly accountId: string | undefined;
  readonly region: string | undefined;
  readonly ruleSetName: string | undefined;
  readonly ruleName: string | undefined;
}

export const SECTION = 'sesGrants';

/** Invalid account or region settings are ignored (never inserted): the user gets a warning elsewhere. */
export function getSettings(scope?: vscode.ConfigurationScope): SesGrantsSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
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

/** Values for fixes and inserts: settings first, then what the document itself already uses. */
export function knownValues(document: vscode.TextDocument | undefined): GrantValues {
  const settings = getSettings(document?.uri);
  const fromDocument = document ? inferValues(lintDocumentText(document) ?? emptyFile(document.getText())) : {};
  return {
    ...fromDocument,
    accountId: settings.accountId ?? fromDocument.accountId,
    region: settings.region ?? fromDocument.region,
    ruleSet: settings.ruleSetName ?? fromDocument.ruleSet,
    rule: settings.ruleName ?? fromDocument.rule,
  };
}

/** The document's policies through the format adapters (a YAML template is read as YAML). */
function lintDocumentText(document: vscode.TextDocument) {
  return lintText(document.getText(), { languageId: document.languageId, fileName: document.fileName }).file;
}

function emptyFile(text: string) {
  return { text, root: undefined, documents: [], statements: [], allowsTemplateValues: false };
}
