import type { GrantValues, InsertKind } from '../../policy/templates';

/** Everything the command needs to write one grant, whether it came from prompts or from arguments. */
export interface GrantRequest {
  readonly kind: InsertKind;
  readonly values: GrantValues;
  /** When the document already holds this grant for the same resource: ask, or update / add without asking. */
  readonly ifExists: 'ask' | 'update' | 'add';
  /** Lambda: offer to copy the `aws lambda add-permission` command line, or copy it (true) / not (false). */
  readonly copyCommandLine: 'ask' | boolean;
}

/** What the command did; returned to callers (keybindings ignore it, tests read it). */
export interface AddGrantResult {
  readonly outcome: 'added' | 'updated' | 'unchanged' | 'opened';
  /** The document written to (an untitled one for 'opened'). */
  readonly uri: string;
}
