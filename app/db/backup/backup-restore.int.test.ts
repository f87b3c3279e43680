import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, inject, it } from "vitest";
import type { Actor } from "../../features/auth/roles.ts";
import { getCaseFile } from "../../features/cases/case.queries.server.ts";
import { recordActivity } from "../../features/cases/case-file.commands.server.ts";
import { DomainError } from "../../lib/errors.ts";
import { auditChain, databaseContent } from "../../testing/database-content.ts";
import { MARKERS, markedCase } from "../../testing/marked-case.ts";
import { fixedKeysEnv } from "../../testing/test-keys.ts";
import { shredCaseKeys } from "../data-keys.server.ts";
import { type DatabaseHandle, openPglite, openPostgres } from "../database.server.ts";
import { migrate } from "../migrate.server.ts";
import { withDatabase } from "../testing/backends.ts";
import { adminQuery } from "../testing/global-setup.ts";
import { availableBackends } from "../testing/test-database.ts";
import { backupPglite } from "./backup.server.ts";

/**
 * Backups and restore: a backup made while writes go on restores into a new place with
 * the same registrations, cases, audit chain (up to the backup) and figures; a damaged file is
 * refused and changes nothing; a case erased after the backup stays unreadable once the older
 * backup is restored over the database. Through the commands an operator runs.
 */
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const work = fs.mkdtempSync(path.join(os.tmpdir(), "herstel-backup-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function run(script: string, env: Record<string, string>, ...args: string[]) {
  const result = spawnSync(process.execPath, [`scripts/${script}.ts`, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "silent", ...fixedKeysEnv(), ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}`, stdout: result.stdout };
}

function figures(env: Record<string, string>) {
  const result = run("stats", env, "--from", "2026-01-01", "--to", "2026-12-31");
  expect(result.code, result.out).toBe(0);
  return JSON.parse(result.stdout) as { figures: unknown };
}

/** Notes written on one case, one after the other, until told to stop; answers the acknowledged ones. */
function keepWriting(db: DatabaseHandle["db"], actor: Actor, caseId: number) {
  let stop = false;
  const acknowledged: string[] = [];
  const done = (async () => {
    for (let i = 0; !stop && i < 500; i++) {
      const text = `Doorlopende notitie ${i}`;
      await recordActivity(db, actor, {
        caseId,
        origin: "t",
        now: new Date("2026-11-21T10:00:00Z"),
        kind: "note",
        occurredOn: "2026-11-21",
        summary: text,
      });
      acknowledged.push(text);
      // As requests do: the next write comes as a new task, so others (the backup) get their turn.
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  return {
    acknowledged,
    async stop() {
      stop = true;
      await done;
    },
  };
}

const corrupt = (from: string, to: string, at: (size: number) => number) => {
  const bytes = fs.readFileSync(from);
  const i = at(bytes.length);
  bytes[i] = (bytes[i] as number) ^ 0x40;
  fs.writeFileSync(to, bytes);
  return to;
};

const erasedCode = (error: unknown) => (error instanceof DomainError ? error.code : String(error));

describe("backup and restore [pglite]", () => {
  it("round trip while writes go on, damaged files refused, erased cases stay erased", {
    timeout: 180_000,
  }, async () => {
    const original = path.join(work, "a");
    const file = path.join(work, "a.backup");
    const a = await openPglite(original);
    await migrate(a);
    const first = await markedCase(a.db);
    const busy = await markedCase(a.db);
    const writer = keepWriting(a.db, busy.mediator, busy.caseId);
    while (writer.acknowledged.length < 3) await new Promise((r) => setTimeout(r, 5));
    const before = [...writer.acknowledged];
    await backupPglite(a, file);
    await writer.stop();
    expect(writer.acknowledged.length).toBeGreaterThan(before.length);
    const originalContent = await databaseContent(a.db, { skipNotesOf: busy.caseId });
    const originalChain = await auditChain(a.db);
    await a.close();
    expect(fs.readFileSync(file).subarray(0, 17).toString()).toBe("HERSTEL-BACKUP 1\n");
    expect(fs.readFileSync(file).includes(Buffer.from(MARKERS.note))).toBe(false);

    const restoredDir = path.join(work, "b");
    const restored = run("restore", { DATA_DIR: restoredDir }, file);
    expect(restored.code, restored.out).toBe(0);
    expect(restored.out).toMatch(/Restored .* schema \d{4}_\w+\) into the embedded database/);

    expect(run("audit-verify", { DATA_DIR: restoredDir }).out).toMatch(/^Audit log intact: \d+ records/);
    expect(figures({ DATA_DIR: restoredDir })).toEqual(figures({ DATA_DIR: original }));
    const b = await openPglite(restoredDir);
    try {
      expect(await databaseContent(b.db, { skipNotesOf: busy.caseId })).toEqual(originalContent);
      // The audit chain is the original's up to the moment of the backup.
      const chain = await auditChain(b.db);
      expect(chain).toEqual(originalChain.slice(0, chain.length));
      // Every note acknowledged before the backup began is in it; it holds no half-written one.
      const notes = (await getCaseFile(b.db, busy.mediator, busy.caseId)).activities.map((x) => x.summary);
      for (const text of before) expect(notes).toContain(text);
      expect(notes.filter((n) => n.startsWith("Doorlopende")).every((n) => writer.acknowledged.includes(n))).toBe(true);
    } finally {
      await b.close();
    }

    // A damaged or cut-off file is refused, and the folder it was to go into is left as it was.
    const damaged = corrupt(file, path.join(work, "damaged.backup"), (size) => Math.floor(size / 2));
    const refused = run("restore", { DATA_DIR: restoredDir }, damaged, "--force");
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(
      /Restore refused: .*damaged\.backup is not a usable Herstel backup: .*Nothing was changed/,
    );
    fs.writeFileSync(path.join(work, "cut.backup"), fs.readFileSync(file).subarray(0, fs.statSync(file).size - 100));
    expect(run("restore", { DATA_DIR: path.join(work, "c") }, path.join(work, "cut.backup")).out).toMatch(
      /not a usable Herstel backup/,
    );
    expect(fs.existsSync(path.join(work, "c", "pgdata"))).toBe(false);
    // Without --force a folder that holds a database is not replaced.
    expect(run("restore", { DATA_DIR: restoredDir }, file).out).toMatch(/already holds a database.*--force/);
    const still = await openPglite(restoredDir);
    expect((await databaseContent(still.db, { skipNotesOf: busy.caseId })).cases).toHaveLength(2);
    await still.close();

    // Crypto-shredding: the case erased after the backup stays unreadable when the backup returns.
    const again = await openPglite(original);
    expect(await shredCaseKeys(again.db, first.caseId)).toBe(1);
    await again.close();
    const back = run("restore", { DATA_DIR: original }, file, "--force");
    expect(back.out).toMatch(/Erased again since the backup: 1 data key/);
    const after = await openPglite(original);
    try {
      await expect(getCaseFile(after.db, first.mediator, first.caseId).catch(erasedCode)).resolves.toBe(
        "CONTENT_ERASED",
      );
      // The parties' names, plain for the search, are gone again too.
      const names = await after.db
        .selectFrom("case_party")
        .select("display_name")
        .where("case_id", "=", first.caseId)
        .execute();
      expect(names.map((n) => n.display_name)).toEqual(["[gewist]", "[gewist]"]);
      const other = await getCaseFile(after.db, busy.mediator, busy.caseId);
      expect(other.activities.map((x) => x.summary)).toContain(MARKERS.note);
    } finally {
      await after.close();
    }
  });
});

describe.runIf(availableBackends().includes("postgres"))("backup and restore [postgres]", () => {
  it("round trip while writes go on, damaged files refused, erased cases stay erased", {
    timeout: 180_000,
  }, async () => {
    const admin = inject("backends").postgresAdminUrl as string;
    const names = ["a", "b"].map((n) => `herstel_backup_${n}_${process.pid}`);
    const [urlA, urlB] = names.map((n) => withDatabase(admin, n)) as [string, string];
    for (const name of names) await adminQuery(admin, `CREATE DATABASE ${name}`);
    const a = openPostgres(urlA, 4);
    try {
      await migrate(a);
      const first = await markedCase(a.db);
      const busy = await markedCase(a.db);
      const file = path.join(work, "pg.backup");
      const writer = keepWriting(a.db, busy.mediator, busy.caseId);
      while (writer.acknowledged.length < 3) await new Promise((r) => setTimeout(r, 5));
      const before = [...writer.acknowledged];
      const made = run("backup", { DATABASE_URL: urlA }, file);
      await writer.stop();
      expect(made.code, made.out).toBe(0);
      expect(made.out).toMatch(/Backup written: .*pg\.backup \(.* MB, PostgreSQL, schema \d{4}_/);
      expect(run("backup", { DATABASE_URL: urlA }, file).out).toMatch(/already exists/);

      const restored = run("restore", { DATABASE_URL: urlB }, file);
      expect(restored.code, restored.out).toBe(0);
      expect(run("audit-verify", { DATABASE_URL: urlB }).out).toMatch(/^Audit log intact: \d+ records/);
      expect(figures({ DATABASE_URL: urlB })).toEqual(figures({ DATABASE_URL: urlA }));
      const b = openPostgres(urlB, 2);
      try {
        expect(await databaseContent(b.db, { skipNotesOf: busy.caseId })).toEqual(
          await databaseContent(a.db, { skipNotesOf: busy.caseId }),
        );
        const chain = await auditChain(b.db);
        expect(chain).toEqual((await auditChain(a.db)).slice(0, chain.length));
        const notes = (await getCaseFile(b.db, busy.mediator, busy.caseId)).activities.map((x) => x.summary);
        for (const text of before) expect(notes).toContain(text);
      } finally {
        await b.close();
      }

      const damaged = corrupt(file, path.join(work, "pg-damaged.backup"), (size) => size - 20);
      const refused = run("restore", { DATABASE_URL: urlB }, damaged, "--force");
      expect(refused.code).toBe(1);
      expect(refused.out).toMatch(/not a usable Herstel backup: it was changed or cut off\. Nothing was changed/);
      expect(run("restore", { DATABASE_URL: urlB }, file).out).toMatch(/already holds \d+ tables.*--force/);

      expect(await shredCaseKeys(a.db, first.caseId)).toBe(1);
      await a.close();
      const back = run("restore", { DATABASE_URL: urlA }, file, "--force");
      expect(back.code, back.out).toBe(0);
      expect(back.out).toMatch(/Erased again since the backup: 1 data key/);
      const after = openPostgres(urlA, 2);
      try {
        await expect(getCaseFile(after.db, first.mediator, first.caseId).catch(erasedCode)).resolves.toBe(
          "CONTENT_ERASED",
        );
        expect((await getCaseFile(after.db, busy.mediator, busy.caseId)).activities.length).toBeGreaterThan(2);
      } finally {
        await after.close();
      }
    } finally {
      await a.close();
      for (const name of names) await adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });
});
