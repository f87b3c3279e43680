import { type Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import { withStaffActor, withSystemTask } from "../../db/acting.server.ts";
import type { Database } from "../../db/schema.ts";
import type { Actor } from "../auth/roles.ts";
import {
  addDays,
  CASELOAD_NORM_SETTING,
  caseloadNormFrom,
  DUE_SOON_DAYS,
  QUIET_DAYS,
  WORKLIST_LIMIT,
  type WorklistSlug,
} from "./workspace.lists.ts";

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

/**
 * The queries of the staff homes and their work lists. Everything that concerns cases or
 * registrations runs as the signed-in person under row-level security, so a count never includes
 * a row that person could not open. A work list is one SELECT: its count is `count(*)` over it
 * and its rows are that same SELECT, so the number on the home and the rows of the list agree.
 */
export type WorkContext = { actor: Actor; now: Date; today: string };

/** One row of a work list: where it leads and its cells (dates as ISO strings, formatted on the page). */
export type WorklistRow = {
  key: string;
  href: string | null;
  reference: string | null;
  values: Record<string, string | number | null>;
};

type ListQuery = { select: RawBuilder<unknown>; order: RawBuilder<unknown>; system?: "outbox" };

const OPEN = sql`c.step <> 'closed'`;
const MINE = (actor: Actor) =>
  sql`EXISTS (SELECT 1 FROM case_assignment a WHERE a.case_id = c.id AND a.user_id = ${actor.userId})`;
const IN_MY_REGIONS = (actor: Actor) => sql`c.region_id = ANY (${sql.val(`{${actor.regionIds.join(",")}}`)}::bigint[])`;
/** A case's last recorded change: every write to a case records an event. */
const LAST_ACTIVITY = sql`coalesce((SELECT max(e.occurred_at) FROM case_event e WHERE e.case_id = c.id), c.taken_up_at)`;

function listQuery(slug: WorklistSlug, ctx: WorkContext, param?: number): ListQuery {
  const { actor, today, now } = ctx;
  switch (slug) {
    case "mogelijk-dubbel":
      // Waiting registrations that resemble another one (the blind-index comparison of migration 0027).
      return {
        select: sql`SELECT r.id, r.reference, r.received_at,
            (SELECT count(*) FROM related_registrations(r.id))::int AS related
          FROM registration r
          WHERE r.status = 'received' AND EXISTS (SELECT 1 FROM related_registrations(r.id))`,
        order: sql`received_at, id`,
      };
    case "telefonisch-vandaag":
      return {
        select: sql`SELECT r.id, r.reference, r.received_at FROM registration r
          WHERE r.channel = 'phone' AND (r.received_at AT TIME ZONE 'Europe/Amsterdam')::date = ${today}::date`,
        order: sql`received_at, id`,
      };
    case "eerste-gesprek-binnenkort":
      return {
        select: sql`SELECT c.id, c.reference, c.step, c.first_conversation_due::text AS due FROM mediation_case c
          WHERE c.step = 'taken_up' AND ${MINE(actor)}
            AND c.first_conversation_due >= ${today}::date
            AND c.first_conversation_due < ${addDays(today, DUE_SOON_DAYS)}::date`,
        order: sql`due, id`,
      };
    case "brieven-te-lezen":
      // Letters recorded in the contact step and not yet read by a mediator before passing on.
      return {
        select: sql`SELECT m.id, c.id AS case_id, c.reference, m.form, m.written_on::text AS written
          FROM case_message m JOIN mediation_case c ON c.id = m.case_id
          WHERE m.reviewed_on IS NULL AND ${OPEN} AND ${MINE(actor)}`,
        order: sql`written, id`,
      };
    case "zonder-activiteit":
      return {
        select: sql`SELECT c.id, c.reference, c.step, ${LAST_ACTIVITY} AS last_activity FROM mediation_case c
          WHERE ${OPEN} AND ${MINE(actor)}
            AND ${LAST_ACTIVITY} < ${now}::timestamptz - make_interval(days => ${QUIET_DAYS})`,
        order: sql`last_activity, id`,
      };
    case "mediator-zaken":
      return {
        select: sql`SELECT c.id, c.reference, c.step, g.name AS region, c.first_conversation_due::text AS due
          FROM mediation_case c JOIN region g ON g.id = c.region_id
          WHERE ${OPEN} AND ${IN_MY_REGIONS(actor)}
            AND EXISTS (SELECT 1 FROM case_assignment a WHERE a.case_id = c.id AND a.user_id = ${param ?? 0})`,
        order: sql`due, id`,
      };
    case "noodtoegang":
      // Uses of break the glass in the last 30 days on a file of one of my regions, by someone else.
      return {
        select: sql`SELECT b.id, u.display_name AS who, b.object_type, b.object_id, b.reason, b.created_at,
            coalesce(c.reference, r.reference) AS reference
          FROM break_glass_grant b
          JOIN staff_user u ON u.id = b.user_id
          LEFT JOIN mediation_case c ON b.object_type = 'case' AND c.id = b.object_id
          LEFT JOIN registration r ON b.object_type = 'registration' AND r.id = b.object_id
          WHERE b.created_at >= ${now}::timestamptz - interval '30 days' AND b.user_id <> ${actor.userId}
            AND (SELECT g.region_id FROM (
                  SELECT c2.region_id FROM mediation_case c2 WHERE b.object_type = 'case' AND c2.id = b.object_id
                  UNION ALL
                  SELECT r2.region_id FROM registration r2 WHERE b.object_type = 'registration' AND r2.id = b.object_id
                ) g LIMIT 1) = ANY (${sql.val(`{${actor.regionIds.join(",")}}`)}::bigint[])`,
        order: sql`created_at DESC, id DESC`,
      };
    case "bewaarplicht":
      return {
        select: sql`SELECT h.id, c.id AS case_id, c.reference, h.reason, h.until::text AS until
          FROM legal_hold h JOIN mediation_case c ON c.id = h.case_id
          WHERE h.lifted_at IS NULL AND h.until >= ${today}::date AND ${IN_MY_REGIONS(actor)}`,
        order: sql`until, id`,
      };
    case "zonder-tweede-factor":
      return {
        select: sql`SELECT u.id, u.display_name AS who, u.status, u.created_at FROM staff_user u
          WHERE u.status <> 'deactivated' AND u.totp_confirmed_at IS NULL`,
        order: sql`created_at, id`,
      };
    case "uitgaande-post":
      // Waiting (not sent yet) and failed messages: never the address or the text.
      return {
        select: sql`SELECT o.id, o.kind, o.status, o.attempts, o.last_error, o.created_at FROM outbox_message o
          WHERE o.status IN ('pending', 'failed')`,
        order: sql`created_at, id`,
        system: "outbox",
      };
  }
}

function run<T>(db: Db, ctx: WorkContext, query: ListQuery, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return query.system ? withSystemTask(db, query.system, fn) : withStaffActor(db, ctx.actor, fn);
}

async function countIn(trx: Trx, query: ListQuery): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (${query.select}) q`.execute(trx);
  return rows[0]?.n ?? 0;
}

/** The rows of one work list (at most WORKLIST_LIMIT) and how many there are in all. */
export async function worklist(
  db: Db,
  ctx: WorkContext,
  slug: WorklistSlug,
  param?: number,
): Promise<{ total: number; rows: WorklistRow[] }> {
  const query = listQuery(slug, ctx, param);
  return run(db, ctx, query, async (trx) => {
    const total = await countIn(trx, query);
    const { rows } = await sql<Record<string, unknown>>`SELECT * FROM (${query.select}) q ORDER BY ${query.order}
      LIMIT ${WORKLIST_LIMIT}`.execute(trx);
    return { total, rows: rows.map((row) => toRow(slug, row)) };
  });
}

function iso(value: unknown): string | null {
  return value instanceof Date ? value.toISOString() : value == null ? null : String(value);
}

function toRow(slug: WorklistSlug, row: Record<string, unknown>): WorklistRow {
  const text = (name: string) => (row[name] == null ? null : String(row[name]));
  const caseHref = (id: unknown) => `/medewerkers/zaken/${String(id)}`;
  const key = String(row.id);
  switch (slug) {
    case "mogelijk-dubbel":
    case "telefonisch-vandaag":
      return {
        key,
        href: `/medewerkers/aanmeldingen/${key}`,
        reference: text("reference"),
        values: { received: iso(row.received_at), related: Number(row.related ?? 0) },
      };
    case "eerste-gesprek-binnenkort":
    case "zonder-activiteit":
    case "mediator-zaken":
      return {
        key,
        href: caseHref(row.id),
        reference: text("reference"),
        values: { step: text("step"), due: text("due"), region: text("region"), lastActivity: iso(row.last_activity) },
      };
    case "brieven-te-lezen":
      return {
        key,
        href: caseHref(row.case_id),
        reference: text("reference"),
        values: { form: text("form"), written: text("written") },
      };
    case "noodtoegang":
      return {
        key,
        href:
          row.object_type === "case" ? caseHref(row.object_id) : `/medewerkers/aanmeldingen/${String(row.object_id)}`,
        reference: text("reference"),
        values: { who: text("who"), object: text("object_type"), reason: text("reason"), when: iso(row.created_at) },
      };
    case "bewaarplicht":
      return {
        key,
        href: caseHref(row.case_id),
        reference: text("reference"),
        values: { holdReason: text("reason"), until: text("until") },
      };
    case "zonder-tweede-factor":
      return {
        key,
        href: `/medewerkers/beheer/gebruikers/${key}`,
        reference: null,
        values: { who: text("who"), status: text("status"), created: iso(row.created_at) },
      };
    case "uitgaande-post":
      return {
        key,
        href: null,
        reference: null,
        values: {
          kind: text("kind"),
          status: text("status"),
          attempts: Number(row.attempts ?? 0),
          error: text("last_error"),
          created: iso(row.created_at),
        },
      };
  }
}

async function count(db: Db, ctx: WorkContext, slug: WorklistSlug, param?: number): Promise<number> {
  const query = listQuery(slug, ctx, param);
  return run(db, ctx, query, (trx) => countIn(trx, query));
}

/** The intake desk: the queue, how long the oldest has waited, possible duplicates, phoned in today. */
export async function intakeHome(db: Db, ctx: WorkContext) {
  const queue = await withStaffActor(db, ctx.actor, async (trx) => {
    const { rows } = await sql<{ waiting: number; oldest: Date | null }>`
      SELECT count(*)::int AS waiting, min(received_at) AS oldest FROM registration WHERE status = 'received'`.execute(
      trx,
    );
    return rows[0];
  });
  const oldest = queue?.oldest ?? null;
  return {
    waiting: queue?.waiting ?? 0,
    oldestReceived: oldest ? oldest.toISOString() : null,
    oldestWaitingDays: oldest ? Math.max(0, Math.floor((ctx.now.getTime() - oldest.getTime()) / 86_400_000)) : null,
    duplicates: await count(db, ctx, "mogelijk-dubbel"),
    phoneToday: await count(db, ctx, "telefonisch-vandaag"),
  };
}

/** A mediator: my open cases by step, first conversations, my tasks, letters to read, quiet cases. */
export async function mediatorHome(db: Db, ctx: WorkContext, weekEnd: string) {
  const { actor, today } = ctx;
  const mine = await withStaffActor(db, actor, async (trx) => {
    const byStep = await sql<{ step: string; n: number }>`
      SELECT c.step, count(*)::int AS n FROM mediation_case c WHERE ${OPEN} AND ${MINE(actor)} GROUP BY c.step`.execute(
      trx,
    );
    const { rows } = await sql<{ overdue: number; tasks_overdue: number; tasks_week: number }>`
      SELECT
        (SELECT count(*)::int FROM mediation_case c
          WHERE c.step = 'taken_up' AND c.first_conversation_due < ${today}::date AND ${MINE(actor)}) AS overdue,
        (SELECT count(*)::int FROM case_task t
          WHERE t.owner_id = ${actor.userId} AND t.done_at IS NULL AND t.due_on < ${today}::date) AS tasks_overdue,
        (SELECT count(*)::int FROM case_task t
          WHERE t.owner_id = ${actor.userId} AND t.done_at IS NULL
            AND t.due_on >= ${today}::date AND t.due_on <= ${weekEnd}::date) AS tasks_week`.execute(trx);
    return { byStep: byStep.rows, ...rows[0] };
  });
  return {
    byStep: Object.fromEntries(mine.byStep.map((r) => [r.step, r.n])) as Record<string, number>,
    firstOverdue: mine.overdue ?? 0,
    firstDueSoon: await count(db, ctx, "eerste-gesprek-binnenkort"),
    tasksOverdue: mine.tasks_overdue ?? 0,
    tasksThisWeek: mine.tasks_week ?? 0,
    lettersToRead: await count(db, ctx, "brieven-te-lezen"),
    quiet: await count(db, ctx, "zonder-activiteit"),
  };
}

export async function caseloadNorm(db: Db): Promise<number> {
  const row = await db
    .selectFrom("app_setting")
    .select("value")
    .where("key", "=", CASELOAD_NORM_SETTING)
    .executeTakeFirst();
  return caseloadNormFrom(row?.value);
}

/** A coordinator, for their regions: the queue, overdue first conversations, caseloads, break the glass, holds. */
export async function coordinatorHome(db: Db, ctx: WorkContext) {
  const { actor, today } = ctx;
  const regions = sql.val(`{${actor.regionIds.join(",")}}`);
  const figures = await withStaffActor(db, actor, async (trx) => {
    const { rows } = await sql<{ waiting: number; overdue: number }>`
      SELECT
        (SELECT count(*)::int FROM registration r WHERE r.status = 'received') AS waiting,
        (SELECT count(*)::int FROM mediation_case c
          WHERE c.step = 'taken_up' AND c.first_conversation_due < ${today}::date AND ${IN_MY_REGIONS(actor)}) AS overdue`.execute(
      trx,
    );
    // Every active mediator of my regions, also those without an open case here.
    const caseload = await sql<{ id: number; name: string; open: number }>`
      SELECT u.id, u.display_name AS name,
        (SELECT count(*)::int FROM mediation_case c
          WHERE ${OPEN} AND ${IN_MY_REGIONS(actor)}
            AND EXISTS (SELECT 1 FROM case_assignment a WHERE a.case_id = c.id AND a.user_id = u.id)) AS open
      FROM staff_user u
      WHERE u.status = 'active'
        AND EXISTS (SELECT 1 FROM staff_role sr WHERE sr.user_id = u.id AND sr.role = 'mediator')
        AND EXISTS (SELECT 1 FROM staff_region rg WHERE rg.user_id = u.id AND rg.region_id = ANY (${regions}::bigint[]))
      ORDER BY open DESC, u.display_name, u.id`.execute(trx);
    return { ...rows[0], caseload: caseload.rows };
  });
  return {
    waiting: figures.waiting ?? 0,
    firstOverdue: figures.overdue ?? 0,
    norm: await caseloadNorm(db),
    caseload: figures.caseload,
    breakGlass: await count(db, ctx, "noodtoegang"),
    onHold: await count(db, ctx, "bewaarplicht"),
  };
}

/** An administrator: accounts, the outbox, the last import. Database and backups come from the route. */
export async function administratorHome(db: Db, ctx: WorkContext) {
  const accounts = await db
    .selectFrom("staff_user")
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere("status", "=", "invited").as("invited"),
      eb.fn.countAll<number>().filterWhere("status", "=", "deactivated").as("deactivated"),
    ])
    .executeTakeFirstOrThrow();
  const outbox = await withSystemTask(db, "outbox", async (trx) => {
    const { rows } = await sql<{ waiting: number; retrying: number; failed: number }>`
      SELECT count(*) FILTER (WHERE status = 'pending')::int AS waiting,
        count(*) FILTER (WHERE status = 'pending' AND attempts > 0)::int AS retrying,
        count(*) FILTER (WHERE status = 'failed')::int AS failed
      FROM outbox_message`.execute(trx);
    return rows[0];
  });
  const lastImport = await db
    .selectFrom("historic_registration")
    .select((eb) => ["imported_from", eb.fn.max("imported_at").as("at"), eb.fn.countAll<number>().as("rows")])
    .groupBy("imported_from")
    .orderBy(sql`max(imported_at)`, "desc")
    .limit(1)
    .executeTakeFirst();
  return {
    withoutSecondFactor: await count(db, ctx, "zonder-tweede-factor"),
    invited: Number(accounts.invited),
    deactivated: Number(accounts.deactivated),
    outbox: {
      waiting: outbox?.waiting ?? 0,
      retrying: outbox?.retrying ?? 0,
      failed: outbox?.failed ?? 0,
      attention: await count(db, ctx, "uitgaande-post"),
    },
    lastImport: lastImport
      ? {
          file: lastImport.imported_from,
          at: new Date(lastImport.at as Date).toISOString(),
          rows: Number(lastImport.rows),
        }
      : null,
  };
}

/**
 * Whether the database answers, and (when this connection may read the migrations table) how
 * many migrations ran and the name of the newest.
 */
export async function databaseStatus(
  db: Db,
): Promise<{ answers: boolean; migrations: number | null; lastMigration: string | null }> {
  try {
    await sql`SELECT 1`.execute(db);
  } catch {
    return { answers: false, migrations: null, lastMigration: null };
  }
  try {
    const { rows } = await sql<{ n: number; last: string | null }>`
      SELECT count(*)::int AS n, (SELECT name FROM schema_migration ORDER BY version DESC LIMIT 1) AS last
      FROM schema_migration`.execute(db);
    return { answers: true, migrations: rows[0]?.n ?? 0, lastMigration: rows[0]?.last ?? null };
  } catch {
    return { answers: true, migrations: null, lastMigration: null };
  }
}
