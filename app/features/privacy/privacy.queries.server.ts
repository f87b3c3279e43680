import { type Kysely, sql, type Transaction } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
import type { Database } from "../../db/schema.ts";
import { DomainError, ErrorCode } from "../../lib/errors.ts";
import { authorize } from "../auth/permissions.ts";
import type { Actor } from "../auth/roles.ts";
import { addDays, dutchDay } from "../retention/retention.rules.ts";
import { findDueAs } from "../retention/retention.server.ts";

/** Reads for the privacy pages (ADR 0020): references, dates, codes and counts; never content. */

type Db = Kysely<Database>;

async function requestsOf(trx: Transaction<Database>, caseId?: number) {
  let query = trx
    .selectFrom("privacy_request as r")
    .innerJoin("staff_user as u", "u.id", "r.recorded_by")
    .leftJoin("staff_user as d", "d.id", "r.decided_by")
    .select([
      "r.id",
      "r.kind",
      "r.case_id",
      "r.case_reference",
      "r.party_role",
      "r.person_id",
      "r.received_on",
      "r.due_on",
      "r.recorded_by",
      "r.decision",
      "r.decision_reason",
      "r.decided_at",
      "r.lifted_at",
      "u.display_name as recorded_by_name",
      "d.display_name as decided_by_name",
    ])
    .orderBy("r.due_on")
    .orderBy("r.id");
  if (caseId !== undefined) query = query.where("r.case_id", "=", caseId);
  return query.execute();
}

/** A case's holds, requests and whether it is restricted: for its coordinators. */
export async function casePrivacy(db: Db, actor: Actor, caseId: number) {
  authorize(actor, "privacy.manage");
  return withStaffActor(db, actor, async (trx) => {
    const found = await trx
      .selectFrom("mediation_case")
      .select(["id", "reference", "step"])
      .where("id", "=", caseId)
      .executeTakeFirst();
    if (!found) throw new DomainError(ErrorCode.NotFound);
    const holds = await trx
      .selectFrom("legal_hold")
      .select(["id", "reason", "until", "placed_at", "lifted_at"])
      .where("case_id", "=", caseId)
      .orderBy("id")
      .execute();
    const requests = await requestsOf(trx, caseId);
    const restricted = requests.some((r) => r.kind === "restriction" && r.decision === "approved" && !r.lifted_at);
    return { ...found, holds, requests, restricted };
  });
}

/** Whether a case is restricted (GDPR art. 18): its file is read-only until the restriction is lifted. */
export async function isCaseRestricted(db: Db | Transaction<Database>, caseId: number): Promise<boolean> {
  const { rows } = await sql<{ restricted: boolean }>`SELECT herstel_case_restricted(${caseId}) AS restricted`.execute(
    db,
  );
  return rows[0]?.restricted === true;
}

/** What remains of an erased case, for whoever may see its region (a coordinator). */
export async function caseTombstone(db: Db, actor: Actor, caseId: number) {
  return withStaffActor(db, actor, (trx) =>
    trx
      .selectFrom("erasure_tombstone")
      .select(["reference", "received_on", "taken_up_on", "closed_on", "erased_at", "rule"])
      .where("object_type", "=", "case")
      .where("object_id", "=", caseId)
      .executeTakeFirst(),
  );
}

/**
 * The privacy officer's page: what the schedule erases in the next 30 days (and what is overdue,
 * for example held), what was erased (counts per month and rule), holds, and requests.
 */
export async function privacyOverview(db: Db, actor: Actor, now: Date) {
  authorize(actor, "privacy.overview");
  const today = dutchDay(now);
  return withStaffActor(db, actor, async (trx) => {
    const due = await findDueAs(trx, addDays(today, 30));
    const { rows: erased } = await sql<{
      rule: string;
      object_type: string;
      month: string;
      objects: number;
      registrations: number;
    }>`SELECT * FROM erasure_counts()`.execute(trx);
    const { rows: holds } = await sql<{
      id: number;
      case_id: number | null;
      reference: string;
      reason: string;
      until: string;
      placed_at: Date;
      lifted_at: Date | null;
    }>`SELECT * FROM legal_hold_overview()`.execute(trx);
    const requests = await requestsOf(trx);
    return {
      today,
      due,
      erased: erased.map((e) => ({ ...e, objects: Number(e.objects), registrations: Number(e.registrations) })),
      holds: holds.map((h) => ({ ...h, ended: h.lifted_at === null && h.until < today })),
      requests: requests.map((r) => ({ ...r, overdue: r.decision === null && r.due_on < today })),
    };
  });
}

export async function retentionRules(db: Db) {
  return db.selectFrom("retention_rule").selectAll().orderBy("kind").execute();
}
