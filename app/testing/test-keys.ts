import { createHash } from "node:crypto";
import { keyId } from "../lib/keys/key-material.ts";
import { installKeyRing, type KeyRing } from "../lib/keys/key-ring.server.ts";
import type { LoadedKeys } from "../lib/keys/key-store.server.ts";

/**
 * Fixed keys for tests and benchmarks, the same in every process of a run (the integration
 * tests' template database is migrated, and its audit chain keyed, in the global set-up, then
 * read in each test file's worker). Never used by the app itself.
 */
export function fixedKeys(label = "test"): LoadedKeys {
  const key = (purpose: string) => createHash("sha256").update(`herstel-${label}-${purpose}`).digest();
  const kek = key("kek");
  const audit = key("audit");
  return {
    appSecret: key("app-secret").toString("base64url"),
    keks: [{ id: keyId("kek", kek), key: kek }],
    auditKeys: [{ id: keyId("audit", audit), key: audit }],
    where: { appSecret: "test", kek: "test", auditKey: "test" },
    created: [],
    fromFiles: false,
  };
}

export function installFixedKeys(label = "test"): KeyRing {
  return installKeyRing(fixedKeys(label));
}

/** The same fixed keys as environment variables, for child processes (command-line tools, the app). */
export function fixedKeysEnv(label = "test"): Record<string, string> {
  const { appSecret, keks, auditKeys } = fixedKeys(label);
  const text = (entries: { key: Buffer }[]) => entries.map((e) => e.key.toString("base64")).join(",");
  return { APP_SECRET: appSecret, KEK: text(keks), AUDIT_KEY: text(auditKeys) };
}
