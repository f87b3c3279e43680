import { sql } from "kysely";
import { expect, it } from "vitest";
import { withSystemTask } from "../../db/acting.server.ts";
import { asAppRole } from "../../db/testing/app-role.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { verifyAuditChain } from "../audit/audit.queries.server.ts";
import { auditCutoff, pruneAuditLog } from "./audit-pruning.server.ts";
import { summaryLine } from "./retention.rules.ts";
import { runRetention } from "./retention.server.ts";

/**
 * Pruning the audit log after 5 years (migration 0034, ADR 0020): the oldest records go, the
 * chain verifies from a checkpoint signed with the audit key, and tampering before or after the
 * checkpoint is still found.
 */
const NOW = new Date("2026-11-30T10:00:00Z");
const TODAY = "2026-11-30";

describeWithDatabase("audit log pruning", (handle, kind, url) => {
  it("prunes records older than 5 years, keeps verifying from a signed checkpoint, and finds tampering on both sides", async () => {
    const owner = handle().db;
    const record = (at: Date, n: number) =>
      recordAudit(owner, {
        actorId: n,
        action: "case.read",
        objectType: "case",
        objectId: n,
        result: "allowed",
        origin: "t",
        at,
      });
    const old: { id: number; hash: string }[] = [];
    for (let n = 1; n <= 4; n++) old.push(await record(new Date(`2020-0${n}-15T10:00:00Z`), n));
    // On the boundary: exactly 5 years before the day counted to is kept.
    const boundary = await record(auditCutoff(TODAY, new Date()), 5);
    for (let n = 6; n <= 7; n++) await record(new Date(`2026-11-0${n}T10:00:00Z`), n);
    expect(await verifyAuditChain(owner)).toEqual({ ok: true, count: 7 });

    const { app, release } = await asAppRole(handle(), kind, url());
    try {
      // A dry run counts, removes nothing.
      expect(await pruneAuditLog(app.db, { asOf: TODAY, now: NOW, apply: false })).toEqual({
        records: 4,
        lastId: old[3]?.id,
      });
      expect(await owner.selectFrom("audit_log").select("id").execute()).toHaveLength(7);
      // The database refuses a starting point younger than 5 years, even from the retention task.
      await expect(
        withSystemTask(app.db, "retention", (trx) =>
          sql`SELECT audit_prune(${boundary.id}, ${boundary.hash}, now(), ${"0".repeat(16)}, ${"0".repeat(64)})`.execute(
            trx,
          ),
        ),
      ).rejects.toThrow(/kept 5 years/);
      // The app role cannot delete records itself.
      await expect(
        app.db
          .deleteFrom("audit_log")
          .where("id", "=", old[0]?.id ?? 0)
          .execute(),
      ).rejects.toThrow();

      const run = await runRetention(app.db, { asOf: TODAY, now: NOW, apply: true });
      expect(run.erased.auditRecords).toBe(4);
      expect(summaryLine(run.erased, true)).toMatch(/, 4 audit records$/);
    } finally {
      await release();
    }
    const kept = await owner.selectFrom("audit_log").select(["id", "action"]).orderBy("id").execute();
    expect(kept[0]?.id).toBe(boundary.id);
    expect(kept.at(-1)?.action).toBe("audit.prune");
    const verified = await verifyAuditChain(owner);
    expect(verified).toMatchObject({ ok: true, prunedThrough: { id: old[3]?.id } });

    const unguarded = async (fn: () => Promise<unknown>) => {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(owner);
      try {
        await fn();
      } finally {
        await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(owner);
      }
    };

    // After the checkpoint: a changed record.
    await unguarded(() => sql`UPDATE audit_log SET origin = 'x' WHERE id = ${boundary.id}`.execute(owner));
    expect(await verifyAuditChain(owner)).toMatchObject({ ok: false, brokenId: boundary.id, problem: "hash_mismatch" });
    await unguarded(() => sql`UPDATE audit_log SET origin = 't' WHERE id = ${boundary.id}`.execute(owner));
    expect(await verifyAuditChain(owner)).toMatchObject({ ok: true });

    // At the checkpoint: the first kept record removed (pruning more without the key).
    const first = await owner
      .selectFrom("audit_log")
      .selectAll()
      .where("id", "=", boundary.id)
      .executeTakeFirstOrThrow();
    await unguarded(() => owner.deleteFrom("audit_log").where("id", "=", boundary.id).execute());
    const next = kept[1]?.id;
    expect(await verifyAuditChain(owner)).toMatchObject({ ok: false, brokenId: next, problem: "chain_break" });
    await sql`INSERT INTO audit_log OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_record(NULL::audit_log, ${JSON.stringify(
      { ...first, occurred_at: first.occurred_at.toISOString() },
    )}::json)`.execute(owner);
    expect(await verifyAuditChain(owner)).toMatchObject({ ok: true });

    // Before the checkpoint: the checkpoint removed (as if nothing was pruned) breaks the start.
    const checkpoint = await owner.selectFrom("audit_chain_checkpoint").selectAll().executeTakeFirstOrThrow();
    await owner.deleteFrom("audit_chain_checkpoint").execute();
    expect(await verifyAuditChain(owner)).toMatchObject({ ok: false, brokenId: boundary.id, problem: "chain_break" });
    // Moved forward over a record without the audit key: its signature no longer matches.
    await sql`INSERT INTO audit_chain_checkpoint (last_pruned_id, last_pruned_hash, pruned_before, pruned_at, key_id, mac)
      VALUES (${boundary.id}, ${boundary.hash}, ${checkpoint.pruned_before}, ${checkpoint.pruned_at}, ${checkpoint.key_id}, ${checkpoint.mac})`.execute(
      owner,
    );
    await unguarded(() => owner.deleteFrom("audit_log").where("id", "=", boundary.id).execute());
    expect(await verifyAuditChain(owner)).toMatchObject({ ok: false, brokenId: 0, problem: "checkpoint_changed" });
  });
});
