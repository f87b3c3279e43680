import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type AuditRecordContent,
  auditHash,
  canonicalAuditContent,
  GENESIS_HASH,
  isValidActorLabel,
  isValidAuditAction,
  isValidAuditReason,
  isValidObjectId,
  isValidObjectType,
  keyedFromMac,
  MAX_ORIGIN_LENGTH,
  normaliseOrigin,
  requestedObjectId,
} from "./audit.rules.ts";

const record: AuditRecordContent = {
  id: 42,
  occurred_at: new Date("2026-12-01T09:30:15.123Z"),
  actor_id: 7,
  actor_label: null,
  action: "registration.read",
  object_type: "registration",
  object_id: "123",
  result: "allowed",
  origin: "192.0.2.1",
  reason: null,
  prev_hash: GENESIS_HASH,
};

describe("GENESIS_HASH", () => {
  it("is sha256 of 'herstel-audit-genesis' in hex, as migration 0005 computes it", () => {
    expect(GENESIS_HASH).toBe(createHash("sha256").update("herstel-audit-genesis").digest("hex"));
    expect(GENESIS_HASH).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("canonicalAuditContent", () => {
  it("lists every stored field except the hash, in a fixed order, with UTC milliseconds", () => {
    expect(canonicalAuditContent(record)).toBe(
      `{"id":42,"occurred_at":"2026-12-01T09:30:15.123Z","actor_id":7,"actor_label":null,` +
        `"action":"registration.read","object_type":"registration","object_id":"123","result":"allowed",` +
        `"origin":"192.0.2.1","reason":null,"prev_hash":"${GENESIS_HASH}"}`,
    );
  });

  it("does not depend on the order of the properties or on extra ones such as the row's hash", () => {
    const shuffled = Object.fromEntries(Object.entries(record).reverse()) as AuditRecordContent;
    expect(canonicalAuditContent(shuffled)).toBe(canonicalAuditContent(record));
    expect(canonicalAuditContent({ ...record, hash: "x" } as AuditRecordContent)).toBe(canonicalAuditContent(record));
  });

  it("writes the time in UTC whatever the Date was created from", () => {
    const local = { ...record, occurred_at: new Date("2026-12-01T10:30:15.123+01:00") };
    expect(canonicalAuditContent(local)).toBe(canonicalAuditContent(record));
  });

  it("tells a null apart from the text 'null' and an empty value", () => {
    const texts = [null, "null", ""].map((reason) => canonicalAuditContent({ ...record, reason }));
    expect(new Set(texts).size).toBe(3);
  });
});

describe("auditHash", () => {
  it("is deterministic and is sha256 of the canonical content including prev_hash", () => {
    const hash = auditHash(GENESIS_HASH, record);
    expect(hash).toBe(auditHash(GENESIS_HASH, { ...record }));
    expect(hash).toBe(createHash("sha256").update(canonicalAuditContent(record)).digest("hex"));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("uses the prevHash argument, not a prev_hash property of the record", () => {
    const other = "0".repeat(64);
    expect(auditHash(other, record)).toBe(auditHash(other, { ...record, prev_hash: "ignored" } as AuditRecordContent));
    expect(auditHash(other, record)).not.toBe(auditHash(GENESIS_HASH, record));
  });

  const changes: Record<keyof AuditRecordContent, Partial<AuditRecordContent>[]> = {
    id: [{ id: 43 }],
    occurred_at: [{ occurred_at: new Date("2026-12-01T09:30:15.124Z") }],
    actor_id: [{ actor_id: 8 }, { actor_id: null }],
    actor_label: [{ actor_label: "system" }],
    action: [{ action: "registration.update" }],
    object_type: [{ object_type: "case" }, { object_type: null }],
    object_id: [{ object_id: "124" }, { object_id: null }],
    result: [{ result: "denied" }],
    origin: [{ origin: "192.0.2.2" }, { origin: null }],
    reason: [{ reason: "break_glass" }],
    prev_hash: [{ prev_hash: "f".repeat(64) }],
    key_id: [{ key_id: "0123456789abcdef" }],
  };

  for (const [field, variants] of Object.entries(changes)) {
    it(`changes when ${field} changes`, () => {
      const original = auditHash(record.prev_hash, record);
      for (const change of variants) {
        const changed = { ...record, ...change };
        expect(auditHash(changed.prev_hash, changed, Buffer.alloc(32, 1))).not.toBe(original);
      }
    });
  }

  it("is an HMAC with the audit key for a keyed record, and cannot be made without that key", () => {
    const key = Buffer.alloc(32, 7);
    const keyed = { ...record, key_id: "0123456789abcdef" };
    const hash = auditHash(GENESIS_HASH, keyed, key);
    expect(hash).toBe(createHmac("sha256", key).update(canonicalAuditContent(keyed)).digest("hex"));
    expect(canonicalAuditContent(keyed)).toContain('"key_id":"0123456789abcdef"');
    expect(hash).not.toBe(auditHash(GENESIS_HASH, keyed, Buffer.alloc(32, 8)));
    expect(hash).not.toBe(createHash("sha256").update(canonicalAuditContent(keyed)).digest("hex"));
    expect(() => auditHash(GENESIS_HASH, keyed)).toThrow(/needs its audit key/);
    // Records from before the chain was keyed keep exactly their old hash.
    expect(canonicalAuditContent({ ...record, key_id: null })).toBe(canonicalAuditContent(record));
  });

  it("signs where the chain was keyed, so that neither the record nor its hash can change", () => {
    const key = Buffer.alloc(32, 7);
    const mac = keyedFromMac(key, 41, GENESIS_HASH);
    expect(mac).toMatch(/^[0-9a-f]{64}$/);
    expect(keyedFromMac(key, 42, GENESIS_HASH)).not.toBe(mac);
    expect(keyedFromMac(key, null, GENESIS_HASH)).not.toBe(mac);
    expect(keyedFromMac(key, 41, "0".repeat(64))).not.toBe(mac);
    expect(keyedFromMac(Buffer.alloc(32, 8), 41, GENESIS_HASH)).not.toBe(mac);
  });

  it("cannot be fooled by moving text from one field into the next", () => {
    const a = { ...record, object_type: "case", object_id: "1" };
    const b = { ...record, object_type: "case1", object_id: "" };
    expect(auditHash(GENESIS_HASH, a)).not.toBe(auditHash(GENESIS_HASH, b));
  });
});

describe("validation", () => {
  it("accepts dotted lower-case actions only", () => {
    for (const ok of ["auth.login", "registration.read", "auth.second_factor", "case.note.read"]) {
      expect(isValidAuditAction(ok), ok).toBe(true);
    }
    for (const bad of ["login", "Auth.login", "auth.", ".auth", "auth..login", "auth login", "auth.1x", "a.b\n"]) {
      expect(isValidAuditAction(bad), bad).toBe(false);
    }
    expect(isValidAuditAction(`a.${"b".repeat(99)}`)).toBe(false);
  });

  it("accepts short codes as reasons, never free text", () => {
    for (const ok of ["wrong_password", "break_glass", "throttled"]) expect(isValidAuditReason(ok), ok).toBe(true);
    for (const bad of ["", "Wrong password", "wrong-password", "x".repeat(65), "reason: jan@example.org"]) {
      expect(isValidAuditReason(bad), bad).toBe(false);
    }
  });

  it("accepts lower-case object types", () => {
    expect(isValidObjectType("registration")).toBe(true);
    expect(isValidObjectType("case.note")).toBe(true);
    expect(isValidObjectType("Registration")).toBe(false);
    expect(isValidObjectType("")).toBe(false);
  });

  it("accepts actor labels that cannot hold a name or an e-mail address", () => {
    for (const ok of ["system", "anonymous", "email:3f2a9c"]) expect(isValidActorLabel(ok), ok).toBe(true);
    for (const bad of ["jan@example.org", "Jan Jansen", "", "System"]) expect(isValidActorLabel(bad), bad).toBe(false);
  });

  it("accepts printable object ids of 1 to 200 characters", () => {
    expect(isValidObjectId("HB-2026-000001")).toBe(true);
    for (const bad of ["", "x".repeat(201), "a\u0000b", "a\nb", "\ud800"]) expect(isValidObjectId(bad)).toBe(false);
  });
});

describe("normaliseOrigin", () => {
  it("keeps an address as given and turns a missing one into null", () => {
    expect(normaliseOrigin("2001:db8::1")).toBe("2001:db8::1");
    expect(normaliseOrigin("unknown")).toBe("unknown");
    expect(normaliseOrigin(undefined)).toBeNull();
    expect(normaliseOrigin("")).toBeNull();
  });

  it("makes anything storable exactly as hashed: no control characters, no lone surrogates, not too long", () => {
    expect(normaliseOrigin("1.2.3.4\r\nx\u0000")).toBe("1.2.3.4\ufffd\ufffdx\ufffd");
    expect(normaliseOrigin("a\ud800b")).toBe("a\ufffdb");
    const long = normaliseOrigin(`${"x".repeat(MAX_ORIGIN_LENGTH - 1)}😀`);
    expect(long).toHaveLength(MAX_ORIGIN_LENGTH);
    expect(long?.isWellFormed()).toBe(true);
  });
});

describe("requestedObjectId", () => {
  it("keeps a typed id that can be stored, and replaces one that cannot", () => {
    expect(requestedObjectId("12")).toBe("12");
    expect(requestedObjectId("\u0000")).toBe("unreadable");
    expect(requestedObjectId("\uD800x")).toBe("unreadable");
    expect(requestedObjectId("9".repeat(60))).toBe("9".repeat(40));
  });
});
