/**
 * The fix API (the "How to fix" of each page in docs/rules): quick fixes, fix-all on save and the CLI all go through here.
 * One builder per fix family lives beside this file; `registry.ts` maps finding ids to them.
 */
export type { FixBuilder, FixContext, FixProposal, FormattingPreferences, OffsetEdit } from './types';
export { fixesFor, unattendedFix, hasFixBuilder, statementOf, fixContextFor, applyOffsetEdits, mergeValues } from './api';
export { inferValues } from './infer';
export { fixesReadAhead } from './readAhead';
export { fixAllText, type FixAllOptions, type Linter } from './fixAll';
export { FIX_BUILDERS } from './registry';
export { valuesForFile } from './api';
export type { EditFormat, EditPath, FormatEditing, PolicyEditor } from './policyEditor';
