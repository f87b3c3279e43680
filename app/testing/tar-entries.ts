/**
 * The files in a tar archive (what PGlite's dumpDataDir gives: the data folder as files), for
 * tests that look at the stored bytes as `grep` on the folder would.
 */
export function tarEntries(tar: Uint8Array): { name: string; data: Buffer }[] {
  const buffer = Buffer.from(tar.buffer, tar.byteOffset, tar.byteLength);
  const entries: { name: string; data: Buffer }[] = [];
  let offset = 0;
  while (offset + 512 <= buffer.length) {
    const header = buffer.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const text = (from: number, length: number) =>
      header
        .subarray(from, from + length)
        .toString("utf8")
        .replace(/\0.*$/s, "");
    const name = `${text(345, 155) ? `${text(345, 155)}/` : ""}${text(0, 100)}`;
    const size = Number.parseInt(text(124, 12).trim() || "0", 8);
    entries.push({ name, data: buffer.subarray(offset + 512, offset + 512 + size) });
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

/** The names of the files in which any of the texts occurs (as UTF-8 bytes). */
export function filesContaining(entries: { name: string; data: Buffer }[], texts: string[]): string[] {
  const found: string[] = [];
  for (const entry of entries) {
    for (const text of texts) {
      if (entry.data.includes(Buffer.from(text, "utf8"))) found.push(`${entry.name}: ${text}`);
    }
  }
  return found;
}
