// Smaller PNG files for what the repository and the VSIX carry (the icon, the README's screenshots): the
// image quantised to a palette of at most `colors` colours and written as an indexed PNG by upng-js, a
// pure-JavaScript encoder (no native image tool to install). Flat UI colours and antialiased text survive a
// palette of 256 colours or fewer with no visible change, at a fraction of the size of chromium's PNGs.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const UPNG = require('upng-js');

/** @param {Uint8Array} png @param {number} colors @returns {Buffer} */
export function optimisePng(png, colors = 256) {
  const image = UPNG.decode(png.buffer.slice(png.byteOffset, png.byteOffset + png.byteLength));
  const [rgba] = UPNG.toRGBA8(image);
  return Buffer.from(UPNG.encode([rgba], image.width, image.height, colors));
}

/** Width and height from a PNG's header (IHDR), for the checks of the scripts and tests. */
export function pngSize(png) {
  const signature = '89504e470d0a1a0a';
  if (Buffer.from(png.subarray(0, 8)).toString('hex') !== signature) throw new Error('not a PNG file');
  const view = Buffer.from(png);
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}
