import zlib from "node:zlib";

/**
 * A gzip body for a page that is the same for everyone except a few short values (a nonce, a
 * token, a request id), without running a compressor per answer.
 *
 * The fixed parts are compressed once, each as raw deflate ending in a sync flush: that leaves the
 * stream at a byte boundary, with no final block and no reference into what follows, so the parts
 * can be joined (RFC 1951 §3.2.3). The values go between them as "stored" blocks, which are the
 * bytes themselves behind a five-byte header (§3.2.4). A final empty stored block ends the stream;
 * the gzip header and trailer (RFC 1952: CRC-32 and length of the whole page) go around it.
 */
export type GzipTemplate = { parts: readonly Buffer[]; deflated: readonly Buffer[] };

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);
const FINAL_EMPTY_BLOCK = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]);
const MAX_STORED = 0xffff;

/** Compresses the fixed parts of a page once. */
export function gzipTemplate(parts: readonly string[]): GzipTemplate {
  const buffers = parts.map((part) => Buffer.from(part, "utf8"));
  return {
    parts: buffers,
    deflated: buffers.map((part) =>
      zlib.deflateRawSync(part, { level: zlib.constants.Z_BEST_COMPRESSION, finishFlush: zlib.constants.Z_SYNC_FLUSH }),
    ),
  };
}

/** The gzip body of parts[0] + values[0] + parts[1] + … (values.length === parts.length - 1). */
export function gzipFill(template: GzipTemplate, values: readonly string[]): Buffer {
  if (values.length !== template.parts.length - 1) throw new Error("gzipFill: one value between each two parts");
  const chunks: Buffer[] = [GZIP_HEADER];
  let crc = 0;
  let size = 0;
  template.parts.forEach((part, i) => {
    chunks.push(template.deflated[i] as Buffer);
    crc = zlib.crc32(part, crc);
    size += part.length;
    const value = values[i];
    if (value === undefined) return;
    const bytes = Buffer.from(value, "utf8");
    for (let at = 0; at < bytes.length; at += MAX_STORED) {
      const piece = bytes.subarray(at, at + MAX_STORED);
      chunks.push(storedBlockHeader(piece.length), piece);
    }
    crc = zlib.crc32(bytes, crc);
    size += bytes.length;
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size % 2 ** 32, 4);
  chunks.push(FINAL_EMPTY_BLOCK, trailer);
  return Buffer.concat(chunks);
}

function storedBlockHeader(length: number): Buffer {
  const header = Buffer.alloc(5);
  header[0] = 0x00; // not the final block; type 00 (stored); the rest of the byte is padding
  header.writeUInt16LE(length, 1);
  header.writeUInt16LE(~length & 0xffff, 3);
  return header;
}
