// Settings through which a runner talks to the suites in the extension host. A Node extension host inherits
// the environment of code-server (or of the Electron process test-electron starts); the web-worker host has
// no environment, so its runner (test/vscode/web/runner.ts) bakes the same settings into the suites' bundle.

/** A file the mocha reporter's lines are appended to; the code-server runner prints it as it grows. */
export const OUTPUT_FILE_ENV = 'SES_GRANTS_VSCODE_TEST_OUTPUT';
/** Optional mocha grep for a quicker edit-run loop, e.g. `SES_GRANTS_VSCODE_TEST_GREP=hover npm run test:vscode`. */
export const GREP_ENV = 'SES_GRANTS_VSCODE_TEST_GREP';
/**
 * The repository root, when the suites run from a copy of out/ (the code-server runner snapshots out/ into its
 * run folder so that a rebuild in the shared tree cannot pull the suites away mid-run).
 */
export const REPO_ROOT_ENV = 'SES_GRANTS_REPO_ROOT';
/** Set by a run that starts code-server with `--locale`: the localisation suite then checks it took effect. */
export const REQUESTED_LOCALE_ENV = 'SES_GRANTS_VSCODE_TEST_LOCALE';

/** The name the web runner's bundle defines its settings under (esbuild `define`). */
export const WEB_RUN_SETTINGS_GLOBAL = 'SES_GRANTS_WEB_RUN_SETTINGS';
declare const SES_GRANTS_WEB_RUN_SETTINGS: Readonly<Record<string, string>> | undefined;

/** A run setting: from the environment in a Node extension host, from the bundle in the web-worker host. */
export function runSetting(name: string): string | undefined {
  if (typeof process !== 'undefined') return process.env[name];
  return typeof SES_GRANTS_WEB_RUN_SETTINGS === 'undefined' ? undefined : SES_GRANTS_WEB_RUN_SETTINGS[name];
}

/**
 * Marks the reporter's lines in the web-worker host, whose console reaches the runner only through the
 * workbench's log (`codeAutomationLog`), mixed with the workbench's own messages.
 */
export const REPORTER_LINE_MARK = '[ses-grants:web-suites] ';

/** Set by the workbench that opens the workspace untrusted (runner.ts): the untrusted-workspace suite then runs there. */
export const UNTRUSTED_RUN_ENV = 'SES_GRANTS_VSCODE_TEST_UNTRUSTED';
/** The title of that suite, which the untrusted workbench runs alone (mocha grep). */
export const UNTRUSTED_SUITE_TITLE = 'untrusted workspace';
