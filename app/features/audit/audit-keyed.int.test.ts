import { PGlite } from "@electric-sql/pglite";
import { type Kysely, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { fromPglite, PGLITE_EXTENSIONS } from "../../db/database.server.ts";
import { migrate, readMigrations } from "../../db/migrate.server.ts";
import type { Database } from "../../db/schema.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { typeParsers } from "../../db/type-parsers.ts";
import { installKeyRing } from "../../lib/keys/key-ring.server.ts";
import { fixedKeys, installFixedKeys } from "../../testing/test-keys.ts";
import { type AuditEntry, recordAudit } from "./audit.commands.server.ts";
import { verifyAuditChain } from "./audit.queries.server.ts";
import { auditHash, GENESIS_HASH } from "./audit.rules.ts";

/**
 * The audit chain keyed with the audit key (ADR 0017): someone who can write to the
 * database but lacks the key cannot rewrite the chain so that it still verifies; records from
 * before the chain was keyed keep verifying, and so do records signed with an older key.
 */
const read = (n: number): AuditEntry => ({
  actorId: 1,
  action: "registration.read",
  objectType: "registration",
  objectId: n,
  result: "allowed",
  origin: "192.0.2.10",
});

async function withoutTriggers(db: Kysely<Database>, fn: () => Promise<unknown>) {
  await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(db);
  await sql`ALTER TABLE audit_chain_head DISABLE TRIGGER USER`.execute(db);
  try {
    await fn();
  } finally {
    await sql`ALTER TABLE audit_log ENABLE TRIGGER USER`.execute(db);
    await sql`ALTER TABLE audit_chain_head ENABLE TRIGGER USER`.execute(db);
  }
}

/**
 * What an intruder with the owner's database rights but without the key can do: change one
 * record, then recompute every hash from there with plain SHA-256 (as before the chain was
 * keyed) and move the head, so that every link and the head agree again.
 */
async function rewriteFrom(db: Kysely<Database>, id: number, change: { action: string }) {
  const rows = await db.selectFrom("audit_log").selectAll().where("id", ">=", id).orderBy("id").execute();
  const before = await db
    .selectFrom("audit_log")
    .select("hash")
    .where("id", "<", id)
    .orderBy("id", "desc")
    .executeTakeFirst();
  let prev = before?.hash ?? GENESIS_HASH;
  await withoutTriggers(db, async () => {
    for (const row of rows) {
      const next = { ...row, ...(row.id === id ? change : {}), key_id: null, prev_hash: prev };
      const hash = auditHash(prev, next);
      await sql`UPDATE audit_log SET action = ${next.action}, key_id = NULL, prev_hash = ${prev}, hash = ${hash}
        WHERE id = ${row.id}`.execute(db);
      prev = hash;
    }
    await sql`UPDATE audit_chain_head SET last_hash = ${prev}`.execute(db);
  });
}

afterEach(() => {
  installFixedKeys();
});

describeWithDatabase("audit chain keyed with the audit key", (handle) => {
  const db = () => handle().db;

  it("signs new records with the audit key, and a rewrite without the key is found", async () => {
    const first = await recordAudit(db(), read(1));
    for (let i = 2; i <= 5; i++) await recordAudit(db(), read(i));
    const rows = await db().selectFrom("audit_log").select(["id", "key_id"]).orderBy("id").execute();
    expect(new Set(rows.map((r) => r.key_id))).toEqual(new Set([fixedKeys().auditKeys[0]?.id]));
    expect(await verifyAuditChain(db())).toEqual({ ok: true, count: 5 });

    const third = rows[2]?.id as number;
    await rewriteFrom(db(), third, { action: "registration.delete" });
    expect(await verifyAuditChain(db())).toEqual({ ok: false, count: 2, brokenId: third, problem: "unkeyed_record" });
    expect(first.id).toBeLessThan(third);
  });
});

describeWithDatabase("audit chain: a record forged with another key", (handle) => {
  it("is named as changed", async () => {
    const db = handle().db;
    const { id } = await recordAudit(db, read(6));
    await recordAudit(db, read(7));
    expect(await verifyAuditChain(db)).toEqual({ ok: true, count: 2 });
    await withoutTriggers(db, async () => {
      const row = await db.selectFrom("audit_log").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
      const forged = auditHash(row.prev_hash, { ...row, action: "registration.delete" }, Buffer.alloc(32, 3));
      await sql`UPDATE audit_log SET action = 'registration.delete', hash = ${forged} WHERE id = ${id}`.execute(db);
    });
    expect(await verifyAuditChain(db)).toEqual({ ok: false, count: 0, brokenId: id, problem: "hash_mismatch" });
  });
});

describe("a chain from before it was keyed", () => {
  it("keeps verifying after the upgrade; its old records cannot be rewritten; older audit keys still verify", async () => {
    const pglite = await PGlite.create({ parsers: typeParsers, extensions: PGLITE_EXTENSIONS });
    const handle = fromPglite(pglite);
    try {
      const all = readMigrations();
      const keyedAt = all.findIndex((m) => m.name === "audit_key");
      await migrate(handle, all.slice(0, keyedAt));
      // Three records as the earlier Herstel wrote them: plain SHA-256, no key id.
      let prev = GENESIS_HASH;
      for (let id = 1; id <= 3; id++) {
        const record = { ...base(id), prev_hash: prev };
        const hash = auditHash(prev, record);
        await sql`INSERT INTO audit_log (id, occurred_at, actor_id, actor_label, action, object_type, object_id, result,
          origin, reason, prev_hash, hash) OVERRIDING SYSTEM VALUE VALUES (${id}, ${record.occurred_at.toISOString()},
          1, NULL, 'registration.read', 'registration', ${String(id)}, 'allowed', NULL, NULL, ${prev}, ${hash})`.execute(
          handle.db,
        );
        await sql`UPDATE audit_chain_head SET last_id = ${id}, last_hash = ${hash}`.execute(handle.db);
        prev = hash;
      }
      await sql`SELECT setval(pg_get_serial_sequence('audit_log', 'id'), 3)`.execute(handle.db);
      await migrate(handle);
      expect(await verifyAuditChain(handle.db)).toEqual({ ok: true, count: 3 });
      await recordAudit(handle.db, read(4));
      expect(await verifyAuditChain(handle.db)).toEqual({ ok: true, count: 4 });

      // A new audit key in front, the old one kept after it: old and new records verify.
      const old = fixedKeys();
      const rotated = fixedKeys("rotated");
      installKeyRing({ ...old, auditKeys: [...rotated.auditKeys, ...old.auditKeys] });
      await recordAudit(handle.db, read(5));
      expect(await verifyAuditChain(handle.db)).toEqual({ ok: true, count: 5 });
      // Without the old key, its records cannot be checked (and the tool says so).
      installKeyRing({ ...old, auditKeys: rotated.auditKeys });
      expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: false, problem: "key_missing" });
      installFixedKeys();
      installKeyRing({ ...old, auditKeys: [...rotated.auditKeys, ...old.auditKeys] });

      // Rewriting a record from before the switch, even with every plain hash after it redone.
      await rewriteFrom(handle.db, 2, { action: "registration.delete" });
      const rewritten = await verifyAuditChain(handle.db);
      expect(rewritten.ok).toBe(false);
      expect(["unkeyed_record", "keyed_from_changed"]).toContain((rewritten as { problem: string }).problem);

      // Removing the signed switch-over itself.
      await sql`DELETE FROM audit_chain_keyed`.execute(handle.db);
      expect(await verifyAuditChain(handle.db)).toEqual({
        ok: false,
        count: 0,
        brokenId: 0,
        problem: "keyed_from_changed",
      });
    } finally {
      await handle.close();
    }
  });
});

function base(id: number) {
  return {
    id,
    occurred_at: new Date(Date.UTC(2026, 0, id)),
    actor_id: 1,
    actor_label: null,
    action: "registration.read",
    object_type: "registration",
    object_id: String(id),
    result: "allowed" as const,
    origin: null,
    reason: null,
  };
}
