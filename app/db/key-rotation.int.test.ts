import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { getCaseFile } from "../features/cases/case.queries.server.ts";
import { findDraft } from "../features/registration/registration.queries.server.ts";
import { MissingKekError } from "../lib/keys/envelope.ts";
import { installKeyRing } from "../lib/keys/key-ring.server.ts";
import { MARKERS, markedCase } from "../testing/marked-case.ts";
import { storedMail } from "../testing/sealed-reads.ts";
import { fixedKeys, fixedKeysEnv, installFixedKeys } from "../testing/test-keys.ts";
import { kekIdsInUse, keysToRewrap, rotateDataKeys } from "./key-rotation.server.ts";
import { availableBackends, createTestDatabase, describeWithDatabase } from "./testing/test-database.ts";

/** keys:rotate: every data key re-wrapped under a new KEK, resumably, while writes go on. */
describeWithDatabase("rotating the key-encryption key", (handle) => {
  it("re-wraps every data key, drafts and e-mails included, and the old KEK is then no longer needed", async () => {
    const db = handle().db;
    const old = fixedKeys();
    const next = fixedKeys("next-kek");
    try {
      const made = await markedCase(db);
      await markedCase(db);
      // The new key in front, the old one kept for reading (as after editing KEK or the key file).
      installKeyRing({ ...old, keks: [...next.keks, ...old.keks] });
      const before = await keysToRewrap(db);
      // Two registrations (their cases adopt their keys), two half-filled drafts, two e-mails.
      expect(before).toBe(6);

      // Interrupted after the first batch of one key: what is done stays done.
      const stop = new Error("interrupted");
      await expect(
        rotateDataKeys(db, {
          batchSize: 1,
          onBatch: () => {
            throw stop;
          },
        }),
      ).rejects.toBe(stop);
      expect(await keysToRewrap(db)).toBe(before - 1);

      // Run again while the app goes on writing: a new case meanwhile gets a key under the new KEK.
      const [result] = await Promise.all([rotateDataKeys(db, { batchSize: 2 }), markedCase(db)]);
      expect(result.remaining).toBe(0);
      expect(await keysToRewrap(db)).toBe(0);
      expect([...(await kekIdsInUse(db))]).toEqual([next.keks[0]?.id]);

      // With only the new KEK, everything opens; with only the old one, nothing does.
      installKeyRing({ ...old, keks: next.keks });
      const file = await getCaseFile(db, made.mediator, made.caseId);
      expect(file.activities.map((a) => a.summary)).toContain(MARKERS.note);
      expect((await findDraft(db, made.draft, new Date("2026-10-01T10:00:00Z")))?.answers).toMatchObject({
        hopes: MARKERS.draft,
      });
      expect((await storedMail(db)).map((m) => m.recipient)).toContain(MARKERS.email);
      installKeyRing(old);
      await expect(getCaseFile(db, made.mediator, made.caseId)).rejects.toBeInstanceOf(MissingKekError);
    } finally {
      installFixedKeys();
    }
  });
});

describe.runIf(availableBackends().includes("postgres"))("npm run keys:rotate [postgres]", () => {
  it("re-wraps under the new KEK put in front of KEK, and then says there is nothing to do", async () => {
    const test = await createTestDatabase("postgres");
    try {
      await markedCase(test.handle.db);
      const old = fixedKeysEnv();
      const next = fixedKeysEnv("next-kek");
      const run = () =>
        spawnSync(process.execPath, ["scripts/keys-rotate.ts"], {
          cwd: fileURLToPath(new URL("../../", import.meta.url)),
          env: {
            PATH: process.env.PATH ?? "",
            LOG_LEVEL: "silent",
            ...old,
            KEK: `${next.KEK},${old.KEK}`,
            DATABASE_URL: test.url,
          },
          encoding: "utf8",
          timeout: 60_000,
        });
      const first = run();
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/Re-wrapped 3 data key\(s\); 0 left under an older key-encryption key/);
      expect(first.stdout).toContain(`Every data key is now wrapped by ${fixedKeys("next-kek").keks[0]?.id}`);
      const second = run();
      expect(second.stdout).toMatch(
        /^Every data key is already wrapped by key-encryption key [0-9a-f]{16}\. To rotate/,
      );
    } finally {
      await test.drop();
    }
  }, 120_000);
});
