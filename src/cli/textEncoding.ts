import { decodeText } from './decodeText';

/**
 * The encoding a file was read in (decodeText.ts), so that a fixed file is written back the same way: UTF-8
 * with or without its byte-order mark, UTF-16 or UTF-32 in the byte order the mark says.
 */
export type TextEncoding = 'utf8' | 'utf8bom' | 'utf16le' | 'utf16be' | 'utf32le' | 'utf32be';

export function encodingOf(bytes: Uint8Array): TextEncoding {
  const at = (index: number) => bytes[index];
  if (at(0) === 0x00 && at(1) === 0x00 && at(2) === 0xfe && at(3) === 0xff) return 'utf32be';
  if (at(0) === 0xff && at(1) === 0xfe && at(2) === 0x00 && at(3) === 0x00) return 'utf32le';
  if (at(0) === 0xfe && at(1) === 0xff) return 'utf16be';
  if (at(0) === 0xff && at(1) === 0xfe) return 'utf16le';
  if (at(0) === 0xef && at(1) === 0xbb && at(2) === 0xbf) return 'utf8bom';
  return 'utf8';
}

/** Text (without its mark) to bytes in an encoding, the mark first where the encoding has one. */
export function encodeText(text: string, encoding: TextEncoding): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16be':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    case 'utf32le':
    case 'utf32be': {
      const littleEndian = encoding === 'utf32le';
      const codePoints = [...text].map((character) => character.codePointAt(0)!);
      const out = Buffer.alloc(4 + codePoints.length * 4);
      if (littleEndian) out.writeUInt32LE(0xfeff, 0);
      else out.writeUInt32BE(0xfeff, 0);
      codePoints.forEach((codePoint, i) => (littleEndian ? out.writeUInt32LE(codePoint, 4 + i * 4) : out.writeUInt32BE(codePoint, 4 + i * 4)));
      return out;
    }
  }
}

/**
 * Whether writing the decoded text back gives the very bytes read: not so when the file holds bytes that are
 * not valid in its encoding (decoded as U+FFFD). Such a file is never rewritten, since a fix would also
 * replace those bytes.
 */
export function roundTrips(bytes: Uint8Array): boolean {
  return encodeText(decodeText(bytes), encodingOf(bytes)).equals(bytes);
}
