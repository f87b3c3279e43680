import { hkdfSync } from "node:crypto";
import { DataKeyCache } from "./data-key-cache.ts";
import type { KeyEntry } from "./key-material.ts";
import type { LoadedKeys } from "./key-store.server.ts";

/**
 * The keys of this process, loaded once at start-up (server/start.ts, the command-line tools,
 * the test set-up). Held here rather than passed through every call, like the logger: content
 * encryption happens deep inside each feature's data-access module (ADR 0017).
 *
 * When a key-encryption key or audit key id is met that is not known (keys:rotate put a new key
 * in front of a key file while this process ran), the key files are read again, at most once a
 * second, so a running app follows a rotation without a restart.
 */
export class KeyRing {
  #loaded: LoadedKeys;
  #reload: (() => LoadedKeys) | undefined;
  #lastReload = 0;
  #blindIndexKey: Buffer;
  #caseKeys = new WeakMap<object, DataKeyCache>();

  constructor(loaded: LoadedKeys, reload?: () => LoadedKeys) {
    this.#loaded = loaded;
    this.#reload = loaded.fromFiles ? reload : undefined;
    this.#blindIndexKey = Buffer.from(hkdfSync("sha256", loaded.appSecret, "", "herstel-blind-index", 32));
  }

  get appSecret(): string {
    return this.#loaded.appSecret;
  }
  /** The key-encryption key new data keys are wrapped with. */
  get currentKek(): KeyEntry {
    return this.#loaded.keks[0] as KeyEntry;
  }
  /** The key new audit records are signed with. */
  get currentAuditKey(): KeyEntry {
    return this.#loaded.auditKeys[0] as KeyEntry;
  }
  /** Keys the blind index of registrations' identifying answers (duplicate detection). */
  get blindIndexKey(): Buffer {
    return this.#blindIndexKey;
  }
  get keks(): readonly KeyEntry[] {
    return this.#loaded.keks;
  }

  /**
   * Unwrapped data keys of recently opened cases (app/db/data-keys.server.ts), one cache per
   * database connection pool (`scope`: its Kysely adapter, shared by its transactions), since
   * case ids only mean something within one database.
   */
  caseKeys(scope: object): DataKeyCache {
    let cache = this.#caseKeys.get(scope);
    if (!cache) {
      cache = new DataKeyCache();
      this.#caseKeys.set(scope, cache);
    }
    return cache;
  }
  /** Forgets every remembered case key (a benchmark's cold view; after a restore). */
  forgetCaseKeys(): void {
    this.#caseKeys = new WeakMap();
  }

  /** Reads the key files again now (after keys:rotate put a new key in front). */
  reload(): void {
    if (!this.#reload) return;
    this.#lastReload = Date.now();
    this.#loaded = { ...this.#reload(), appSecret: this.#loaded.appSecret };
  }

  kek(id: string): Buffer | undefined {
    return this.#find(() => this.#loaded.keks, id);
  }
  auditKey(id: string): Buffer | undefined {
    return this.#find(() => this.#loaded.auditKeys, id);
  }

  #find(list: () => KeyEntry[], id: string): Buffer | undefined {
    const found = list().find((k) => k.id === id);
    if (found || !this.#reload || Date.now() - this.#lastReload < 1000) return found?.key;
    this.#lastReload = Date.now();
    try {
      const fresh = this.#reload();
      // The app secret never changes under a running process: sessions and tokens depend on it.
      this.#loaded = { ...fresh, appSecret: this.#loaded.appSecret };
    } catch {
      return undefined;
    }
    return list().find((k) => k.id === id)?.key;
  }
}

/**
 * Kept on globalThis under a registered symbol, not in a module variable: server/start.ts loads
 * this module from source, while the routes run from the Vite build (or Vite's dev loader),
 * which holds its own copy of every module. Both copies must find the same keys.
 */
const SLOT = Symbol.for("herstel.key-ring");
type Slot = { [SLOT]?: KeyRing };

export function installKeyRing(loaded: LoadedKeys, reload?: () => LoadedKeys): KeyRing {
  const ring = new KeyRing(loaded, reload);
  (globalThis as Slot)[SLOT] = ring;
  return ring;
}

/** The installed keys; a programming error when start-up did not load them. */
export function keyRing(): KeyRing {
  const ring = (globalThis as Slot)[SLOT];
  if (!ring) throw new Error("keys were not loaded (installKeyRing) before use");
  return ring;
}
