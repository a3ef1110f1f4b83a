/**
 * Bytes of a file to text, as VS Code opens it: a byte-order mark chooses UTF-8, UTF-16 (LE/BE) or UTF-32
 * (LE/BE), and text without one is UTF-8 (invalid bytes become U+FFFD). The mark itself is not part of the
 * text, so line and column numbers match what an editor shows.
 */
export function decodeText(bytes: Uint8Array): string {
  // A file's bytes come as a Buffer already (readSource.ts): no second view of them, nor a closure, per file.
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const b0 = buffer[0];
  const b1 = buffer[1];
  // UTF-32LE's mark starts with UTF-16LE's, so the four-byte marks are checked first.
  if (b0 === 0x00 && b1 === 0x00 && buffer[2] === 0xfe && buffer[3] === 0xff) return decodeUtf32(buffer.subarray(4), false);
  if (b0 === 0xff && b1 === 0xfe && buffer[2] === 0x00 && buffer[3] === 0x00) return decodeUtf32(buffer.subarray(4), true);
  if (b0 === 0xfe && b1 === 0xff) return decodeUtf16(buffer.subarray(2), false);
  if (b0 === 0xff && b1 === 0xfe) return decodeUtf16(buffer.subarray(2), true);
  if (b0 === 0xef && b1 === 0xbb && buffer[2] === 0xbf) return buffer.toString('utf8', 3);
  return buffer.toString('utf8');
}

const REPLACEMENT_CHARACTER = 0xfffd;

/** A trailing odd byte is an incomplete unit: it becomes U+FFFD, as in a UTF-8 file cut short. */
function decodeUtf16(bytes: Buffer, littleEndian: boolean): string {
  const whole = bytes.length - (bytes.length % 2);
  let units = bytes.subarray(0, whole);
  if (!littleEndian) units = Buffer.from(units).swap16();
  const text = units.toString('utf16le');
  return whole < bytes.length ? text + String.fromCharCode(REPLACEMENT_CHARACTER) : text;
}

/** Code points to UTF-16 units in one typed array, then one decode: linear, and no argument-list limits. */
function decodeUtf32(bytes: Buffer, littleEndian: boolean): string {
  const count = Math.floor(bytes.length / 4);
  const incomplete = bytes.length % 4 !== 0;
  const units = new Uint16Array(count * 2 + (incomplete ? 1 : 0));
  let length = 0;
  for (let i = 0; i < count; i++) {
    const codePoint = littleEndian ? bytes.readUInt32LE(i * 4) : bytes.readUInt32BE(i * 4);
    if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
      units[length++] = REPLACEMENT_CHARACTER;
    } else if (codePoint > 0xffff) {
      const offset = codePoint - 0x10000;
      units[length++] = 0xd800 + (offset >> 10);
      units[length++] = 0xdc00 + (offset & 0x3ff);
    } else {
      units[length++] = codePoint;
    }
  }
  if (incomplete) units[length++] = REPLACEMENT_CHARACTER;
  return Buffer.from(units.buffer, 0, length * 2).toString('utf16le');
}
