// `npm run demo`: the packaged extension in a real VS Code (code-server, VS Code 1.100.3) on a copy of
// examples/, for a person to try in a browser. Prints the URL and runs until Ctrl+C, then stops the
// server's whole process group and deletes the copy. The copy keeps the repository's examples as they are
// however much the demo's quick fixes and saves change them.
//
// The workbench gives whoever opens it a terminal, so it asks for a password, generated for each run and
// printed once here; any other local user who finds the port meets the login page. Workspace trust stays on:
// VS Code asks whether to trust the copy of examples/ (trust it, or its settings are not used).
// SES_GRANTS_DEMO_BIND=HOST:PORT chooses the address (default 127.0.0.1 on a free port).
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { assertCodeServerInstalled, newRunDir, REPO_ROOT, type CodeServer } from '../vscode/codeServer';
import { serveWorkspace, vsixPath } from './server';

const EXAMPLES = join(REPO_ROOT, 'examples');
const BIND_ENV = 'SES_GRANTS_DEMO_BIND';

async function main(): Promise<void> {
  assertCodeServerInstalled();
  const vsix = vsixPath();
  const runDir = newRunDir('demo');
  const bind = process.env[BIND_ENV];
  let server: CodeServer | undefined;
  let stopping = false;
  const stop = (code: number): void => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping code-server…');
    void (server?.stop() ?? Promise.resolve()).finally(() => {
      rmSync(runDir, { recursive: true, force: true });
      process.exit(code);
    });
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(0));

  // 144 random bits, URL-safe: typed once into the login page.
  const password = randomBytes(18).toString('base64url');
  const served = await serveWorkspace(runDir, EXAMPLES, {
    vsix,
    // No test tweaks: the editor behaves as a person's VS Code does.
    userSettings: {},
    password,
    workspaceTrust: true,
    // The last --bind-addr wins over the harness's free-port default.
    ...(bind ? { extraArgs: ['--bind-addr', bind] } : {}),
  });
  server = served.server;
  console.log(`
SES Grants demo: ${relative(REPO_ROOT, vsix)} installed in VS Code 1.100.3 (code-server)
workspace: a copy of examples/ in ${relative(REPO_ROOT, served.workspace)} (deleted when the demo stops)

  open      ${served.url}
  password  ${password}

VS Code asks whether you trust the authors of the folder: it is the copy of examples/, so trust it, or its
.vscode/settings.json (account, region, rule set and rule for the fixes) is ignored in Restricted Mode.
Open s3-grant-without-condition.json: the grant is underlined; Ctrl+. offers the fix, F1 "Add SES Grant"
writes a new grant, "ses-" + Ctrl+Space lists the snippets. Ctrl+C here stops the demo.
`);
  const why = await served.server.exited;
  if (!stopping) {
    console.error(`${why}; its log is in ${relative(REPO_ROOT, join(runDir, 'code-server.log'))}`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
