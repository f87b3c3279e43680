import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPglite } from "../../db/database.server.ts";
import { migrate } from "../../db/migrate.server.ts";
import type { Database } from "../../db/schema.ts";
import { availableBackends, createTestDatabase } from "../../db/testing/test-database.ts";
import { installKeyRing } from "../../lib/keys/key-ring.server.ts";
import { loadKeys } from "../../lib/keys/key-store.server.ts";
import { takenUpCase, waitingRegistration } from "../../testing/case-fixtures.ts";
import { fixedKeysEnv, installFixedKeys } from "../../testing/test-keys.ts";
import { verifyAuditChain } from "../audit/audit.queries.server.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

// The command runs as a child process (spawnSync), which holds this worker until it ends: the
// tests that run it have room for two workers' worth of a busy machine.
function runRetention(args: string[], env: Record<string, string | undefined>) {
  const { DATABASE_URL: _, DATA_DIR: __, MIGRATION_DATABASE_URL: ___, ...rest } = process.env;
  return spawnSync(process.execPath, ["scripts/retention.ts", ...args], {
    cwd: ROOT,
    env: { ...rest, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

/** One case closed with contact in 2020 (due 2025-06-10) and one registration never taken up (due 2026-02-01). */
async function history(db: Kysely<Database>) {
  const made = await takenUpCase(db);
  await db
    .updateTable("mediation_case")
    .set({ step: "closed", closed_at: new Date("2020-06-10T10:00:00Z"), outcome_contact: true })
    .where("id", "=", made.caseId)
    .execute();
  const waiting = await waitingRegistration(db, { receivedAt: new Date("2025-02-01T10:00:00Z") });
  return { made, waiting };
}

describe.runIf(availableBackends().includes("postgres"))("npm run retention [postgres]", () => {
  let test: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    test = await createTestDatabase("postgres");
  });
  afterAll(() => test?.drop());

  it("lists what is due as a dry run, erases it with --apply, and says so on its last line", async () => {
    const db = test.handle.db;
    const { made, waiting } = await history(db);
    const env = { DATABASE_URL: test.url, ...fixedKeysEnv() };

    const early = runRetention(["--as-of", "2025-06-09"], env);
    expect(early.status).toBe(0);
    expect(early.stdout.trim().split("\n").at(-1)).toBe(
      "erased: 0 case files, 0 registrations, 0 messages, 0 sessions, 0 audit records (dry run; add --apply to erase what is due)",
    );
    expect(early.stdout).not.toContain(made.reference);

    const dry = runRetention(["--as-of", "2026-02-01"], env);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain("case_file: 1 due");
    expect(dry.stdout).toContain(`  ${made.reference} case due 2025-06-10`);
    expect(dry.stdout).toContain("registration_not_taken_up: 1 due");
    expect(dry.stdout).toContain(`  ${waiting.reference} registration due 2026-02-01`);
    expect(await db.selectFrom("mediation_case").select("id").where("id", "=", made.caseId).execute()).toHaveLength(1);

    const applied = runRetention(["--as-of=2026-02-01", "--apply"], env);
    expect(applied.stderr).toBe("");
    expect(applied.status).toBe(0);
    expect(applied.stdout.trim().split("\n").at(-1)).toBe(
      "erased: 1 case files, 2 registrations, 0 messages, 0 sessions, 0 audit records",
    );
    expect(await db.selectFrom("mediation_case").select("id").where("id", "=", made.caseId).execute()).toEqual([]);
    expect(await db.selectFrom("registration").select("id").where("id", "=", waiting.id).execute()).toEqual([]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });

    const again = runRetention(["--as-of", "2026-02-01", "--apply"], env);
    expect(again.stdout.trim().split("\n").at(-1)).toBe(
      "erased: 0 case files, 0 registrations, 0 messages, 0 sessions, 0 audit records",
    );
  }, 120_000);

  it("refuses a malformed date with a clear message and changes nothing", () => {
    const bad = runRetention(["--as-of", "2026-02-30", "--apply"], { DATABASE_URL: test.url, ...fixedKeysEnv() });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain("--as-of needs a date as YYYY-MM-DD");
    const unknown = runRetention(["--now"], { DATABASE_URL: test.url, ...fixedKeysEnv() });
    expect(unknown.stderr).toContain('unknown option "--now"');
  }, 120_000);
});

describe("npm run retention [pglite data folder]", () => {
  it("erases from the embedded database in DATA_DIR with the keys kept there", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "herstel-retention-"));
    try {
      installKeyRing(loadKeys({}, dataDir));
      const local = await openPglite(dataDir);
      await migrate(local);
      const { made } = await history(local.db);
      await local.close();
      const result = runRetention(["--as-of", "2026-02-01", "--apply"], { DATA_DIR: dataDir });
      expect(result.stderr).toBe("");
      expect(result.stdout.trim().split("\n").at(-1)).toBe(
        "erased: 1 case files, 2 registrations, 0 messages, 0 sessions, 0 audit records",
      );
      const reopened = await openPglite(dataDir);
      try {
        expect(
          await reopened.db.selectFrom("mediation_case").select("id").where("id", "=", made.caseId).execute(),
        ).toEqual([]);
        expect(await verifyAuditChain(reopened.db)).toMatchObject({ ok: true });
      } finally {
        await reopened.close();
      }
    } finally {
      installFixedKeys();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
