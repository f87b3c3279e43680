import { type Kysely, sql } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
import { cachedCaseBox, caseBox } from "../../db/data-keys.server.ts";
import type { Database } from "../../db/schema.ts";
import type { Actor } from "../auth/roles.ts";

type Db = Kysely<Database>;

/**
 * The cases this staff member may see: row-level security decides (a mediator their assigned
 * cases, a coordinator those of their regions); open cases first, oldest deadline first.
 */
export type CaseFilters = {
  step?: string;
  regionId?: number;
  offence?: string;
  mediatorId?: number;
  overdueBefore?: string;
  /** Searched in the reference and the parties' names, within what the actor may see. */
  search?: string;
  page?: number;
};

export const CASES_PER_PAGE = 50;

const pageOffset = (page: number | undefined, limit: number) => Math.max(0, (page ?? 1) - 1) * limit;

export async function listCases(db: Db, actor: Actor, filters: CaseFilters = {}, limit = CASES_PER_PAGE) {
  return withStaffActor(db, actor, async (trx) => {
    let query = trx.selectFrom("mediation_case as c").innerJoin("region as g", "g.id", "c.region_id");
    if (filters.step) query = query.where("c.step", "=", filters.step);
    if (filters.regionId) query = query.where("c.region_id", "=", filters.regionId);
    if (filters.offence) query = query.where("c.offence_category", "=", filters.offence);
    if (filters.mediatorId) {
      const mediatorId = filters.mediatorId;
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom("case_assignment as fa")
            .select("fa.case_id")
            .whereRef("fa.case_id", "=", "c.id")
            .where("fa.user_id", "=", mediatorId),
        ),
      );
    }
    if (filters.overdueBefore)
      query = query.where("c.step", "=", "taken_up").where("c.first_conversation_due", "<", filters.overdueBefore);
    if (filters.search) {
      // Substring search, case-insensitive; the LIKE wildcards in the input are escaped. The
      // function (migrations 0018, 0036) uses the trigram indexes and returns only visible cases; as
      // one array computed once, the ids let the planner use the primary key. Without other
      // filters the list needs only the first matches in its order, up to this page's last.
      const pattern = `%${filters.search.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      const onlySearch = Object.entries(filters).every(([name, value]) => ["search", "page"].includes(name) || !value);
      const first = onlySearch ? Math.min(pageOffset(filters.page, limit) + limit + 1, 2 ** 31 - 1) : null;
      query = query.where(
        sql<boolean>`c.id = ANY (ARRAY(SELECT herstel_search_case_ids(${pattern}, ${first}::integer)))`,
      );
    }
    const cases = await query
      .select([
        "c.id",
        "c.reference",
        "c.step",
        "c.taken_up_at",
        "c.first_conversation_due",
        "c.offence_category",
        "g.name as region",
      ])
      // Open cases first; written as the expression of mediation_case_list_order_idx (0018).
      .orderBy(sql`c.step = 'closed'`)
      .orderBy("c.first_conversation_due")
      .orderBy("c.id")
      .limit(limit + 1)
      .offset(pageOffset(filters.page, limit))
      .execute();
    const ids = cases.map((c) => c.id);
    const assignments = ids.length
      ? await trx
          .selectFrom("case_assignment as a")
          .innerJoin("staff_user as u", "u.id", "a.user_id")
          .select(["a.case_id", "a.role", "u.display_name"])
          .where("a.case_id", "in", ids)
          .execute()
      : [];
    return {
      hasMore: cases.length > limit,
      cases: cases.slice(0, limit).map((c) => ({
        ...c,
        mediators: assignments.filter((a) => a.case_id === c.id).map((a) => a.display_name),
      })),
    };
  });
}

/** One case with its mediators and timeline, or undefined when it does not exist or is out of scope. */
export async function getCase(db: Db, actor: Actor, id: number) {
  return withStaffActor(db, actor, async (trx) => {
    const row = await trx
      .selectFrom("mediation_case as c")
      .innerJoin("region as g", "g.id", "c.region_id")
      .leftJoin("data_key as k", "k.id", "c.data_key_id")
      .selectAll("c")
      .select(["g.name as region", "k.wrapped"])
      .where("c.id", "=", id)
      .executeTakeFirst();
    if (!row) return undefined;
    const { wrapped, ...found } = row;
    const box = cachedCaseBox(trx, id, { data_key_id: found.data_key_id, wrapped });
    const [assignments, events] = await Promise.all([
      trx
        .selectFrom("case_assignment as a")
        .innerJoin("staff_user as u", "u.id", "a.user_id")
        .select(["a.user_id", "a.role", "a.no_conflict_declared_at", "u.display_name"])
        .where("a.case_id", "=", id)
        .execute(),
      trx
        .selectFrom("case_event as e")
        .leftJoin("staff_user as u", "u.id", "e.actor_id")
        .select(["e.id", "e.occurred_at", "e.kind", "e.detail", "u.display_name as actor"])
        .where("e.case_id", "=", id)
        .orderBy("e.occurred_at", "desc")
        .orderBy("e.id", "desc")
        .execute(),
    ]);
    // Free text and the referrer's address are sealed (ADR 0017); an erased case shows none of it.
    const open = (field: "shared_agreement" | "aftercare_referral" | "status_updates_to") =>
      box.erased ? null : box.openNullableText(`mediation_case.${field}`, id, found[field]);
    return {
      ...found,
      shared_agreement: open("shared_agreement"),
      aftercare_referral: open("aftercare_referral"),
      status_updates_to: open("status_updates_to"),
      erased: box.erased,
      assignments,
      events,
    };
  });
}

/** Whether a first conversation is overdue: its deadline has passed and it has not happened. */
export function isOverdue(step: string, due: string, today: string): boolean {
  return step === "taken_up" && due < today;
}

/** The configurable reasons for closing without contact, in the visitor's language. */
export async function noContactReasons(db: Db, locale: "nl" | "en") {
  const rows = await db
    .selectFrom("list_item")
    .select(["code", "label_nl", "label_en"])
    .where("list", "=", "no_contact_reason")
    .where("active", "=", true)
    .orderBy("position")
    .execute();
  return rows.map((r) => ({ code: r.code, label: locale === "en" ? r.label_en : r.label_nl }));
}

/** Whether a case exists and its region, whatever row-level security shows (migration 0010). */
export async function caseAccessInfo(db: Db, id: number) {
  const { rows } = await sql<{
    id: number;
    region_id: number;
  }>`SELECT id, region_id FROM case_access_info(${id})`.execute(db);
  return rows[0];
}

/** The case file for the case page: parties, current consents, activities, risk assessment. */
export async function getCaseFile(db: Db, actor: Actor, id: number) {
  return withStaffActor(db, actor, async (trx) => {
    const box = await caseBox(trx, id);
    const [parties, consents, sealedActivities, risk, found] = await Promise.all([
      trx
        .selectFrom("case_party")
        .select(["id", "role", "side", "display_name"])
        .where("case_id", "=", id)
        .orderBy("id")
        .execute(),
      trx
        .selectFrom("case_consent")
        .select(["id", "party_id", "purpose", "contact_form", "given", "method", "recorded_at"])
        .where("case_id", "=", id)
        .orderBy("recorded_at")
        .orderBy("id")
        .execute(),
      trx
        .selectFrom("case_activity")
        .select(["id", "kind", "party_id", "contact_form", "occurred_on", "minutes", "summary", "sealed"])
        .where("case_id", "=", id)
        // Sealed notes only for the assigned mediators (row-level security says the same).
        .where((eb) =>
          eb.or([
            eb("sealed", "=", false),
            eb.exists(
              eb
                .selectFrom("case_assignment")
                .select("case_id")
                .where("case_id", "=", id)
                .where("user_id", "=", actor.userId),
            ),
          ]),
        )
        .orderBy("occurred_on", "desc")
        .orderBy("id", "desc")
        .execute(),
      trx
        .selectFrom("case_risk_assessment")
        .select(["conclusion", "assessed_on"])
        .where("case_id", "=", id)
        .executeTakeFirst(),
      trx
        .selectFrom("mediation_case")
        .select(["chosen_forms", "outcome_contact"])
        .where("id", "=", id)
        .executeTakeFirst(),
    ]);
    // Current consent: the latest record per party, purpose and form.
    const current = new Map<string, (typeof consents)[number]>();
    for (const c of consents) current.set(`${c.party_id}:${c.purpose}:${c.contact_form ?? ""}`, c);
    const activities = sealedActivities.map((a) => ({
      ...a,
      summary: box.openOptionalText("case_activity.summary", a.id, a.summary),
    }));
    return {
      parties,
      consents: [...current.values()],
      activities,
      risk: risk ?? null,
      chosenForms: found?.chosen_forms ?? [],
      outcomeContact: found?.outcome_contact ?? null,
    };
  });
}

/** The answers of the case's risk assessment, opened for the risk section only (the other sections do not need them). */
export async function getRiskAnswers(db: Db, actor: Actor, id: number): Promise<Record<string, string> | null> {
  return withStaffActor(db, actor, async (trx) => {
    const row = await trx
      .selectFrom("case_risk_assessment")
      .select("answers")
      .where("case_id", "=", id)
      .executeTakeFirst();
    if (!row) return null;
    const box = await caseBox(trx, id);
    return box.openJson<Record<string, string>>("case_risk_assessment.answers", id, row.answers);
  });
}
