import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { KEY_BYTES, type KeyEntry, secretKeyOf } from "./key-material.ts";

/**
 * Authenticated encryption at rest (ADR 0017), with node:crypto's AES-256-GCM.
 *
 * A sealed value: version (1 byte) | IV (12) | ciphertext | tag (16). The associated data names
 * where the value belongs (table, column, row id), so a value copied into another row or
 * column fails to open, as does any changed byte.
 *
 * A wrapped data key: version (1) | key-encryption key id (8) | IV (12) | key (32) | tag (16),
 * with associated data naming the row that holds it.
 */
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A value that failed to open: changed, moved to another row, or sealed with another key. */
export class SealedDataError extends Error {
  constructor(where: string) {
    super(`stored encrypted value does not open (${where}): changed, moved, or another key`);
    this.name = "SealedDataError";
  }
}

export function seal(key: Buffer, aad: string, plaintext: Uint8Array): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", secretKeyOf(key), iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const body = cipher.update(plaintext);
  const final = cipher.final();
  return Buffer.concat([Buffer.of(VERSION), iv, body, final, cipher.getAuthTag()]);
}

export function open(key: Buffer, aad: string, sealed: Uint8Array): Buffer {
  const data = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (data.length < 1 + IV_BYTES + TAG_BYTES || data[0] !== VERSION) throw new SealedDataError(aad);
  try {
    const decipher = createDecipheriv("aes-256-gcm", secretKeyOf(key), data.subarray(1, 1 + IV_BYTES));
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    return Buffer.concat([decipher.update(data.subarray(1 + IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new SealedDataError(aad);
  }
}

export function newDataKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

export function wrapKey(kek: KeyEntry, aad: string, dataKey: Buffer): Buffer {
  const sealed = seal(kek.key, `wrap:${aad}`, dataKey);
  return Buffer.concat([sealed.subarray(0, 1), Buffer.from(kek.id, "hex"), sealed.subarray(1)]);
}

/** The id of the key-encryption key a wrapped key needs. */
export function wrappingKekId(wrapped: Uint8Array): string {
  return Buffer.from(wrapped.buffer, wrapped.byteOffset + 1, 8).toString("hex");
}

export function unwrapKey(kek: (id: string) => Buffer | undefined, aad: string, wrapped: Uint8Array): Buffer {
  const data = Buffer.from(wrapped.buffer, wrapped.byteOffset, wrapped.byteLength);
  if (data.length !== 1 + 8 + IV_BYTES + KEY_BYTES + TAG_BYTES) throw new SealedDataError(`wrap:${aad}`);
  const key = kek(wrappingKekId(data));
  if (!key) throw new MissingKekError(wrappingKekId(data));
  return open(key, `wrap:${aad}`, Buffer.concat([data.subarray(0, 1), data.subarray(9)]));
}

/** A data key wrapped by a key-encryption key this process does not have. */
export class MissingKekError extends Error {
  readonly kekId: string;
  constructor(kekId: string) {
    super(
      `a data key is wrapped by key-encryption key ${kekId}, which is not configured (KEK / KEK_FILE / DATA_DIR/keys/kek)`,
    );
    this.name = "MissingKekError";
    this.kekId = kekId;
  }
}
