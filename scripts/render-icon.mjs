// `npm run render:icon`: renders images/icon.svg (the source, drawn by hand) to images/icon.png, the 128×128
// icon package.json names, through the same headless chromium and playwright-core the editor tests use
// (scripts/setup-vscode-server.sh installs them), then shrinks it to a palette (scripts/png.mjs).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { optimisePng, pngSize } from './png.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SIZE = 128;
const source = join(root, 'images', 'icon.svg');
const target = join(root, 'images', 'icon.png');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const serverPackage = join(root, 'test', 'vscode-server', 'package.json');
if (!existsSync(chromiumPath)) throw new Error(`chromium is not installed at ${chromiumPath}: run scripts/setup-vscode-server.sh (as root) first`);
const { chromium } = createRequire(serverPackage)('playwright-core');

const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  const svg = readFileSync(source, 'utf8');
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  const rendered = await page.locator('svg').screenshot({ omitBackground: true });
  const png = optimisePng(rendered, 256);
  const { width, height } = pngSize(png);
  if (width !== SIZE || height !== SIZE) throw new Error(`the icon came out ${width}×${height}, not ${SIZE}×${SIZE}`);
  writeFileSync(target, png);
  console.log(`images/icon.png: ${width}×${height}, ${(png.length / 1024).toFixed(1)} KB (chromium's PNG: ${(rendered.length / 1024).toFixed(1)} KB)`);
} finally {
  await browser.close();
}
