import os from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { APP_ROLE } from "../app/db/acting.server.ts";
import { type DatabaseHandle, openPostgres, switchPgliteRole } from "../app/db/database.server.ts";
import { migrate } from "../app/db/migrate.server.ts";
import type { Actor } from "../app/features/auth/roles.ts";
import { type CaseFilters, listCases } from "../app/features/cases/case.queries.server.ts";
import { loadConfig } from "../app/lib/config.server.ts";
import { keyRing } from "../app/lib/keys/key-ring.server.ts";
import { installFixedKeys } from "../app/testing/test-keys.ts";
import { loadCasePage, richCase, saveNote } from "./case-file-scenarios.ts";
import { withTempPglite } from "./support.ts";

// Benchmarks make their own databases: fixed keys, as in the tests (content is still encrypted).
installFixedKeys("bench");

// Its own name per run, so that two runs on one server (other worktrees) never drop each other's database.
const BENCH_DB = `herstel_bench_cases_${process.pid}`;
const { values: args } = parseArgs({
  options: {
    backend: { type: "string", default: "all" },
    cases: { type: "string", default: "100000" },
    runs: { type: "string", default: "20" },
    // Leaves the PostgreSQL database in place, for EXPLAIN ANALYZE afterwards.
    keep: { type: "boolean", default: false },
  },
});
const caseCount = Number(args.cases);
const runs = Number(args.runs);
if (!Number.isInteger(caseCount) || caseCount < 1000 || caseCount > 999_999) fail("--cases must be 1000…999999");
if (!Number.isInteger(runs) || runs < 1 || runs > 1000) fail("--runs must be 1…1000");
if (!["all", "postgres", "pglite"].includes(args.backend)) fail("--backend must be all, postgres or pglite");

const adminUrl = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";

function fail(message: string): never {
  console.error(`bench:cases: ${message}`);
  process.exit(1);
}

function log(message: string) {
  process.stderr.write(`${message}\n`);
}

/** Fictional names; 40 × 50 combinations, a few very common surnames as in real life. */
const FIRST_NAMES = `Fatima Bas Anna Mohammed Sanne Daan Lotte Sem Emma Noah Julia Lucas Sophie Milan Eva Levi Tess
  Finn Saar Jesse Yara Thijs Lieke Bram Noor Ahmed Ayşe Kevin Priya Wouter Ingrid Henk Marieke Joost Ilse Ruben Femke
  Stijn Mila Omar`.split(/\s+/);
const LAST_NAMES = [
  "de Jong",
  "Jansen",
  "de Vries",
  "van den Berg",
  "van Dijk",
  "Bakker",
  "Janssen",
  "Visser",
  "Smit",
  "Meijer",
  "de Boer",
  "Mulder",
  "de Groot",
  "Bos",
  "Vos",
  "Peters",
  "Hendriks",
  "van Leeuwen",
  "Dekker",
  "Brouwer",
  "de Wit",
  "Dijkstra",
  "Smits",
  "de Graaf",
  "van der Meer",
  "van der Linden",
  "Kok",
  "Jacobs",
  "de Haan",
  "Vermeulen",
  "van den Heuvel",
  "van der Veen",
  "van den Broek",
  "de Bruijn",
  "de Bruin",
  "van der Heijden",
  "Schouten",
  "van Beek",
  "Willems",
  "van Vliet",
  "Yilmaz",
  "El Amrani",
  "Kaya",
  "Öztürk",
  "Bouzid",
  "Nguyen",
  "Pinas",
  "Biharie",
  "Tahiri",
  "Koster",
];
const sqlArray = (items: string[]) => `ARRAY[${items.map((s) => `'${s.replace(/'/g, "''")}'`).join(", ")}]`;

/**
 * The data set, all in SQL so that 100,000 cases take seconds: regions and offences weighted
 * roughly like a national service, older cases mostly closed, 30 mediators per region (each
 * case has a lead from its region and in a third of cases a co-mediator), 2 parties per case,
 * one coordinator per region and one for all regions.
 */
function seedSql(n: number): string {
  return `
SELECT setseed(0.2026);
INSERT INTO staff_user (email, display_name, status, created_at)
SELECT format('%s%s@bench.example', kind, k), format('%s %s', kind, k), 'active', now()
FROM (VALUES ('mediator', 150), ('coordinator', 5), ('national', 1), ('intake', 2)) v(kind, count),
     generate_series(1, v.count) k;
INSERT INTO staff_role (user_id, role)
SELECT id, CASE WHEN email LIKE 'mediator%' THEN 'mediator' WHEN email LIKE 'intake%' THEN 'intake' ELSE 'coordinator' END
FROM staff_user WHERE email LIKE '%@bench.example';
CREATE TEMP TABLE bench_region AS
SELECT id, row_number() OVER (ORDER BY id) AS k,
       CASE code WHEN 'noord' THEN 0.12 WHEN 'oost' THEN 0.20 WHEN 'midden' THEN 0.16 WHEN 'west' THEN 0.32 ELSE 0.20 END AS weight
FROM region WHERE code IN ('noord', 'oost', 'midden', 'west', 'zuid');
ALTER TABLE bench_region ADD COLUMN upto numeric;
UPDATE bench_region b SET upto = (SELECT sum(weight) FROM bench_region x WHERE x.k <= b.k);
-- Mediators 1-30 in the first region, 31-60 in the second…; coordinator k in region k.
INSERT INTO staff_region (user_id, region_id)
SELECT u.id, r.id FROM staff_user u JOIN bench_region r
  ON (u.email LIKE 'mediator%' AND r.k = (substring(u.email FROM '[0-9]+')::int - 1) / 30 + 1)
  OR (u.email LIKE 'coordinator%' AND r.k = substring(u.email FROM '[0-9]+')::int)
  OR u.email LIKE 'national%';
CREATE TEMP TABLE bench_mediator AS
SELECT sr.region_id, row_number() OVER (PARTITION BY sr.region_id ORDER BY u.id) - 1 AS k, u.id AS user_id
FROM staff_user u JOIN staff_region sr ON sr.user_id = u.id WHERE u.email LIKE 'mediator%';

CREATE TEMP TABLE bench_case AS
SELECT i,
  (SELECT id FROM bench_region WHERE upto >= r_region ORDER BY upto LIMIT 1) AS region_id,
  CASE WHEN r_off < 0.25 THEN 'violence' WHEN r_off < 0.43 THEN 'property' WHEN r_off < 0.55 THEN 'traffic'
       WHEN r_off < 0.65 THEN 'threats_stalking' WHEN r_off < 0.75 THEN 'domestic_violence'
       WHEN r_off < 0.83 THEN 'robbery' WHEN r_off < 0.90 THEN 'sexual_offence' WHEN r_off < 0.95 THEN 'vandalism'
       WHEN r_off < 0.97 THEN 'homicide' ELSE 'other' END AS offence,
  CASE WHEN taken_up_at < timestamptz '2025-06-01' THEN (CASE WHEN r_step < 0.97 THEN 'closed' ELSE 'aftercare' END)
       WHEN r_step < 0.18 THEN 'taken_up' WHEN r_step < 0.33 THEN 'first_conversation'
       WHEN r_step < 0.47 THEN 'approaching_other_party' WHEN r_step < 0.59 THEN 'preparing'
       WHEN r_step < 0.67 THEN 'contact' WHEN r_step < 0.73 THEN 'closing' WHEN r_step < 0.78 THEN 'aftercare'
       ELSE 'closed' END AS step,
  taken_up_at,
  floor(r_lead * 30)::int AS lead_k,
  CASE WHEN r_co < 0.35 THEN (floor(r_lead * 30)::int + 1 + floor(r_co * 80)::int) % 30 END AS co_k,
  r_side < 0.7 AS registrant_is_victim
FROM (
  SELECT i, random() AS r_region, random() AS r_off, random() AS r_step, random() AS r_lead, random() AS r_co,
         random() AS r_side,
         timestamptz '2019-01-02 09:00' + (i - 1) * (interval '1 minute' * (4 * 1000 * 1000 / ${n})) AS taken_up_at
  FROM generate_series(1, ${n}) i
) g;

INSERT INTO registration (reference, idempotency_key, received_at, channel, submitted_by, registrant_role,
  registrant_side, offence_category, locale, status, form_version, answers, region_id)
SELECT format('HB-%s-%s', extract(year FROM taken_up_at), lpad(i::text, 6, '0')), gen_random_uuid(),
  taken_up_at - interval '3 days', 'web', 'self', 'victim', CASE WHEN registrant_is_victim THEN 'victim' ELSE 'offender' END,
  offence, 'nl', 'taken_up', 1, NULL, region_id
FROM bench_case;

INSERT INTO mediation_case (id, reference, registration_id, region_id, offence_category, step, taken_up_at,
  first_conversation_due, closed_at)
SELECT b.i, r.reference, r.id, b.region_id, b.offence, b.step, b.taken_up_at, (b.taken_up_at + interval '14 days')::date,
  CASE WHEN b.step = 'closed' THEN b.taken_up_at + interval '120 days' END
FROM bench_case b JOIN registration r ON r.reference = format('HB-%s-%s', extract(year FROM b.taken_up_at), lpad(b.i::text, 6, '0'));
SELECT setval(pg_get_serial_sequence('mediation_case', 'id'), (SELECT max(id) FROM mediation_case));

INSERT INTO case_assignment (case_id, user_id, role, no_conflict_declared_at, assigned_at)
SELECT b.i, m.user_id, 'lead', b.taken_up_at, b.taken_up_at
FROM bench_case b JOIN bench_mediator m ON m.region_id = b.region_id AND m.k = b.lead_k
UNION ALL
SELECT b.i, m.user_id, 'co_mediator', b.taken_up_at, b.taken_up_at
FROM bench_case b JOIN bench_mediator m ON m.region_id = b.region_id AND m.k = b.co_k;

INSERT INTO case_party (case_id, side, role, display_name, created_at)
SELECT b.i, CASE WHEN (p.role = 'registrant') = b.registrant_is_victim THEN 'victim' ELSE 'offender' END, p.role,
  (${sqlArray(FIRST_NAMES)})[1 + floor(random() * ${FIRST_NAMES.length})::int] || ' ' ||
  (${sqlArray(LAST_NAMES)})[1 + floor(random() * ${LAST_NAMES.length})::int],
  b.taken_up_at
FROM bench_case b CROSS JOIN (VALUES ('registrant'), ('other_party')) p(role);
DROP TABLE bench_case, bench_mediator, bench_region;
ANALYZE;
`;
}

type Scenario = { name: string; filters: CaseFilters };
type BenchActor = { name: string; actor: Actor; reference: string };
/** Who makes the case with a full file (case page and save scenarios): the intake desk and the mediator. */
type CaseFileActors = { intake: Actor; mediator: Actor; regionId: number };

/** The actors: a busy mediator, the coordinator of the largest region, a national coordinator. */
async function benchActors(owner: DatabaseHandle): Promise<BenchActor[]> {
  return owner.withRawSession(async (s) => {
    const one = async <T>(sql: string) => (await s.query<T>(sql))[0] as T;
    const mediator = await one<{ id: string; reference: string }>(`
      SELECT a.user_id AS id, max(c.reference) AS reference FROM case_assignment a JOIN mediation_case c ON c.id = a.case_id
      GROUP BY a.user_id ORDER BY count(*) DESC LIMIT 1`);
    const coordinator = await one<{ id: string; region_id: number; reference: string }>(`
      SELECT u.id, sr.region_id, (SELECT max(reference) FROM mediation_case c WHERE c.region_id = sr.region_id) AS reference
      FROM staff_user u JOIN staff_region sr ON sr.user_id = u.id JOIN region g ON g.id = sr.region_id
      WHERE u.email LIKE 'coordinator%' AND g.code = 'west'`);
    const national = await one<{ id: string; regions: number[]; reference: string }>(`
      SELECT u.id, array_agg(sr.region_id ORDER BY sr.region_id) AS regions,
             (SELECT min(reference) FROM mediation_case) AS reference
      FROM staff_user u JOIN staff_region sr ON sr.user_id = u.id WHERE u.email LIKE 'national%' GROUP BY u.id`);
    return [
      {
        name: "mediator",
        actor: { userId: Number(mediator.id), roles: ["mediator"], regionIds: [] },
        reference: mediator.reference,
      },
      {
        name: "coordinator, 1 region",
        actor: { userId: Number(coordinator.id), roles: ["coordinator"], regionIds: [coordinator.region_id] },
        reference: coordinator.reference,
      },
      {
        name: "coordinator, all regions",
        actor: { userId: Number(national.id), roles: ["coordinator"], regionIds: national.regions },
        reference: national.reference,
      },
    ];
  });
}

function scenarios(reference: string): Scenario[] {
  return [
    { name: "first page", filters: {} },
    { name: "step filter", filters: { step: "preparing" } },
    { name: "page 20", filters: { page: 20 } },
    { name: "search name fragment", filters: { search: "jans" } },
    { name: "search reference", filters: { search: reference } },
    { name: "search, no hits", filters: { search: "xqzw" } },
  ];
}

/** cpu: this process's CPU time (median): all of the work on the embedded database, and less
 * disturbed by other work on the machine than the clock. */
type Row = { backend: string; actor: string; scenario: string; rows: number; median: number; p95: number; cpu: number };

/** Two warm-up runs, then `runs` timed runs; run() answers how many rows it saw. */
async function timed(backend: string, actor: string, scenario: string, run: () => Promise<number>): Promise<Row> {
  let count = 0;
  for (let w = 0; w < 2; w++) count = await run();
  const times: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    const used = process.cpuUsage();
    await run();
    times.push(performance.now() - start);
    const spent = process.cpuUsage(used);
    cpu.push((spent.user + spent.system) / 1000);
  }
  times.sort((x, y) => x - y);
  cpu.sort((x, y) => x - y);
  const at = (list: number[], q: number) =>
    list[Math.min(list.length - 1, Math.ceil(q * list.length) - 1)] ?? Number.NaN;
  const row = {
    backend,
    actor,
    scenario,
    rows: count,
    median: at(times, 0.5),
    p95: at(times, 0.95),
    cpu: at(cpu, 0.5),
  };
  log(`  ${backend} | ${row.actor} | ${row.scenario}: ${row.median.toFixed(1)} ms median`);
  return row;
}

async function timeListCases(app: DatabaseHandle, backend: string, actors: BenchActor[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const a of actors) {
    for (const s of scenarios(a.reference)) {
      rows.push(
        await timed(backend, a.name, s.name, async () => (await listCases(app.db, a.actor, s.filters)).cases.length),
      );
    }
  }
  return rows;
}

/** The case page and a save, on one case with a full file of the busiest mediator. */
async function timeCaseFile(app: DatabaseHandle, backend: string, who: CaseFileActors): Promise<Row[]> {
  const caseId = await richCase(app, who.intake, who.mediator, who.regionId);
  return [
    await timed(backend, "mediator", "case page (full file)", () => loadCasePage(app, who.mediator, caseId)),
    // The first view of a case in a minute: its data key is not yet in this process's cache.
    await timed(backend, "mediator", "case page, first view", () => {
      keyRing().forgetCaseKeys();
      return loadCasePage(app, who.mediator, caseId);
    }),
    await timed(backend, "mediator", "save a note", () => saveNote(app, who.mediator, caseId)),
  ];
}

async function caseFileActors(owner: DatabaseHandle, mediator: Actor): Promise<CaseFileActors> {
  return owner.withRawSession(async (s) => {
    const [intake] = await s.query<{ id: string }>("SELECT id FROM staff_user WHERE email = 'intake1@bench.example'");
    const [region] = await s.query<{ region_id: number }>(
      `SELECT region_id FROM staff_region WHERE user_id = ${Number(mediator.userId)}`,
    );
    if (!intake || !region) throw new Error("bench: intake desk or mediator region missing");
    return {
      intake: { userId: Number(intake.id), roles: ["intake"], regionIds: [] },
      mediator: { ...mediator, regionIds: [region.region_id] },
      regionId: region.region_id,
    };
  });
}

async function seed(owner: DatabaseHandle, backend: string) {
  let start = performance.now();
  await migrate(owner);
  log(`${backend}: migrated in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  start = performance.now();
  await owner.withRawSession((s) => s.exec(seedSql(caseCount)));
  log(`${backend}: ${caseCount} cases generated and analysed in ${((performance.now() - start) / 1000).toFixed(1)} s`);
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

async function benchPostgres(): Promise<Row[]> {
  const host = new URL(adminUrl).hostname;
  if (!["127.0.0.1", "localhost", "[::1]", ""].includes(host)) fail(`only a local PostgreSQL is used, not ${host}`);
  const url = new URL(adminUrl);
  url.pathname = `/${BENCH_DB}`;
  await adminQuery(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${BENCH_DB}`);
  const owner = openPostgres(url.toString(), 1);
  // With the request pool's statement timeout of the app's defaults: a case list that ran past it
  // would fail here, as it would for a user (503).
  const app = openPostgres(url.toString(), 2, {
    role: APP_ROLE,
    statementTimeoutMs: loadConfig({}).databaseStatementTimeoutMs,
  });
  try {
    await seed(owner, "postgres");
    const actors = await benchActors(owner);
    const who = await caseFileActors(owner, (actors[0] as BenchActor).actor);
    return [...(await timeListCases(app, "PostgreSQL", actors)), ...(await timeCaseFile(app, "PostgreSQL", who))];
  } finally {
    await app.close();
    await owner.close();
    if (!args.keep) await adminQuery(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
  }
}

async function benchPglite(): Promise<Row[]> {
  return withTempPglite(async (handle) => {
    await seed(handle, "pglite");
    const actors = await benchActors(handle);
    const who = await caseFileActors(handle, (actors[0] as BenchActor).actor);
    await switchPgliteRole(handle, APP_ROLE);
    return [...(await timeListCases(handle, "PGlite", actors)), ...(await timeCaseFile(handle, "PGlite", who))];
  });
}

const started = performance.now();
const results: Row[] = [];
if (args.backend !== "pglite") results.push(...(await benchPostgres()));
if (args.backend !== "postgres") results.push(...(await benchPglite()));

const ms = (n: number) => n.toFixed(1);
process.stdout.write(
  `\nlistCases, the case page and a save on ${caseCount} cases, ${runs} runs each (after 2 warm-up runs); times in ms\n\n` +
    "| backend | actor | scenario | rows | median | p95 | CPU median |\n|---|---|---|---|---|---|---|\n" +
    results
      .map(
        (r) =>
          `| ${r.backend} | ${r.actor} | ${r.scenario} | ${r.rows} | ${ms(r.median)} | ${ms(r.p95)} | ${ms(r.cpu)} |`,
      )
      .join("\n") +
    `\n\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s; ${os.cpus().length} CPUs, ` +
    `${(os.totalmem() / 2 ** 30).toFixed(0)} GB memory, Node ${process.version}\n`,
);
