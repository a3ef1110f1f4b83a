// Environment variables through which a runner talks to the suites in the extension host (the extension host
// inherits the environment of code-server, or of the Electron process test-electron starts).

/** A file the mocha reporter's lines are appended to; the code-server runner prints it as it grows. */
export const OUTPUT_FILE_ENV = 'SES_GRANTS_VSCODE_TEST_OUTPUT';
/** Optional mocha grep for a quicker edit-run loop, e.g. `SES_GRANTS_VSCODE_TEST_GREP=hover npm run test:vscode`. */
export const GREP_ENV = 'SES_GRANTS_VSCODE_TEST_GREP';
/**
 * The repository root, when the suites run from a copy of out/ (the code-server runner snapshots out/ into its
 * run folder so that a rebuild in the shared tree cannot pull the suites away mid-run).
 */
export const REPO_ROOT_ENV = 'SES_GRANTS_REPO_ROOT';
