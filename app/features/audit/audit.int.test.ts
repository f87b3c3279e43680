import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type DatabaseHandle, openPglite, openPostgres } from "../../db/database.server.ts";
import { migrate } from "../../db/migrate.server.ts";
import type { Database } from "../../db/schema.ts";
import { withDatabase } from "../../db/testing/backends.ts";
import { availableBackends, createTestDatabase, describeWithDatabase } from "../../db/testing/test-database.ts";
import { installKeyRing } from "../../lib/keys/key-ring.server.ts";
import { loadKeys } from "../../lib/keys/key-store.server.ts";
import { fixedKeysEnv, installFixedKeys } from "../../testing/test-keys.ts";
import { type AuditEntry, recordAudit } from "./audit.commands.server.ts";
import { type AuditChainProblem, accessHistory, verifyAuditChain } from "./audit.queries.server.ts";
import { GENESIS_HASH } from "./audit.rules.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

const read = (n: number): AuditEntry => ({
  actorId: 1 + (n % 5),
  action: "registration.read",
  objectType: "registration",
  objectId: n,
  result: "allowed",
  origin: "192.0.2.10",
});

async function head(db: Kysely<Database>) {
  return db.selectFrom("audit_chain_head").select(["last_id", "last_hash"]).executeTakeFirstOrThrow();
}

async function count(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("audit_log")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** What only the table owner can do: switch the append-only trigger off for a moment. */
async function asOwnerWithoutTriggers(
  db: Kysely<Database>,
  fn: () => Promise<unknown>,
  table: "audit_log" | "audit_chain_head" = "audit_log",
): Promise<void> {
  await sql`ALTER TABLE ${sql.table(table)} DISABLE TRIGGER USER`.execute(db);
  try {
    await fn();
  } finally {
    await sql`ALTER TABLE ${sql.table(table)} ENABLE TRIGGER USER`.execute(db);
  }
}

async function removeRecord(db: Kysely<Database>, id: number): Promise<() => Promise<void>> {
  const row = await db.selectFrom("audit_log").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  await asOwnerWithoutTriggers(db, () => sql`DELETE FROM audit_log WHERE id = ${id}`.execute(db));
  return () =>
    asOwnerWithoutTriggers(db, () =>
      sql`INSERT INTO audit_log OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::audit_log, ${JSON.stringify(row)}::json)`.execute(
        db,
      ),
    );
}

const broken = (count: number, brokenId: number, problem: AuditChainProblem) =>
  ({ ok: false, count, brokenId, problem }) as const;

async function appendMany(db: Kysely<Database>, n: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < n; i++) await recordAudit(trx, read(i));
  });
}

describeWithDatabase("audit log", (handle, kind) => {
  const db = () => handle().db;

  it("starts empty at the genesis hash, and an empty log verifies", async () => {
    expect(await head(db())).toEqual({ last_id: null, last_hash: GENESIS_HASH });
    expect(await verifyAuditChain(db())).toEqual({ ok: true, count: 0 });
  });

  it("chains many records and verifies them across batch boundaries", async () => {
    const first = await recordAudit(db(), {
      actorId: null,
      action: "auth.password",
      result: "denied",
      reason: "unknown_account",
    });
    await appendMany(db(), 150);
    const last = await recordAudit(db(), read(999));
    const rows = await db().selectFrom("audit_log").select(["id", "prev_hash", "hash"]).orderBy("id").execute();
    expect(rows).toHaveLength(152);
    expect(rows[0]).toMatchObject({ id: first.id, prev_hash: GENESIS_HASH, hash: first.hash });
    for (const [i, row] of rows.slice(1).entries()) expect(row.prev_hash).toBe(rows[i]?.hash);
    expect(await head(db())).toEqual({ last_id: last.id, last_hash: last.hash });
    for (const batchSize of [1, 7, 151, 152, 1000]) {
      expect(await verifyAuditChain(db(), { batchSize })).toEqual({ ok: true, count: 152 });
    }
  });

  it("stores exactly what it hashed, without content", async () => {
    const at = new Date("2026-12-01T09:30:15.123Z");
    const entry: AuditEntry = { ...read(5), origin: "1.2.3.4\r\n\u0000\ud800", reason: "break_glass", at };
    const { id } = await recordAudit(db(), entry);
    const row = await db().selectFrom("audit_log").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      occurred_at: at,
      object_id: "5",
      origin: "1.2.3.4\ufffd\ufffd\ufffd\ufffd",
      actor_label: null,
    });
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it("keeps one unforked chain when 20 transactions append at the same moment", async () => {
    const before = await count(db());
    // On PostgreSQL: 20 connections, each inside its own transaction before any of them appends.
    const url = kind === "postgres" ? await currentUrl(db()) : undefined;
    const writers = url ? openPostgres(url, 20) : handle();
    const inside = barrier(kind === "postgres" ? 20 : 1);
    try {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          writers.db.transaction().execute(async (trx) => {
            await sql`SELECT 1`.execute(trx);
            await inside();
            const result = await recordAudit(trx, read(1000 + i));
            if (kind === "postgres") await sql`SELECT pg_sleep(0.01)`.execute(trx);
            return result;
          }),
        ),
      );
      expect(new Set(results.map((r) => r.id)).size).toBe(20);
    } finally {
      if (writers !== handle()) await writers.close();
    }
    const forks = await sql<{
      prev_hash: string;
    }>`SELECT prev_hash FROM audit_log GROUP BY prev_hash HAVING count(*) > 1`.execute(db());
    expect(forks.rows).toEqual([]);
    expect(await verifyAuditChain(db())).toEqual({ ok: true, count: before + 20 });
  });

  it("leaves no record and the head unchanged when the audited transaction rolls back", async () => {
    const [before, n] = [await head(db()), await count(db())];
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await recordAudit(trx, read(1));
          throw new Error("the audited action failed");
        }),
    ).rejects.toThrow("the audited action failed");
    expect(await head(db())).toEqual(before);
    expect(await count(db())).toBe(n);
    // The id it took is a gap; the chain goes on over it.
    await recordAudit(db(), read(2));
    expect(await verifyAuditChain(db())).toEqual({ ok: true, count: n + 1 });
  });

  it("refuses malformed entries as programming errors and writes nothing", async () => {
    const n = await count(db());
    const bad: AuditEntry[] = [
      { ...read(1), action: "Login" },
      { ...read(1), reason: "wrong password for jan@example.org" },
      { ...read(1), objectType: undefined },
      { ...read(1), objectId: "" },
      { ...read(1), objectId: 1.5 },
      { ...read(1), actorId: 0 },
      { ...read(1), actorLabel: "jan@example.org" },
      { ...read(1), at: new Date(Number.NaN) },
    ];
    for (const entry of bad) await expect(recordAudit(db(), entry)).rejects.toThrow(/^recordAudit: /);
    expect(await count(db())).toBe(n);
  });

  it("refuses UPDATE, DELETE and TRUNCATE of audit_log", async () => {
    const n = await count(db());
    await expect(sql`UPDATE audit_log SET reason = 'edited'`.execute(db())).rejects.toThrow("audit_log is append-only");
    await expect(db().deleteFrom("audit_log").execute()).rejects.toThrow("audit_log is append-only");
    await expect(db().deleteFrom("audit_log").where(sql<boolean>`false`).execute()).rejects.toThrow("append-only");
    await expect(sql`TRUNCATE audit_log`.execute(db())).rejects.toThrow("audit_log is append-only");
    expect(await count(db())).toBe(n);
  });

  it("lets the head only move forward onto the next record, never be removed", async () => {
    const current = await head(db());
    const earlier = await db().selectFrom("audit_log").select(["id", "hash"]).orderBy("id").executeTakeFirstOrThrow();
    await expect(
      db().updateTable("audit_chain_head").set({ last_id: earlier.id, last_hash: earlier.hash }).execute(),
    ).rejects.toThrow("may only advance");
    await expect(db().deleteFrom("audit_chain_head").execute()).rejects.toThrow("cannot be removed");
    await expect(sql`TRUNCATE audit_chain_head`.execute(db())).rejects.toThrow("cannot be removed");
    expect(await head(db())).toEqual(current);
  });

  it("lists who did what with one object, newest first", async () => {
    const t = (m: number) => new Date(Date.UTC(2027, 0, 1, 12, m));
    await recordAudit(db(), { ...read(0), actorId: 3, objectId: "HB-2027-000001", at: t(1) });
    const denied = { result: "denied", reason: "not_assigned" } as const;
    await recordAudit(db(), {
      ...read(0),
      actorId: 4,
      action: "registration.update",
      objectId: "HB-2027-000001",
      at: t(2),
    });
    await recordAudit(db(), { ...read(0), actorId: 5, ...denied, objectId: "HB-2027-000001", at: t(3) });
    await recordAudit(db(), { ...read(0), objectId: "HB-2027-000002", at: t(4) });
    const history = await accessHistory(db(), "registration", "HB-2027-000001", { limit: 2 });
    expect(history.map((h) => [h.occurred_at, h.actor_id, h.actor_label, h.action, h.result, h.reason])).toEqual([
      [t(3), 5, null, "registration.read", "denied", "not_assigned"],
      [t(2), 4, null, "registration.update", "allowed", null],
    ]);
    expect(await accessHistory(db(), "registration", 150, { limit: 10 })).toEqual([]);
  });

  it("names a record whose fields were changed (hash_mismatch)", async () => {
    const n = await count(db());
    const row = await db()
      .selectFrom("audit_log")
      .select(["id", "actor_id"])
      .orderBy("id")
      .offset(10)
      .executeTakeFirstOrThrow();
    const setActor = (actorId: number | null) =>
      asOwnerWithoutTriggers(db(), () =>
        sql`UPDATE audit_log SET actor_id = ${actorId} WHERE id = ${row.id}`.execute(db()),
      );
    await setActor(99);
    expect(await verifyAuditChain(db(), { batchSize: 4 })).toEqual(broken(10, row.id, "hash_mismatch"));
    await setActor(row.actor_id);
    expect(await verifyAuditChain(db())).toEqual({ ok: true, count: n });
  });

  it("names the record after a removed one (chain_break)", async () => {
    const ids = (await db().selectFrom("audit_log").select("id").orderBy("id").execute()).map((r) => r.id);
    const [removed, next] = [ids[20] as number, ids[21] as number];
    const restore = await removeRecord(db(), removed);
    expect(await verifyAuditChain(db())).toEqual(broken(20, next, "chain_break"));
    await restore();
    // The first record, whose predecessor is the genesis hash, counts the same way.
    const restoreFirst = await removeRecord(db(), ids[0] as number);
    expect(await verifyAuditChain(db())).toEqual(broken(0, ids[1] as number, "chain_break"));
    await restoreFirst();
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it("notices a removed tail, and a record added without the head (head_mismatch)", async () => {
    const n = await count(db());
    const last = await head(db());
    const restore = await removeRecord(db(), last.last_id as number);
    expect(await verifyAuditChain(db())).toEqual(broken(n - 1, last.last_id as number, "head_mismatch"));
    await restore();
    // A well-formed record the head does not know of, as if appended around recordAudit.
    const added = await recordAudit(db(), read(7));
    const moveHead = (to: { last_id: number | null; last_hash: string }) =>
      asOwnerWithoutTriggers(db(), () => db().updateTable("audit_chain_head").set(to).execute(), "audit_chain_head");
    await moveHead(last);
    expect(await verifyAuditChain(db())).toEqual(broken(n + 1, added.id, "head_mismatch"));
    await moveHead({ last_id: added.id, last_hash: added.hash });
    expect(await verifyAuditChain(db())).toEqual({ ok: true, count: n + 1 });
  });
});

describe.runIf(availableBackends().includes("postgres"))("npm run audit:verify [postgres]", () => {
  let test: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    test = await createTestDatabase("postgres");
  });
  afterAll(() => test?.drop());

  it("says the log is intact (exit 0), then names a changed record (exit 1)", async () => {
    const db = test.handle.db;
    await appendMany(db, 5);
    const ok = runVerify({ DATABASE_URL: test.url, ...fixedKeysEnv() });
    expect(ok.stdout).toBe("Audit log intact: 5 records\n");
    expect(ok.status).toBe(0);
    const { id } = await db.selectFrom("audit_log").select("id").orderBy("id").offset(2).executeTakeFirstOrThrow();
    await asOwnerWithoutTriggers(db, () =>
      sql`UPDATE audit_log SET action = 'registration.delete' WHERE id = ${id}`.execute(db),
    );
    const broken = runVerify({ DATABASE_URL: test.url, ...fixedKeysEnv() });
    expect(broken.stdout).toMatch(new RegExp(`^Audit log BROKEN at record ${id}: record ${id} was changed`));
    expect(broken.status).toBe(1);
  }, 120_000);
});

describe("npm run audit:verify [pglite data folder]", () => {
  it("verifies the embedded database in DATA_DIR with the audit key the app keeps there", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "herstel-audit-"));
    try {
      // As the app does on its first start: the keys are made in DATA_DIR/keys.
      installKeyRing(loadKeys({}, dataDir));
      const local: DatabaseHandle = await openPglite(dataDir);
      await migrate(local);
      await appendMany(local.db, 3);
      await local.close();
      const result = runVerify({ DATA_DIR: dataDir });
      expect(result.stdout).toBe("Audit log intact: 3 records\n");
      expect(result.status).toBe(0);
      // Without that key file the records cannot be checked, and the tool says why.
      fs.renameSync(path.join(dataDir, "keys", "audit-key"), path.join(dataDir, "audit-key.moved"));
      fs.writeFileSync(path.join(dataDir, "keys", "audit-key"), `${Buffer.alloc(32, 9).toString("base64")}\n`);
      const withoutKey = runVerify({ DATA_DIR: dataDir });
      expect(withoutKey.stdout).toMatch(/^Audit log BROKEN at record 0: the audit key .* is not configured/);
      expect(withoutKey.status).toBe(1);
    } finally {
      installFixedKeys();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

function runVerify(env: Record<string, string | undefined>) {
  const { DATABASE_URL: _, DATA_DIR: __, ...rest } = process.env;
  return spawnSync(process.execPath, ["scripts/audit-verify.ts"], {
    cwd: ROOT,
    env: { ...rest, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

async function currentUrl(db: Kysely<Database>): Promise<string> {
  const admin = inject("backends").postgresAdminUrl;
  if (!admin) throw new Error("PostgreSQL is not available");
  const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(db);
  return withDatabase(admin, rows[0]?.name as string);
}

/** Resolves for everyone once n callers are waiting. */
function barrier(n: number): () => Promise<void> {
  let waiting = 0;
  let release: () => void = () => {};
  const all = new Promise<void>((resolve) => {
    release = resolve;
  });
  return () => {
    waiting++;
    if (waiting >= n) release();
    return all;
  };
}
