import type { ValueOverrides } from '../config';
import { inferValues } from '../policy/fixes';
import type { FormattingPreferences, OffsetEdit } from '../policy/fixes';
import { localizedFixTitle } from '../policy/messages.ja';
import { minimalReplacement } from '../policy/textDiff';
import type { GrantValues } from '../policy/templates';
import type { Span } from '../policy/tree';
import { fixAll, fixes, hoverAt, suppression, type Analysis } from '../service';
import { showRuleDocsLink } from './ruleDocsLink';

/**
 * What quick fixes, hover and fix-all offer for one analysed version, as plain data (offset edits, Markdown,
 * titles already in the user's language): written by the same functions on the extension host's thread and in
 * the analysis worker, which sends them across as they are. The providers turn them into VS Code's objects.
 * No `vscode` here: the worker has none.
 */

/** A diagnostic of ours, as the code-action request names it: the finding id and its span in the version's text. */
export interface FindingTarget {
  readonly id: string;
  readonly offset: number;
  readonly length: number;
}

/**
 * The values a fix writes that come from the settings and the configuration file (workspace trust applied),
 * shaped as the configuration's overrides.
 */
export type SettingValues = ValueOverrides;

/** What a request for fixes carries from the extension host: the settings' values, the layout, the language. */
export interface FixRequestSettings {
  readonly settingValues: SettingValues;
  readonly formatting: FormattingPreferences;
  /** `vscode.env.language`: the fix titles' language. */
  readonly locale: string | undefined;
}

/** One quick fix: its title in the user's language, whether it is the diagnostic's preferred one, its edits. */
export interface FixPlan {
  readonly title: string;
  readonly preferred: boolean;
  readonly edits: readonly OffsetEdit[];
}

/** The fixes of one finding, and its "Suppress … on this line" edit where a comment can do it. */
export interface FindingFixPlan {
  readonly fixes: readonly FixPlan[];
  readonly suppression: OffsetEdit | undefined;
}

export interface HoverPlan {
  readonly markdown: string;
  readonly span: Span;
}

/**
 * Values for fixes and inserts: the settings' first, then what the document itself already uses (its
 * account, region, rule set and rule).
 */
export function knownValuesOf(analysis: Pick<Analysis, 'text' | 'result'> | undefined, settings: SettingValues): GrantValues {
  const fromDocument = analysis ? inferValues(analysis.result.file ?? emptyFile(analysis.text)) : {};
  return {
    ...fromDocument,
    accountId: settings.accountId ?? fromDocument.accountId,
    region: settings.region ?? fromDocument.region,
    ruleSet: settings.ruleSet ?? fromDocument.ruleSet,
    rule: settings.rule ?? fromDocument.rule,
    ...(settings.anyRule ? { anyRule: true } : {}),
  };
}

function emptyFile(text: string) {
  return { text, root: undefined, documents: [], statements: [], allowsTemplateValues: false };
}

/**
 * The quick fixes of each target, in order: undefined for a target whose finding the version does not hold
 * (the diagnostics may be one debounce behind the text: findings are matched by id and span). Stops early,
 * with an empty list, when `cancelled` says so.
 */
export function quickFixPlans(analysis: Analysis, targets: readonly FindingTarget[], settings: FixRequestSettings, cancelled: () => boolean = () => false): (FindingFixPlan | undefined)[] {
  const values = knownValuesOf(analysis, settings.settingValues);
  const plans: (FindingFixPlan | undefined)[] = [];
  for (const target of targets) {
    if (cancelled()) return [];
    const finding = analysis.result.findings.find((f) => f.id === target.id && f.span.offset === target.offset && f.span.length === target.length);
    if (!finding) {
      plans.push(undefined);
      continue;
    }
    const proposals = fixes(analysis, finding, { values, formatting: settings.formatting });
    // Exactly one preferred fix per diagnostic: the core marks the safest; if it marked none or several, the first wins.
    const preferredIndex = Math.max(0, proposals.findIndex((p) => p.preferred));
    plans.push({
      fixes: proposals.map((proposal, index) => ({ title: localizedFixTitle(proposal, settings.locale), preferred: index === preferredIndex, edits: proposal.edits.map(plainEdit) })),
      suppression: plainEditOrNone(suppression(analysis, finding)),
    });
  }
  return plans;
}

/** The hover at an offset: Markdown (document text escaped in the core) and the span it explains. */
export function hoverPlan(analysis: Analysis, offset: number, locale: string | undefined): HoverPlan | undefined {
  return hoverAt(analysis, offset, locale, showRuleDocsLink);
}

/**
 * Fix-all as one replacement covering only the region it changed (common prefix and suffix kept), so the
 * cursor, folding and undo history outside it stay put. Undefined when there is nothing to fix. Fix-all
 * inserts no tab stops (there is no snippet session on save): the core renders unknown values as the
 * guide's names inside the text it inserts, and only there. The first round reads the version's analysis;
 * later rounds lint their own texts, in the document's format.
 */
export function fixAllPlan(analysis: Analysis, settingValues: SettingValues, formatting: FormattingPreferences): OffsetEdit | undefined {
  const after = fixAll(analysis, knownValuesOf(analysis, settingValues), formatting);
  return plainEditOrNone(minimalReplacement(analysis.text, after));
}

/** An edit with nothing but its three fields: what crosses to the extension host by structured cloning. */
function plainEdit(edit: OffsetEdit): OffsetEdit {
  return { offset: edit.offset, length: edit.length, content: edit.content };
}

function plainEditOrNone(edit: OffsetEdit | undefined): OffsetEdit | undefined {
  return edit && plainEdit(edit);
}
