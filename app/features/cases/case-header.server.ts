import type { Kysely } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
import type { Database } from "../../db/schema.ts";
import type { Actor } from "../auth/roles.ts";
import { todayInAmsterdam } from "../registration/registration.schema.ts";
import { type getCase, isOverdue } from "./case.queries.server.ts";
import { nextStep } from "./case.rules.ts";
import { caseMoves } from "./case-move.commands.server.ts";

type Found = NonNullable<Awaited<ReturnType<typeof getCase>>>;

/**
 * What the top of every section shows: reference, step, the parties (names and sides), the
 * mediators, the region, the deadline, and the next step with what it still needs.
 */
export async function caseHeader(
  db: Kysely<Database>,
  actor: Actor,
  found: Found,
  moves: ReturnType<typeof caseMoves> = caseMoves(db, actor, found.id),
) {
  const [parties, possible] = await Promise.all([
    withStaffActor(db, actor, (trx) =>
      trx
        .selectFrom("case_party")
        .select(["id", "role", "side", "display_name"])
        .where("case_id", "=", found.id)
        .where("role", "in", ["registrant", "other_party"])
        .orderBy("id")
        .execute(),
    ),
    moves,
  ]);
  const next = nextStep(found.step as Parameters<typeof nextStep>[0]);
  const advance = possible?.moves.find((m) => m.option.kind === "advance" && m.option.to === next);
  const today = todayInAmsterdam(new Date());
  return {
    caseId: found.id,
    reference: found.reference,
    step: found.step,
    region: found.region,
    takenUpAt: found.taken_up_at.toISOString(),
    due: found.first_conversation_due,
    overdue: isOverdue(found.step, found.first_conversation_due, today),
    mediators: found.assignments.map((a) => ({ name: a.display_name, lead: a.role === "lead" })),
    parties: parties.map((p) => ({ id: p.id, role: p.role, side: p.side, name: p.display_name })),
    next: next && advance ? { step: next, missing: advance.result.ok ? [] : advance.result.missing } : null,
  };
}

export type CaseHeaderData = Awaited<ReturnType<typeof caseHeader>>;
