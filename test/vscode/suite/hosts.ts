// Which suites of this folder run in which extension host: the one list the runners and a unit test read.
// The Node extension host (npm run test:vscode, test:desktop) runs every suite. The web-worker host (npm run
// test:web: vscode.dev, github.dev, code-server's web extension host) runs those marked 'web'; any other says
// why it needs Node. A suite runs in the web when it uses no Node module but assert (bundled in a browser
// form) and reads files through vscode.workspace.fs. (The editor benchmark, test/vscode/bench, is no suite:
// it runs in the Node host only, writing its results to a file.)

export type SuiteHost = 'web' | { readonly needsNode: string };

export const SUITE_HOSTS = {
  activation: 'web',
  addGrant: 'web',
  analysis: 'web',
  cloudformation: 'web',
  codeActions: 'web',
  configFile: 'web',
  diagnostics: 'web',
  embedded: 'web',
  extensionFiles: 'web',
  fixAll: 'web',
  hover: 'web',
  l10n: 'web',
  offThread: 'web',
  rulePages: 'web',
  snippets: 'web',
  suppressions: 'web',
  terraform: 'web',
  untrustedWorkspace: 'web',
  walkthrough: 'web',
  workspaceCheck: 'web',
  workspaceView: 'web',
} as const satisfies Readonly<Record<string, SuiteHost>>;

export type SuiteName = keyof typeof SUITE_HOSTS;

/** The suites the web-worker host runs, in the order the Node host runs them (by file name). */
export function webSuites(): SuiteName[] {
  return (Object.keys(SUITE_HOSTS) as SuiteName[]).filter((name) => SUITE_HOSTS[name] === 'web').sort();
}

/** The suites left out of the web-worker host, each with its reason. */
export function nodeOnlySuites(): { readonly name: string; readonly why: string }[] {
  return Object.entries(SUITE_HOSTS as Readonly<Record<string, SuiteHost>>).flatMap(([name, host]) => (host === 'web' ? [] : [{ name, why: host.needsNode }]));
}
