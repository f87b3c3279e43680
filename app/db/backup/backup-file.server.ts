import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { MissingKekError, newDataKey, unwrapKey, wrapKey } from "../../lib/keys/envelope.ts";
import { keyRing } from "../../lib/keys/key-ring.server.ts";

/**
 * The backup file (ADR 0018): readable only with the key-encryption key, and saying what it holds
 * without it.
 *
 *   "HERSTEL-BACKUP 1\n" | header length (4 bytes) | header (JSON) | chunks…
 *
 * The header names the backend, the schema version (the last migration), when it was made, and
 * the file key, wrapped by the KEK. The dump follows in chunks of at most 1 MiB, each sealed with
 * AES-256-GCM under the file key; each chunk's associated data holds the header's hash, its
 * number and whether it is the last, so a changed header, a changed, swapped or missing chunk and
 * a cut-off file are all refused.
 */
const MAGIC = Buffer.from("HERSTEL-BACKUP 1\n", "utf8");
const CHUNK = 1024 * 1024;
const TAG = 16;

export type BackupHeader = {
  format: 1;
  backend: "pglite" | "postgres";
  /** The last migration applied in the backed-up database: version and name. */
  schemaVersion: number;
  migration: string;
  createdAt: string;
  /** Ids of the keys the data needs (never the keys): restore checks they are configured. */
  keys: { kek: string; audit: string; appSecret: string };
  /** The file key, wrapped by the KEK named in keys.kek. */
  wrappedKey: string;
  nonce: string;
};

/** A file that is not a Herstel backup, or was changed or cut off: nothing is restored from it. */
export class BackupDamagedError extends Error {
  constructor(file: string, why: string) {
    super(`${file} is not a usable Herstel backup: ${why}. Nothing was changed.`);
    this.name = "BackupDamagedError";
  }
}

/** A short fingerprint of the app secret, to tell whether a restore uses the same one. */
export function appSecretFingerprint(secret: string): string {
  return createHash("sha256").update(`herstel-app-secret-id:${secret}`).digest("hex").slice(0, 16);
}

function chunkNonce(index: number): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(BigInt(index), 4);
  return nonce;
}

function chunkAad(headerHash: Buffer, index: number, last: boolean): Buffer {
  const tail = Buffer.alloc(9);
  tail.writeBigUInt64BE(BigInt(index), 0);
  tail[8] = last ? 1 : 0;
  return Buffer.concat([headerHash, tail]);
}

/**
 * Writes the dump from `source` encrypted to `file`: first beside it (file.partial, mode 0600),
 * renamed once complete, so a failed or interrupted backup never leaves a file that looks whole.
 */
export async function writeBackupFile(
  file: string,
  meta: Pick<BackupHeader, "backend" | "schemaVersion" | "migration">,
  source: AsyncIterable<Uint8Array>,
): Promise<{ bytes: number; header: BackupHeader }> {
  const ring = keyRing();
  const fileKey = newDataKey();
  const nonce = randomBytes(16).toString("base64url");
  const header: BackupHeader = {
    format: 1,
    ...meta,
    createdAt: new Date().toISOString(),
    keys: { kek: ring.currentKek.id, audit: ring.currentAuditKey.id, appSecret: appSecretFingerprint(ring.appSecret) },
    wrappedKey: wrapKey(ring.currentKek, `backup:${nonce}`, fileKey).toString("base64"),
    nonce,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), "utf8");
  const headerHash = createHash("sha256").update(headerBytes).digest();
  const partial = `${file}.partial`;
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const out = fs.openSync(partial, "w", 0o600);
  let bytes = 0;
  const write = (data: Buffer) => {
    fs.writeSync(out, data);
    bytes += data.length;
  };
  try {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(headerBytes.length);
    write(Buffer.concat([MAGIC, length, headerBytes]));
    let index = 0;
    let pending = Buffer.alloc(0);
    const seal = (plain: Buffer, last: boolean) => {
      const cipher = createCipheriv("aes-256-gcm", fileKey, chunkNonce(index));
      cipher.setAAD(chunkAad(headerHash, index, last));
      const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      const size = Buffer.alloc(4);
      size.writeUInt32BE(body.length);
      write(Buffer.concat([size, body]));
      index++;
    };
    for await (const part of source) {
      pending = Buffer.concat([pending, Buffer.from(part.buffer, part.byteOffset, part.byteLength)]);
      while (pending.length > CHUNK) {
        seal(pending.subarray(0, CHUNK), false);
        pending = pending.subarray(CHUNK);
      }
    }
    seal(pending, true);
    fs.fsyncSync(out);
  } catch (error) {
    fs.closeSync(out);
    fs.rmSync(partial, { force: true });
    throw error;
  }
  fs.closeSync(out);
  fs.renameSync(partial, file);
  return { bytes, header };
}

/** The header, readable without any key: what the file says it holds. */
export function readBackupHeader(file: string): BackupHeader {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch (error) {
    throw new BackupDamagedError(file, `it cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  try {
    const start = Buffer.alloc(MAGIC.length + 4);
    if (fs.readSync(fd, start, 0, start.length, 0) !== start.length || !start.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw new BackupDamagedError(file, "it does not start like a Herstel backup");
    }
    const length = start.readUInt32BE(MAGIC.length);
    if (length > 64 * 1024) throw new BackupDamagedError(file, "its header is damaged");
    const headerBytes = Buffer.alloc(length);
    if (fs.readSync(fd, headerBytes, 0, length, start.length) !== length) {
      throw new BackupDamagedError(file, "it ends inside its header");
    }
    let header: BackupHeader;
    try {
      header = JSON.parse(headerBytes.toString("utf8")) as BackupHeader;
    } catch {
      throw new BackupDamagedError(file, "its header is damaged");
    }
    if (
      header.format !== 1 ||
      !["pglite", "postgres"].includes(header.backend) ||
      !Number.isInteger(header.schemaVersion)
    ) {
      throw new BackupDamagedError(file, "its header is damaged or of an unknown format");
    }
    return header;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The dump, decrypted chunk by chunk. Throws BackupDamagedError on any change (also a change in
 * the last byte), and MissingKekError when the KEK it was made with is not configured.
 */
export async function* readBackupFile(file: string): AsyncGenerator<Buffer> {
  const header = readBackupHeader(file);
  const fd = fs.openSync(file, "r");
  try {
    const total = fs.fstatSync(fd).size;
    const read = (position: number, length: number) => {
      const buffer = Buffer.alloc(length);
      const got = fs.readSync(fd, buffer, 0, length, position);
      return buffer.subarray(0, got);
    };
    const headerLength = read(MAGIC.length, 4).readUInt32BE(0);
    const headerHash = createHash("sha256")
      .update(read(MAGIC.length + 4, headerLength))
      .digest();
    let fileKey: Buffer;
    try {
      fileKey = unwrapKey(
        (id) => keyRing().kek(id),
        `backup:${header.nonce}`,
        Buffer.from(header.wrappedKey, "base64"),
      );
    } catch (error) {
      if (error instanceof MissingKekError) throw error;
      throw new BackupDamagedError(file, "its key does not open (the header was changed)");
    }
    let offset = MAGIC.length + 4 + headerLength;
    for (let index = 0; ; index++) {
      const sizeBytes = read(offset, 4);
      if (sizeBytes.length < 4) throw new BackupDamagedError(file, "it is cut off (its last part is missing)");
      const size = sizeBytes.readUInt32BE(0);
      if (size < TAG || size > CHUNK + TAG) throw new BackupDamagedError(file, `part ${index + 1} is damaged`);
      const body = read(offset + 4, size);
      if (body.length !== size) throw new BackupDamagedError(file, "it is cut off");
      offset += 4 + size;
      const last = offset === total;
      let plain: Buffer;
      try {
        const decipher = createDecipheriv("aes-256-gcm", fileKey, chunkNonce(index));
        decipher.setAAD(chunkAad(headerHash, index, last));
        decipher.setAuthTag(body.subarray(size - TAG));
        plain = Buffer.concat([decipher.update(body.subarray(0, size - TAG)), decipher.final()]);
      } catch {
        throw new BackupDamagedError(
          file,
          last ? "it was changed or cut off" : `part ${index + 1} was changed, moved or cut off`,
        );
      }
      yield plain;
      if (last) return;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads the whole file once, to refuse a damaged one before anything is changed. */
export async function verifyBackupFile(file: string): Promise<{ header: BackupHeader; bytes: number }> {
  const header = readBackupHeader(file);
  let bytes = 0;
  for await (const chunk of readBackupFile(file)) bytes += chunk.length;
  return { header, bytes };
}
