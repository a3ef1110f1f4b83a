import type { PolicyFile } from '../model';
import type { GrantValues } from '../templates';
import type { FixContext, FixProposal, FormattingPreferences } from './types';

export type { FixContext, FixProposal, FormattingPreferences, OffsetEdit } from './types';

/**
 * The fix entry points every surface uses. (Filled in by the fixes module: one builder per fixable id.)
 */
export function fixesFor(_context: FixContext): FixProposal[] {
  return [];
}

/** Values for fixes found in the document itself: an account id or region already used in the file. */
export function inferValues(_file: PolicyFile): GrantValues {
  return {};
}

/** Applies the preferred fix of every fixable finding, re-linting between rounds, and returns the new text. */
export function fixAllText(text: string, _values: GrantValues, _formatting: FormattingPreferences): string {
  return text;
}
