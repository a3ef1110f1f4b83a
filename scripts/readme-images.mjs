// `npm run readme:images`: refreshes the README's pictures (docs/images/*.png) from the UI tests. The UI run
// (`npm run test:e2e`, which this script's npm entry runs first) leaves a picture of the editor area at each
// step the README shows, test/screenshots/e2e-readme-<name>.png; here each becomes a small indexed PNG
// (scripts/png.mjs), since the VSIX carries them for the README of the extension's details page.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { optimisePng, pngSize, zopfliPng } from './png.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shots = join(root, 'test', 'screenshots');
const images = join(root, 'docs', 'images');
/** The pictures the README shows, in its order. */
const NAMES = ['quick-fix', 'hover', 'add-grant'];
/**
 * Colours per picture: the workbench's flat colours and antialiased text stay crisp with 16 (side by side
 * with 96 no difference shows), and the pictures take 30% fewer bytes, which the VSIX carries inlined.
 */
const COLORS = 16;
/** A picture older than this is not from the UI run just made. */
const FRESH_MS = 60 * 60 * 1000;

mkdirSync(images, { recursive: true });
let total = 0;
for (const name of NAMES) {
  const shot = join(shots, `e2e-readme-${name}.png`);
  if (!existsSync(shot) || Date.now() - statSync(shot).mtimeMs > FRESH_MS) {
    throw new Error(`${shot} is missing or old: run the UI tests first (npm run test:e2e)`);
  }
  const png = await zopfliPng(optimisePng(readFileSync(shot), COLORS));
  writeFileSync(join(images, `${name}.png`), png);
  const { width, height } = pngSize(png);
  total += png.length;
  console.log(`docs/images/${name}.png: ${width}×${height}, ${(png.length / 1024).toFixed(1)} KB`);
}
console.log(`README pictures: ${(total / 1024).toFixed(1)} KB in all`);
