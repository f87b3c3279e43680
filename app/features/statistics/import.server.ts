import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import { STATISTICS_TABLES, vacuumTables } from "../../db/vacuum.server.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { refreshStatisticsFacts } from "./figures.server.ts";
import { checkImportFile, type FileProblem, type ImportCodes, type InvalidRow } from "./import.rules.ts";

type Db = Kysely<Database> | Transaction<Database>;

/** Rows per INSERT: 13 parameters each stays far below PostgreSQL's 65,535 per statement. */
const BATCH_SIZE = 1000;
const IMPORTED_FROM_MAX = 300;

export type ImportReport = {
  fileName: string;
  /** Problems with the file as a whole (encoding, header, quotes): nothing was checked further. */
  fileProblems: FileProblem[];
  /** Data rows in the file. */
  rows: number;
  valid: number;
  invalid: InvalidRow[];
  /** New rows written. */
  inserted: number;
  /** Valid rows whose external_id was already imported (by this file before, or another one). */
  alreadyImported: number;
  /** Of those imported before: how many got whether both agreed, which they lacked (migration 0021). */
  agreementAdded: number;
  /** Whether the valid rows were imported; false when the file was refused. */
  imported: boolean;
};

/** The codes rows may use: every code of the lists and regions, also those no longer in use. */
export async function loadImportCodes(db: Db): Promise<ImportCodes> {
  const [items, regions] = await Promise.all([
    db
      .selectFrom("list_item")
      .select(["list", "code"])
      .where("list", "in", ["offence_category", "referrer_type", "no_contact_reason"])
      .orderBy("list")
      .orderBy("position")
      .execute(),
    db.selectFrom("region").select(["id", "code"]).orderBy("code").execute(),
  ]);
  const of = (list: string) => new Set(items.filter((i) => i.list === list).map((i) => i.code));
  return {
    offenceCategories: of("offence_category"),
    referrerTypes: of("referrer_type"),
    noContactReasons: of("no_contact_reason"),
    regions: new Map(regions.map((r) => [r.code, r.id])),
  };
}

/**
 * Imports a CSV file of registrations from before Herstel (docs/import-format.md) into
 * historic_registration, in one transaction. A file with any invalid row imports nothing,
 * unless skipInvalid; rows already imported (same external_id) are left as they are, so
 * importing the same file again changes nothing.
 */
export async function importHistoricRegistrations(
  db: Db,
  options: {
    csv: string | Uint8Array;
    fileName: string;
    skipInvalid: boolean;
    now: Date;
    /** Who imports: a staff member from the page, null from the command line. */
    actorId?: number | null;
    origin?: string;
  },
): Promise<ImportReport> {
  const fileName = (options.fileName.split(/[\\/]/).pop() ?? "").slice(0, IMPORTED_FROM_MAX);
  const codes = await loadImportCodes(db);
  const checked = checkImportFile(options.csv, codes, options.now);
  const report: ImportReport = {
    fileName,
    fileProblems: checked.fileProblems,
    rows: checked.rows,
    valid: checked.valid.length,
    invalid: checked.invalid,
    inserted: 0,
    alreadyImported: 0,
    agreementAdded: 0,
    imported: false,
  };
  const refused =
    checked.fileProblems.length > 0 ||
    checked.valid.length === 0 ||
    (checked.invalid.length > 0 && !options.skipInvalid);
  if (refused) return report;

  const write = async (trx: Transaction<Database>) => {
    let inserted = 0;
    let agreementAdded = 0;
    for (let start = 0; start < checked.valid.length; start += BATCH_SIZE) {
      const batch = checked.valid.slice(start, start + BATCH_SIZE);
      const written = await trx
        .insertInto("historic_registration")
        .values(batch.map(({ row }) => ({ ...row, imported_at: options.now, imported_from: fileName })))
        // A row imported before stays as it was, except that it takes whether both agreed when
        // it did not know that yet (files from before migration 0021 had no such column).
        .onConflict((oc) =>
          oc
            .column("external_id")
            .doUpdateSet({ both_agreed: (eb) => eb.ref("excluded.both_agreed") })
            .where("historic_registration.both_agreed", "is", null)
            .where("excluded.both_agreed", "is not", null),
        )
        // xmax is 0 for a row this statement inserted, and set for one it updated.
        .returning(sql<boolean>`(xmax = 0)`.as("inserted"))
        .execute();
      inserted += written.filter((w) => w.inserted).length;
      agreementAdded += written.filter((w) => !w.inserted).length;
    }
    await recordAudit(trx, {
      actorId: options.actorId ?? null,
      actorLabel: options.actorId ? undefined : "cli",
      action: "registration.import",
      objectType: "historic_registration",
      result: "allowed",
      origin: options.origin,
      at: options.now,
    });
    return { inserted, agreementAdded };
  };
  // Inside a caller's transaction (tests acting as the application role) or in one of its own.
  const written = db.isTransaction ? await write(db as Transaction<Database>) : await db.transaction().execute(write);
  report.inserted = written.inserted;
  report.agreementAdded = written.agreementAdded;
  report.alreadyImported = report.valid - report.inserted;
  report.imported = true;
  // After its own transaction, the figures' table takes the new rows at once, so that the first
  // page of figures after an import does not wait for them. The import stands if this fails:
  // the next read of the figures brings the table up to date in the same way.
  // On the embedded database, which has no autovacuum, the rows the refresh took from the list of
  // changed registrations are then vacuumed away, or every later read of the figures would scan
  // them (on a server, autovacuum does it and this vacuums nothing).
  if (report.inserted + report.agreementAdded > 0 && !db.isTransaction)
    await refreshStatisticsFacts(db)
      .then(() => vacuumTables(db, STATISTICS_TABLES))
      .catch(() => undefined);
  return report;
}
