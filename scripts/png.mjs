// Smaller PNG files for what the repository and the VSIX carry (the icon, the README's screenshots): the
// image quantised to a palette of at most `colors` colours and written as an indexed PNG by upng-js, a
// pure-JavaScript encoder (no native image tool to install). Flat UI colours and antialiased text survive a
// palette of 256 colours or fewer with no visible change, at a fraction of the size of chromium's PNGs.
import { createRequire } from 'node:module';
import { crc32, inflateSync } from 'node:zlib';

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

/**
 * The same PNG with its image data (IDAT) deflated again by Zopfli, about 10% smaller for the README's
 * indexed screenshots; the pixels and every other chunk are unchanged.
 * @param {Uint8Array} png @param {number} iterations @returns {Promise<Buffer>}
 */
export async function zopfliPng(png, iterations = 15) {
  const { zlibAsync } = require('@gfx/zopfli');
  const view = Buffer.from(png);
  const chunks = [];
  const imageData = [];
  for (let at = 8; at < view.length; ) {
    const length = view.readUInt32BE(at);
    const type = view.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') imageData.push(view.subarray(at + 8, at + 8 + length));
    if (type !== 'IDAT' || imageData.length === 1) chunks.push({ type, data: type === 'IDAT' ? undefined : view.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  const deflated = Buffer.from(await zlibAsync(inflateSync(Buffer.concat(imageData)), { numiterations: iterations }));
  const out = [view.subarray(0, 8)];
  for (const { type, data = deflated } of chunks) {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    out.push(head, data, crc);
  }
  return Buffer.concat(out);
}
