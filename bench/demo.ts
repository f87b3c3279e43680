/**
 * How long demo mode's first start takes to fill the embedded database: the demo accounts, the
 * imported history and the registrations and cases worked in the app (`seedDemoCases`), and the
 * first read of the last full year's figures (which brings the figures' table up to date).
 *
 *   npm run bench:demo                    # 200 registrations in the app (DEMO_CASES), 3 runs
 *   npm run bench:demo -- --cases=400 --runs=1
 *
 * First it times the imported history alone. Each run uses a fresh PGlite database in a temporary folder, removed afterwards. Besides the
 * clock it reports this process's CPU time, which on the embedded database is all of the work
 * and depends less on other load on the machine.
 */
import { parseArgs } from "node:util";
import { migrate } from "../app/db/migrate.server.ts";
import { appWindowDays, seedDemoCases } from "../app/features/demo/demo-cases.server.ts";
import { historyCsv, planHistory } from "../app/features/demo/demo-history.ts";
import { demoProfile, seeded } from "../app/features/demo/demo-profile.ts";
import { seedDemoAccounts } from "../app/features/demo/demo-seed.server.ts";
import { getFiguresUnchecked } from "../app/features/statistics/figures.server.ts";
import { importHistoricRegistrations } from "../app/features/statistics/import.server.ts";
import { installFixedKeys } from "../app/testing/test-keys.ts";
import { withTempPglite } from "./support.ts";

const { values } = parseArgs({
  options: { cases: { type: "string", default: "200" }, runs: { type: "string", default: "3" } },
});
const cases = Number(values.cases);
const runs = Number(values.runs);
if (!Number.isInteger(cases) || cases < 13) throw new Error("--cases must be a whole number of at least 13");
if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs must be a whole number of at least 1");

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const used = process.cpuUsage(cpu);
  return { result, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

installFixedKeys("bench");

// The imported history alone (planned and imported as the demo does it), on its own database.
await withTempPglite(async (handle) => {
  await migrate(handle);
  const now = new Date();
  const today = now.toLocaleDateString("sv-SE", { timeZone: "Europe/Amsterdam" });
  const before = new Date(now.getTime() - (appWindowDays(demoProfile(), cases) + 4) * 86_400_000).toLocaleDateString(
    "sv-SE",
    { timeZone: "Europe/Amsterdam" },
  );
  const history = await timed(async () => {
    const regions = await handle.db.selectFrom("region").select("code").execute();
    const rows = planHistory(demoProfile(), { today, before, regions: regions.map((r) => r.code), random: seeded(1) });
    return importHistoricRegistrations(handle.db, {
      csv: historyCsv(rows),
      fileName: "demo-geschiedenis.csv",
      skipInvalid: false,
      now,
    });
  });
  process.stdout.write(
    `history alone: ${history.result.inserted} rows planned and imported in ${Math.round(history.ms)} ms (CPU ${Math.round(history.cpuMs)} ms)\n`,
  );
});

const rows: { seedMs: number; seedCpuMs: number; figuresMs: number; figuresCpuMs: number }[] = [];
for (let run = 0; run < runs; run++) {
  await withTempPglite(async (handle) => {
    await migrate(handle);
    const now = new Date();
    await seedDemoAccounts(handle.db, "b".repeat(40), now);
    const seed = await timed(() => seedDemoCases(handle.db, now, cases));
    const year = now.getUTCFullYear() - 1;
    const figures = await timed(() =>
      getFiguresUnchecked(handle.db, { period: { from: `${year}-01-01`, to: `${year}-12-31` } }),
    );
    rows.push({ seedMs: seed.ms, seedCpuMs: seed.cpuMs, figuresMs: figures.ms, figuresCpuMs: figures.cpuMs });
    process.stdout.write(
      `run ${run + 1}: ${JSON.stringify(seed.result)}; seeding ${Math.round(seed.ms)} ms (CPU ${Math.round(seed.cpuMs)} ms); ` +
        `first figures of ${year} (${figures.result.received} received) ${Math.round(figures.ms)} ms (CPU ${Math.round(figures.cpuMs)} ms)\n`,
    );
  });
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const middle = (s.length - 1) / 2;
  return Math.round(((s[Math.floor(middle)] ?? 0) + (s[Math.ceil(middle)] ?? 0)) / 2);
};
process.stdout.write(
  `median of ${runs}: seeding ${median(rows.map((r) => r.seedMs))} ms (CPU ${median(rows.map((r) => r.seedCpuMs))} ms); ` +
    `first figures ${median(rows.map((r) => r.figuresMs))} ms (CPU ${median(rows.map((r) => r.figuresCpuMs))} ms)\n`,
);
