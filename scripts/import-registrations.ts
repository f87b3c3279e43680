/**
 * Imports registrations from before Herstel from a CSV file (docs/import-format.md), for the
 * annual figures:
 *   npm run import:registrations -- FILE.csv [--skip-invalid]
 * Uses the configured database (DATABASE_URL, or the embedded one in DATA_DIR, which must not be
 * in use by a running app). Exit code 0: imported; 1: the file was refused (nothing changed);
 * 2: wrong use of the command.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { importHistoricRegistrations } from "../app/features/statistics/import.server.ts";
import { importReportText } from "../app/features/statistics/import-report-text.ts";
import { translator } from "../app/lib/i18n/i18n.ts";
import { loadConfigOrExit } from "../server/start.ts";
import { openConfiguredDatabase } from "./configured-database.ts";

const USAGE = "Usage: npm run import:registrations -- FILE.csv [--skip-invalid]";

function usage(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: { "skip-invalid": { type: "boolean", default: false }, help: { type: "boolean", default: false } },
    allowPositionals: true,
    strict: true,
  });
}
try {
  parsed = parse();
} catch (error) {
  usage((error as Error).message);
}
if (parsed.values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (parsed.positionals.length !== 1) usage("Give exactly one CSV file.");
const file = path.resolve(parsed.positionals[0] ?? "");
let csv: Buffer;
try {
  csv = fs.readFileSync(file);
} catch (error) {
  usage(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
}

const config = loadConfigOrExit();
const handle = await openConfiguredDatabase(config, { migrate: true });
let imported = false;
try {
  const report = await importHistoricRegistrations(handle.db, {
    csv,
    fileName: path.basename(file),
    skipInvalid: parsed.values["skip-invalid"] === true,
    now: new Date(),
    actorId: null,
    origin: "cli",
  });
  process.stdout.write(importReportText(report, translator("en")));
  if (!report.imported && report.fileProblems.length === 0 && report.valid > 0) {
    process.stdout.write("Run again with --skip-invalid to import the lines without a problem.\n");
  }
  imported = report.imported;
} finally {
  await handle.close();
}
process.exit(imported ? 0 : 1);
