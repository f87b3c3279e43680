/**
 * Benchmark of the historic import (docs/import-format.md): generates a valid CSV file of
 * 10,000 registrations and times `importHistoricRegistrations` on PostgreSQL and on PGlite: the
 * first import into an empty table, and the same file again (every row already imported).
 *
 *   npm run bench:import                          both backends, 10,000 rows, 5 runs each
 *   npm run bench:import -- --backend=pglite --rows=50000 --runs=3
 *
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) must be
 * a local server and a user that may create databases; the script makes its own database
 * `herstel_bench_import` and drops it afterwards. PGlite runs in a temporary folder. The import
 * runs as the owner, as the command `npm run import:registrations` does.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { type DatabaseHandle, openPglite, openPostgres } from "../app/db/database.server.ts";
import { migrate } from "../app/db/migrate.server.ts";
import { checkImportFile, IMPORT_COLUMNS } from "../app/features/statistics/import.rules.ts";
import { importHistoricRegistrations, loadImportCodes } from "../app/features/statistics/import.server.ts";
import { installFixedKeys } from "../app/testing/test-keys.ts";
import { withTempPglite } from "./support.ts";

// Benchmarks make their own databases: fixed keys, as in the tests (content is still encrypted).
installFixedKeys("bench");

const BENCH_DB = "herstel_bench_import";
const { values: args } = parseArgs({
  options: {
    backend: { type: "string", default: "all" },
    rows: { type: "string", default: "10000" },
    runs: { type: "string", default: "5" },
  },
});
const rowCount = Number(args.rows);
const runs = Number(args.runs);
if (!Number.isInteger(rowCount) || rowCount < 100 || rowCount > 1_000_000) fail("--rows must be 100…1000000");
if (!Number.isInteger(runs) || runs < 1 || runs > 100) fail("--runs must be 1…100");
if (!["all", "postgres", "pglite"].includes(args.backend)) fail("--backend must be all, postgres or pglite");

const adminUrl = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const NOW = new Date("2026-11-30T12:00:00Z");

function fail(message: string): never {
  console.error(`bench:import: ${message}`);
  process.exit(1);
}

function log(message: string) {
  process.stderr.write(`${message}\n`);
}

/** A deterministic pseudo-random generator, so every run imports the same file. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** A valid file of n registrations over 2012–2023, weighted roughly like a national service. */
function generateCsv(n: number): string {
  const next = random(2026);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T;
  // Violence and sexual offences most often, as in the published figures.
  const offences = ["violence", "violence", "violence", "sexual_offence", "sexual_offence", "traffic", "property"];
  offences.push("homicide", "robbery", "threats_stalking", "domestic_violence", "vandalism", "other");
  const referrers = ["victim_support", "child_protection_board", "probation", "prison", "youth_care", "police"];
  const reasons = ["other_party_declines", "other_party_unreachable", "registrant_withdraws", "not_suitable", "other"];
  const forms = ["letter_exchange", "conversation", "shuttle", "video_message", "group_conference"];
  const day = (from: Date, maxDays: number) =>
    new Date(from.getTime() + Math.floor(next() * maxDays) * 86_400_000).toISOString().slice(0, 10);
  const lines = [IMPORT_COLUMNS.join(",")];
  for (let i = 1; i <= n; i++) {
    const received = day(new Date(Date.UTC(2012, 0, 1)), 12 * 365);
    const takenUp = next() < 0.85 ? day(new Date(`${received}T00:00:00Z`), 30) : "";
    const channel = next() < 0.88 ? "referrer" : pick(["self", "staff"]);
    const side = next() < 0.4 ? "victim" : "offender";
    const outcome = takenUp ? pick(["contact", "contact", "no_contact", "no_contact", "no_contact", "open"]) : "open";
    const closed = outcome === "open" ? "" : day(new Date(`${takenUp}T00:00:00Z`), 300);
    const contactForms =
      outcome === "contact" ? [...new Set([pick(forms), ...(next() < 0.3 ? [pick(forms)] : [])])].join(";") : "";
    lines.push(
      [
        `OUD-${String(i).padStart(6, "0")}`,
        received,
        takenUp,
        channel,
        channel === "referrer" ? pick(referrers) : "",
        side,
        next() < 0.1 ? (side === "victim" ? "bereaved" : "relative") : side,
        pick(offences),
        pick(["noord", "oost", "midden", "west", "zuid", ""]),
        outcome,
        contactForms.includes(";") ? `"${contactForms}"` : contactForms,
        outcome === "no_contact" ? pick(reasons) : "",
        closed,
        outcome === "contact" ? "yes" : pick(["yes", "no", ""]),
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

type Row = { backend: string; step: string; median: number; min: number; max: number };

function summarise(backend: string, step: string, times: number[]): Row {
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
  log(`  ${backend} | ${step}: ${median.toFixed(0)} ms median`);
  return { backend, step, median, min: sorted[0] ?? Number.NaN, max: sorted[sorted.length - 1] ?? Number.NaN };
}

async function timeImport(handle: DatabaseHandle, backend: string, csv: Buffer): Promise<Row[]> {
  const first: number[] = [];
  const again: number[] = [];
  for (let run = 0; run < runs; run++) {
    await handle.db.deleteFrom("historic_registration").execute();
    let start = performance.now();
    const report = await importHistoricRegistrations(handle.db, {
      csv,
      fileName: "bench.csv",
      skipInvalid: false,
      now: NOW,
    });
    first.push(performance.now() - start);
    if (!report.imported || report.inserted !== rowCount)
      fail(`${backend}: import failed: ${JSON.stringify(report).slice(0, 500)}`);
    start = performance.now();
    const second = await importHistoricRegistrations(handle.db, {
      csv,
      fileName: "bench.csv",
      skipInvalid: false,
      now: NOW,
    });
    again.push(performance.now() - start);
    if (second.alreadyImported !== rowCount) fail(`${backend}: second import inserted rows`);
  }
  return [summarise(backend, "first import", first), summarise(backend, "same file again", again)];
}

async function adminQuery(sql: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function benchPostgres(csv: Buffer): Promise<Row[]> {
  const host = new URL(adminUrl).hostname;
  if (!["127.0.0.1", "localhost", "[::1]", ""].includes(host)) fail(`only a local PostgreSQL is used, not ${host}`);
  const url = new URL(adminUrl);
  url.pathname = `/${BENCH_DB}`;
  await adminQuery(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${BENCH_DB}`);
  const handle = openPostgres(url.toString(), 1);
  try {
    await migrate(handle);
    return await timeImport(handle, "PostgreSQL", csv);
  } finally {
    await handle.close();
    await adminQuery(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
  }
}

async function benchPglite(csv: Buffer): Promise<Row[]> {
  return withTempPglite(async (handle) => {
    await migrate(handle);
    return await timeImport(handle, "PGlite", csv);
  });
}

const started = performance.now();
const csv = Buffer.from(generateCsv(rowCount));
log(`${rowCount} rows, ${(csv.length / 1024).toFixed(0)} kB`);
const results: Row[] = [];
// Reading and checking alone, without a database (the codes are the default lists).
{
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "herstel-bench-"));
  const pglite = await openPglite(dir);
  await migrate(pglite);
  const codes = await loadImportCodes(pglite.db);
  await pglite.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const checked = checkImportFile(csv, codes, NOW);
    times.push(performance.now() - start);
    if (checked.invalid.length > 0) fail(`generated file has invalid rows: ${JSON.stringify(checked.invalid[0])}`);
  }
  results.push(summarise("none", "read and check only", times));
}
if (args.backend !== "pglite") results.push(...(await benchPostgres(csv)));
if (args.backend !== "postgres") results.push(...(await benchPglite(csv)));

const ms = (n: number) => n.toFixed(0);
const table =
  `importHistoricRegistrations, ${rowCount} rows (${(csv.length / 1024).toFixed(0)} kB), ${runs} runs each; times in ms\n\n` +
  "| backend | step | median | min | max |\n|---|---|---|---|---|\n" +
  results.map((r) => `| ${r.backend} | ${r.step} | ${ms(r.median)} | ${ms(r.min)} | ${ms(r.max)} |`).join("\n") +
  `\n\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s; ${os.cpus().length} CPUs, ` +
  `${(os.totalmem() / 2 ** 30).toFixed(0)} GB memory, Node ${process.version}\n`;
fs.mkdirSync("reports", { recursive: true });
fs.writeFileSync("reports/bench-import.md", table);
process.stdout.write(`\n${table}`);
