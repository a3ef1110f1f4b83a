// The packaged extension in VS Code's web-worker extension host, as vscode.dev runs it: the VSIX's
// minified `browser` bundle, installed like any extension, on a third workbench whose user settings put the
// extension in the web worker (`remote.extensionKind`, see test/vscode/web/runner.ts). The diagnostic and
// quick-fix flows then run there as they do in the Node host.
import { join } from 'node:path';
import type { CodeServer } from '../vscode/codeServer';
import { diagnosticInProblems, quickFix, type Flow } from './flows';
import { serveWorkspace, UI_USER_SETTINGS } from './server';
import type { UiPage } from './ui';

const EXTENSION_ID = 'ses-grants.ses-grants';

export function webWorkerFlow(
  vsix: string,
  runDir: string,
  workspaceSource: string,
  servers: CodeServer[],
  open: (url: string, beforeLoad?: (page: UiPage) => void) => Promise<UiPage>,
): Flow {
  return {
    name: 'web-worker',
    async run(context) {
      const { server, url } = await serveWorkspace(join(runDir, 'web'), workspaceSource, {
        vsix,
        userSettings: { ...UI_USER_SETTINGS, 'remote.extensionKind': { [EXTENSION_ID]: ['web'] } },
      });
      servers.push(server);
      // The web worker fetches the bundle from the server; a Node host would read dist/extension.js from disk
      // and fetch nothing.
      const fetched: string[] = [];
      const page = await open(url, (page) => page.on('request', (request) => fetched.push(request.url())));
      context.showing(page);
      const steps = { ...context, page };
      await diagnosticInProblems.run(steps);
      await quickFix.run(steps);
      // code-server serves the extension's files as vscode-remote-resource?path=<encoded path>.
      const bundles = fetched.map((address) => decodeURIComponent(address)).filter((address) => /\/dist\/extension\.js\b/.test(address));
      if (!bundles.some((address) => address.includes(`/${EXTENSION_ID}-`) && address.includes('/dist/extension.js'))) {
        throw new Error(`the web worker did not load the installed extension's bundle; extension bundles fetched: ${bundles.join(', ') || 'none'}`);
      }
      context.note(`the web worker fetched ${bundles.map((address) => address.replace(/^.*\/extensions\//, '').replace(/&.*$/, '')).join(', ')}`);
    },
  };
}
