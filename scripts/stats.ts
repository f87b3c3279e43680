/**
 * Prints the annual figures from the configured database, the same numbers and definitions as
 * the statistics page and GET /api/v1/statistics:
 *   npm run stats -- --year 2025 [--format json|csv] [--region ID] [--publication] [--lang nl|en]
 *   npm run stats -- --from 2025-01-01 --to 2025-06-30 --format csv
 * Uses DATABASE_URL, or the embedded database in DATA_DIR (which must not be in use by a running
 * app). Exit code 2 for wrong use.
 */
import { parseArgs } from "node:util";
import { outcomeSectionForTool, outcomesJson } from "../app/features/outcomes/outcome-section.server.ts";
import { todayInAmsterdam } from "../app/features/registration/registration.schema.ts";
import { tablesToCsv } from "../app/features/statistics/exports.server.ts";
import {
  exportHeader,
  figureSetForTool,
  parseFigureQuery,
  statisticsJson,
} from "../app/features/statistics/statistics.server.ts";
import { loadConfigOrExit } from "../server/start.ts";
import { openConfiguredDatabase } from "./configured-database.ts";

const USAGE =
  "Usage: npm run stats -- --year YYYY [--format json|csv] [--region ID] [--publication] [--lang nl|en]\n" +
  "   or: npm run stats -- --from YYYY-MM-DD --to YYYY-MM-DD [...]";

function usage(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

let args: ReturnType<typeof read>;
function read() {
  return parseArgs({
    options: {
      year: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      region: { type: "string" },
      format: { type: "string", default: "json" },
      publication: { type: "boolean", default: false },
      lang: { type: "string", default: "nl" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  }).values;
}
try {
  args = read();
} catch (error) {
  usage((error as Error).message);
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (args.format !== "json" && args.format !== "csv") usage(`--format must be json or csv, not "${args.format}"`);
if (args.lang !== "nl" && args.lang !== "en") usage(`--lang must be nl or en, not "${args.lang}"`);
if (!args.year && !(args.from && args.to)) usage("Give --year, or --from and --to.");
const url = new URL("http://localhost/");
for (const [name, value] of [
  ["year", args.year],
  ["from", args.from],
  ["to", args.to],
  ["region", args.region],
] as const)
  if (value) url.searchParams.set(name, value);
if (args.publication) url.searchParams.set("publication", "1");
const query = parseFigureQuery(url, Number(todayInAmsterdam(new Date()).slice(0, 4)));
if (!query) usage("The year, period or region is not valid.");

const config = loadConfigOrExit();
const handle = await openConfiguredDatabase(config, { migrate: true });
try {
  const locale = args.lang;
  const set = await figureSetForTool(handle.db, query, locale);
  const outcomes = await outcomeSectionForTool(handle.db, query, locale);
  if (args.format === "csv")
    process.stdout.write(tablesToCsv(exportHeader(locale, query, set), [...set.tables, ...outcomes.tables]));
  else
    process.stdout.write(
      `${JSON.stringify({ ...statisticsJson(query, set), outcomes: outcomesJson(outcomes) }, null, 2)}\n`,
    );
} finally {
  await handle.close();
}
