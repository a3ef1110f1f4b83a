// The VSIX's entries deflated again with Zopfli, which writes the same deflate format as zlib (any unzip,
// VS Code's installer included, reads it) in about 5% fewer bytes, at the price of seconds of packaging
// time. vsce writes its zip with zlib's default level; here each entry is read back, deflated with Zopfli,
// checked to inflate to the same bytes, and written with the names, dates and attributes vsce gave it.
// Only what vsce writes is read: one disk, no zip64, no encryption.
import { createRequire } from 'node:module';
import { crc32, inflateRawSync } from 'node:zlib';

const require = createRequire(import.meta.url);

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const STORED = 0;
const DEFLATED = 8;
/** General-purpose flag bit 3: sizes and CRC in a data descriptor after the data (yazl streams so). */
const DATA_DESCRIPTOR_FLAG = 0x8;

/** @param {Buffer} zip */
function entriesOf(zip) {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== END_OF_CENTRAL_DIRECTORY) end--;
  if (end < 0) throw new Error('not a zip file: no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = [];
  for (let index = 0; index < count; index++) {
    if (zip.readUInt32LE(at) !== CENTRAL_HEADER) throw new Error(`zip entry ${index}: no central directory header`);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const central = zip.subarray(at, at + 46 + nameLength + extraLength + commentLength);
    const method = central.readUInt16LE(10);
    const compressedSize = central.readUInt32LE(20);
    const localOffset = central.readUInt32LE(42);
    if (zip.readUInt32LE(localOffset) !== LOCAL_HEADER) throw new Error(`zip entry ${index}: no local header`);
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const stored = zip.subarray(dataStart, dataStart + compressedSize);
    if (method !== STORED && method !== DEFLATED) throw new Error(`zip entry ${index}: compression method ${method}`);
    const data = method === DEFLATED ? inflateRawSync(stored) : stored;
    if (crc32(data) !== central.readUInt32LE(16)) throw new Error(`zip entry ${index}: CRC mismatch`);
    entries.push({ central, method, stored, data });
    at += central.length;
  }
  return { entries, comment: zip.subarray(end + 22) };
}

/**
 * The files of a zip as names and inflated bytes, for checks on what a VSIX holds.
 * @param {Buffer} zip @returns {{ name: string, data: Buffer }[]}
 */
export function zipFiles(zip) {
  return entriesOf(zip).entries.map(({ central, data }) => ({ name: central.subarray(46, 46 + central.readUInt16LE(28)).toString('utf8'), data }));
}

/**
 * The zip with every entry deflated by Zopfli (`iterations` rounds of its optimiser), keeping an entry's
 * original bytes where Zopfli does not do better.
 * @param {Buffer} zip @param {number} iterations @returns {Promise<Buffer>}
 */
export async function recompressZip(zip, iterations) {
  const { deflateAsync } = require('@gfx/zopfli');
  const { entries, comment } = entriesOf(zip);
  const parts = [];
  const centrals = [];
  let offset = 0;
  for (const { central, method, stored, data } of entries) {
    const zopfli = Buffer.from(await deflateAsync(data, { numiterations: iterations }));
    if (!inflateRawSync(zopfli).equals(data)) throw new Error('Zopfli output does not inflate to its input');
    const [newMethod, newData] = zopfli.length < stored.length ? [DEFLATED, zopfli] : [method, stored];
    const name = central.subarray(46, 46 + central.readUInt16LE(28));
    const flags = central.readUInt16LE(8) & ~DATA_DESCRIPTOR_FLAG;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(central.readUInt16LE(6), 4); // version needed to extract
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(newMethod, 8);
    central.copy(local, 10, 12, 16); // time and date
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(newData.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const newCentral = Buffer.from(central);
    newCentral.writeUInt16LE(flags, 8);
    newCentral.writeUInt16LE(newMethod, 10);
    newCentral.writeUInt32LE(newData.length, 20);
    newCentral.writeUInt32LE(offset, 42);
    parts.push(local, name, newData);
    centrals.push(newCentral);
    offset += local.length + name.length + newData.length;
  }
  const centralDirectory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(comment.length, 20);
  const result = Buffer.concat([...parts, centralDirectory, end, comment]);
  // The result read back as a zip holds the same files, byte for byte.
  const check = entriesOf(result).entries;
  if (check.length !== entries.length || check.some((entry, index) => !entry.data.equals(entries[index].data))) {
    throw new Error('the recompressed zip does not hold the same files');
  }
  return result;
}
