import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import { authorize } from "../auth/permissions.ts";
import type { Actor } from "../auth/roles.ts";
import { computeFigures, type Fact, type Figures, type Period, previousPeriod } from "./figures.rules.ts";

type Db = Kysely<Database>;

/**
 * Reads the facts a period's figures need from `registration_fact` (migration 0019): every
 * registration received in the period or the one before, and every case with a step in the
 * period or open at its end. Only counts leave this module's callers; the view has no personal
 * data.
 */
export async function loadFacts(db: Db, period: Period): Promise<Fact[]> {
  return loadFactsFromView(db, period);
}

/**
 * The straightforward query: the period's facts straight from the view, each row computed from
 * the case tables. The reference that the faster path must always equal (tests, benchmark).
 */
export async function loadFactsFromView(db: Db, period: Period): Promise<Fact[]> {
  const previous = previousPeriod(period);
  const rows = await db
    .selectFrom("registration_fact")
    .select([
      "received_on",
      "taken_up_on",
      "submitted_by",
      "referrer_type",
      "registrant_side",
      "registrant_role",
      "offence_category",
      "region_id",
      "first_conversation_on",
      "contact_on",
      "forms",
      "both_agreed",
      "closed_on",
      "no_contact_reason",
      "lead_mediator_id",
    ])
    .where((eb) =>
      eb.or([
        eb.between("received_on", previous.from, period.to),
        eb.between("taken_up_on", previous.from, period.to),
        eb.between("closed_on", period.from, period.to),
        eb.between("first_conversation_on", period.from, period.to),
        eb.between("contact_on", period.from, period.to),
        eb.and([
          eb("taken_up_on", "<=", period.to),
          eb.or([eb("closed_on", "is", null), eb("closed_on", ">", period.to)]),
        ]),
      ]),
    )
    .execute();
  return rows.map((r) => ({ ...r, forms: r.forms ?? [] }));
}

/** The figures for a period (and a region), for those allowed to read statistics. */
export async function getFigures(db: Db, actor: Actor, input: { period: Period; regionId?: number }): Promise<Figures> {
  authorize(actor, "statistics.read");
  return computeFigures(await loadFacts(db, input.period), input.period, input.regionId);
}

/** The same figures for a command-line tool, which acts as the database owner. */
export async function getFiguresUnchecked(db: Db, input: { period: Period; regionId?: number }): Promise<Figures> {
  return computeFigures(await loadFacts(db, input.period), input.period, input.regionId);
}

/** The years that have any registration, newest first (for the year filter). */
export async function yearsWithData(db: Db): Promise<number[]> {
  const { rows } = await sql<{ year: number }>`
    SELECT DISTINCT extract(year FROM received_on)::int AS year FROM registration_fact ORDER BY year DESC`.execute(db);
  return rows.map((r) => r.year);
}

export type Labels = {
  offence: Record<string, string>;
  referrer: Record<string, string>;
  reason: Record<string, string>;
  regions: { id: number; name: string }[];
};

/** The configurable lists' labels in the reader's language. */
export async function figureLabels(db: Db, locale: "nl" | "en"): Promise<Labels> {
  const items = await db.selectFrom("list_item").select(["list", "code", "label_nl", "label_en"]).execute();
  const of = (list: string) =>
    Object.fromEntries(
      items.filter((i) => i.list === list).map((i) => [i.code, locale === "en" ? i.label_en : i.label_nl]),
    );
  const regions = await db.selectFrom("region").select(["id", "name"]).orderBy("name").execute();
  return { offence: of("offence_category"), referrer: of("referrer_type"), reason: of("no_contact_reason"), regions };
}
