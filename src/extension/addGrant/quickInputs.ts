import * as vscode from 'vscode';
import { SES_RECEIVING_REGIONS } from '../../policy/values';
import { validateRegion, type Validator } from './validate';

/** Small wrappers over VS Code's quick inputs; each resolves undefined when the user presses Escape. */

/** The prompts' title, with a note (what the grant uses without asking) when there is one. */
export function title(note?: string): string {
  return note ? vscode.l10n.t('Add SES Grant ({0})', note) : vscode.l10n.t('Add SES Grant');
}

export async function askText(options: {
  prompt: string;
  value: string | undefined;
  validate: Validator;
  placeHolder?: string;
  /** Put the cursor after a given prefix instead of selecting the whole default. */
  cursorAtEnd?: boolean;
}): Promise<string | undefined> {
  const value = options.value ?? '';
  const answer = await vscode.window.showInputBox({
    title: title(),
    prompt: options.prompt,
    value,
    ...(options.cursorAtEnd ? { valueSelection: [value.length, value.length] as [number, number] } : {}),
    ...(options.placeHolder ? { placeHolder: options.placeHolder } : {}),
    ignoreFocusOut: true,
    // Checked as the user types: values.ts decides, the message is translated (validate.ts).
    validateInput: (text) => options.validate(text.trim()),
  });
  return answer?.trim();
}

export async function pick<T extends vscode.QuickPickItem>(items: readonly T[], placeHolder: string, note?: string): Promise<T | undefined> {
  return vscode.window.showQuickPick(items, { title: title(note), placeHolder, ignoreFocusOut: true, matchOnDescription: true, matchOnDetail: true });
}

/**
 * The region: SES's receiving regions to pick from, the default first; a well-formed region the list does
 * not hold (a new one) can be typed and appears as an extra item.
 */
export function pickRegion(defaultRegion: string | undefined): Promise<string | undefined> {
  const known = defaultRegion ? [defaultRegion, ...SES_RECEIVING_REGIONS.filter((r) => r !== defaultRegion)] : [...SES_RECEIVING_REGIONS];
  const listed: vscode.QuickPickItem[] = known.map((region) => ({
    label: region,
    ...(region === defaultRegion ? { description: vscode.l10n.t('from settings or the document') } : {}),
  }));
  return new Promise((resolve) => {
    const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem>();
    quickPick.title = title();
    quickPick.placeholder = vscode.l10n.t('Region of the receipt rule set (type another region name if it is not listed)');
    quickPick.ignoreFocusOut = true;
    quickPick.items = listed;
    let settled = false;
    const finish = (value: string | undefined) => {
      if (settled) return;
      settled = true;
      resolve(value);
      quickPick.dispose();
    };
    quickPick.onDidChangeValue((typed) => {
      const value = typed.trim();
      const extra = value && !known.includes(value) && validateRegion(value) === undefined
        ? [{ label: value, description: vscode.l10n.t('another region') }]
        : [];
      quickPick.items = [...extra, ...listed];
    });
    quickPick.onDidAccept(() => {
      const chosen = quickPick.selectedItems[0]?.label ?? quickPick.activeItems[0]?.label;
      if (chosen) finish(chosen);
    });
    quickPick.onDidHide(() => finish(undefined));
    quickPick.show();
  });
}
