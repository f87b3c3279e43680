import fs from "node:fs";
import path from "node:path";
import { type KeyEntry, newKeyText, newSecretText, parseKeyList } from "./key-material.ts";

/**
 * Where Herstel's three keys come from (ADR 0017):
 * - APP_SECRET: signs tokens and CSRF values, seals TOTP seeds, keys the blind index;
 * - KEK (key-encryption key): wraps every data key that encrypts content at rest;
 * - AUDIT_KEY: keys the audit log's hash chain (HMAC), so rewriting the chain needs it.
 *
 * Each is read from its environment variable, or from the file its `_FILE` variable names, or,
 * when neither is set, from the key folder `DATA_DIR/keys`, where it is created once (folder
 * 0700, files 0600) so that a restart finds the same keys. A key value is never logged.
 */
export type KeySettings = {
  appSecret?: string;
  appSecretFile?: string;
  kek?: string;
  kekFile?: string;
  auditKey?: string;
  auditKeyFile?: string;
};

export type KeyName = "appSecret" | "kek" | "auditKey";

export type LoadedKeys = {
  appSecret: string;
  /** The current key-encryption key first, then older ones still accepted for unwrapping. */
  keks: KeyEntry[];
  /** The current audit key first, then older ones still accepted for verifying. */
  auditKeys: KeyEntry[];
  /** Where each key came from, for the start-up log ("environment", a file path). */
  where: Record<KeyName, string>;
  /** Keys created in the key folder by this load (a first start). */
  created: KeyName[];
  /** Whether some key lives in a file that may change while running (rotation): reload reads it again. */
  fromFiles: boolean;
};

/** A key that cannot be read, explained for whoever runs Herstel; never contains a key. */
export class KeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeyError";
  }
}

export function keyFolder(dataDir: string): string {
  return path.join(dataDir, "keys");
}

const FILE_NAMES: Record<KeyName, string> = { appSecret: "app-secret", kek: "kek", auditKey: "audit-key" };
const ENV_NAMES: Record<KeyName, string> = { appSecret: "APP_SECRET", kek: "KEK", auditKey: "AUDIT_KEY" };

/** The key folder's file for one key (for keys:rotate, which adds a new key in front). */
export function keyFolderFile(dataDir: string, name: KeyName): string {
  return path.join(keyFolder(dataDir), FILE_NAMES[name]);
}

/**
 * With `create: false` (restore) a missing key is an error: new keys would not open a backup
 * made with the old ones.
 */
export function loadKeys(settings: KeySettings, dataDir: string, options: { create?: boolean } = {}): LoadedKeys {
  const created: KeyName[] = [];
  const where = {} as Record<KeyName, string>;
  let fromFiles = false;
  const text = (name: KeyName, value: string | undefined, file: string | undefined, make: () => string) => {
    if (value !== undefined) {
      where[name] = "environment";
      return value;
    }
    fromFiles = true;
    if (file !== undefined) {
      where[name] = file;
      return readKeyFile(file, `${ENV_NAMES[name]}_FILE`);
    }
    const own = keyFolderFile(dataDir, name);
    where[name] = own;
    const existing = readOwnKeyFile(own, dataDir);
    if (existing !== undefined) return existing;
    if (options.create === false) {
      throw new KeyError(
        `There is no ${own}, and ${ENV_NAMES[name]} is not set. Copy the keys folder (DATA_DIR/keys) of the ` +
          `installation that made the backup, or set ${ENV_NAMES[name]}.`,
      );
    }
    created.push(name);
    return createKeyFile(own, make());
  };
  const appSecret = text("appSecret", settings.appSecret, settings.appSecretFile, newSecretText).trim();
  if (appSecret.length < 32) throw new KeyError(`The app secret in ${where.appSecret} is shorter than 32 characters.`);
  const keks = parsed("kek", text("kek", settings.kek, settings.kekFile, newKeyText), where.kek);
  const auditKeys = parsed(
    "audit",
    text("auditKey", settings.auditKey, settings.auditKeyFile, newKeyText),
    where.auditKey,
  );
  return { appSecret, keks, auditKeys, where, created, fromFiles };
}

function parsed(purpose: "kek" | "audit", text: string, where: string): KeyEntry[] {
  const what = purpose === "kek" ? "KEK" : "AUDIT_KEY";
  try {
    return parseKeyList(text, purpose, where === "environment" ? what : `${what} in ${where}`);
  } catch (error) {
    throw new KeyError((error as Error).message);
  }
}

function readKeyFile(file: string, variable: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new KeyError(
      `${variable} names ${file}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}).`,
    );
  }
}

/** A key in the key folder; a data folder that cannot be used is said as the database says it. */
function readOwnKeyFile(file: string, dataDir: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    if (code === "ENOENT") return undefined;
    throw new KeyError(
      `Cannot use the data folder ${dataDir} for its keys: ${code}. Check that it exists and that this user may ` +
        "read and write it, or set DATA_DIR to another folder.",
    );
  }
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new KeyError(`The key file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}).`);
  }
}

/** Writes a new key file readable by this user only; a file made meanwhile by another process wins. */
function createKeyFile(file: string, content: string): string {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, `${content}\n`, { mode: 0o600, flag: "wx" });
    return content;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return fs.readFileSync(file, "utf8");
    throw new KeyError(`The key file ${file} cannot be created (${code ?? "error"}). Check that DATA_DIR is writable.`);
  }
}

/**
 * Puts a new key in front of a key-folder file, keeping the older ones after it (rotation). The
 * file is replaced atomically (written beside it, then renamed), so a reader never sees half.
 */
export function prependKeyToFile(file: string, key: string): void {
  const old = readIfExists(file) ?? "";
  const next = `${key}\n${old.trim() ? `${old.trim()}\n` : ""}`;
  const temp = `${file}.new-${process.pid}`;
  fs.writeFileSync(temp, next, { mode: 0o600 });
  fs.renameSync(temp, file);
}

/** Leaves only the keys with the given ids in a key-folder file (after a finished rotation). */
export function keepKeysInFile(file: string, keep: (line: string) => boolean): void {
  const lines = (readIfExists(file) ?? "").split("\n").filter((l) => l.trim() !== "" && keep(l.trim()));
  const temp = `${file}.new-${process.pid}`;
  fs.writeFileSync(temp, `${lines.join("\n")}\n`, { mode: 0o600 });
  fs.renameSync(temp, file);
}
