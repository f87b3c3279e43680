import { matchTokens } from "../features/registration/registration-match.server.ts";
import { newDataKey } from "../lib/keys/envelope.ts";
import { keyRing } from "../lib/keys/key-ring.server.ts";
import { newInlineKey, unwrapDataKey, wrapDataKey } from "./data-keys.server.ts";
import type { RawSession } from "./database.server.ts";
import { SealBox, type SealedField } from "./sealed.server.ts";

/**
 * The step of migration `encryption_at_rest`: seals every value written before it, in the same
 * transaction as the migration's SQL (so an interrupted upgrade leaves nothing half done). Each
 * registration gets a data key, adopted by its case; drafts and e-mails get their own. The
 * statistics triggers are paused meanwhile: sealing changes no figure.
 */
type Column = { plain: string; kind: "text" | "json" | "bytes"; emptyAsNull?: boolean };
type CaseTable = { table: string; idColumn: string; columns: Column[] };

const CASE_TABLES: CaseTable[] = [
  {
    table: "mediation_case",
    idColumn: "id",
    columns: [
      { plain: "status_updates_to", kind: "text" },
      { plain: "shared_agreement", kind: "text" },
      { plain: "aftercare_referral", kind: "text" },
    ],
  },
  { table: "case_party", idColumn: "id", columns: [{ plain: "contact", kind: "json" }] },
  {
    table: "case_person",
    idColumn: "id",
    columns: [
      { plain: "display_name", kind: "text" },
      { plain: "contact", kind: "json" },
    ],
  },
  { table: "case_activity", idColumn: "id", columns: [{ plain: "summary", kind: "text", emptyAsNull: true }] },
  { table: "case_risk_assessment", idColumn: "case_id", columns: [{ plain: "answers", kind: "json" }] },
  {
    table: "case_justice_feedback",
    idColumn: "id",
    columns: [
      { plain: "recipient", kind: "text" },
      { plain: "agreed_text", kind: "text" },
    ],
  },
  {
    table: "case_message",
    idColumn: "id",
    columns: [
      { plain: "body", kind: "text", emptyAsNull: true },
      { plain: "agreed_changes", kind: "text" },
      { plain: "reference", kind: "text" },
    ],
  },
  {
    table: "case_meeting",
    idColumn: "id",
    columns: [
      { plain: "place", kind: "text" },
      { plain: "summary", kind: "text", emptyAsNull: true },
    ],
  },
  { table: "case_meeting_participant", idColumn: "id", columns: [{ plain: "display_name", kind: "text" }] },
  {
    table: "case_upload",
    idColumn: "id",
    columns: [
      { plain: "file_name", kind: "text" },
      { plain: "content", kind: "bytes" },
    ],
  },
  { table: "case_task", idColumn: "id", columns: [{ plain: "title", kind: "text" }] },
];

const TRIGGERS = ["registration", "mediation_case", "case_activity"].map(
  (t) => `${t} DISABLE TRIGGER ${t}_statistics_update`,
);
const BATCH = 500;

export async function encryptExistingRows(session: RawSession): Promise<void> {
  for (const t of TRIGGERS) await session.exec(`ALTER TABLE ${t}`);
  await registrations(session);
  const keys = await caseKeys(session);
  for (const spec of CASE_TABLES) await caseTable(session, spec, keys);
  await reopenReasons(session, keys);
  await drafts(session);
  await outbox(session);
  for (const t of TRIGGERS) await session.exec(`ALTER TABLE ${t.replace("DISABLE", "ENABLE")}`);
}

function sealed(box: SealBox, field: SealedField, id: number | string, kind: Column["kind"], value: unknown) {
  if (value === null || value === undefined) return null;
  if (kind === "bytes") return box.bytes(field, id, value as Uint8Array);
  if (kind === "json") return box.json(field, id, value);
  return box.text(field, id, String(value));
}

/** Walks a table in id order, a batch at a time, so that a large database never sits in memory. */
async function eachBatch<T extends { id: number | string }>(
  select: (after: number | string | null) => Promise<T[]>,
  fn: (row: T) => Promise<void>,
) {
  let after: number | string | null = null;
  for (;;) {
    const rows = await select(after);
    for (const row of rows) await fn(row);
    if (rows.length < BATCH) return;
    after = (rows.at(-1) as T).id;
  }
}

async function registrations(session: RawSession) {
  const indexKey = keyRing().blindIndexKey;
  await eachBatch(
    (after) =>
      session.query<{ id: string | number; answers: Record<string, unknown> | null }>(
        `SELECT id, answers FROM registration WHERE id > $1 ORDER BY id LIMIT ${BATCH}`,
        [after ?? 0],
      ),
    async (row) => {
      const id = Number(row.id);
      const [k] = await session.query<{ id: string | number }>(
        "SELECT nextval(pg_get_serial_sequence('data_key', 'id')) AS id",
      );
      const keyId = Number(k?.id);
      const key = newDataKey();
      const wrapped = wrapDataKey(keyId, key);
      await session.query("INSERT INTO data_key (id, kek_id, wrapped) VALUES ($1, $2, $3)", [
        keyId,
        wrapped.kek_id,
        wrapped.wrapped,
      ]);
      const answers = row.answers ?? {};
      const tokens = matchTokens(answers, indexKey);
      await session.query(
        `UPDATE registration SET data_key_id = $2, answers_sealed = $3, match_name = $4, match_other_name = $5,
           match_birth_date = $6, match_incident_date = $7, match_place = $8, match_email = $9, match_phone = $10
         WHERE id = $1`,
        [
          id,
          keyId,
          new SealBox(key).json("registration.answers", id, answers),
          tokens.match_name,
          tokens.match_other_name,
          tokens.match_birth_date,
          tokens.match_incident_date,
          tokens.match_place,
          tokens.match_email,
          tokens.match_phone,
        ],
      );
    },
  );
}

/** Each case adopts its registration's data key; answers the key of every case. */
async function caseKeys(session: RawSession): Promise<Map<number, SealBox>> {
  await session.exec(
    "UPDATE mediation_case c SET data_key_id = r.data_key_id FROM registration r WHERE r.id = c.registration_id",
  );
  const rows = await session.query<{ id: string | number; key_id: string | number; wrapped: Uint8Array }>(
    "SELECT c.id, k.id AS key_id, k.wrapped FROM mediation_case c JOIN data_key k ON k.id = c.data_key_id",
  );
  return new Map(rows.map((r) => [Number(r.id), new SealBox(unwrapDataKey(Number(r.key_id), r.wrapped))]));
}

async function caseTable(session: RawSession, spec: CaseTable, keys: Map<number, SealBox>) {
  const caseColumn = spec.table === "mediation_case" ? "id" : "case_id";
  const columns = spec.columns.map((c) => c.plain);
  await eachBatch(
    (after) =>
      session.query<Record<string, unknown> & { id: number | string }>(
        `SELECT ${spec.idColumn} AS id, ${caseColumn} AS case_id, ${columns.join(", ")} FROM ${spec.table}
         WHERE ${spec.idColumn} > $1 ORDER BY ${spec.idColumn} LIMIT ${BATCH}`,
        [after ?? 0],
      ),
    async (row) => {
      const id = Number(row.id);
      const box = keys.get(Number(row.case_id));
      if (!box) throw new Error(`${spec.table} ${id}: its case has no data key`);
      const values = spec.columns.map((c) => {
        const value = c.emptyAsNull && row[c.plain] === "" ? null : row[c.plain];
        return sealed(box, `${spec.table}.${c.plain}` as SealedField, id, c.kind, value);
      });
      const sets = spec.columns.map((c, i) => `${c.plain}_sealed = $${i + 2}`).join(", ");
      await session.query(`UPDATE ${spec.table} SET ${sets} WHERE ${spec.idColumn} = $1`, [id, ...values]);
    },
  );
}

/** Reasons for reopening, the timeline's only free text, sealed into the event's detail. */
async function reopenReasons(session: RawSession, keys: Map<number, SealBox>) {
  const rows = await session.query<{ id: string | number; case_id: string | number; detail: Record<string, unknown> }>(
    "SELECT id, case_id, detail FROM case_event WHERE kind = 'case.reopen' AND detail ? 'reason'",
  );
  for (const row of rows) {
    const id = Number(row.id);
    const box = keys.get(Number(row.case_id));
    const { reason, ...rest } = row.detail;
    if (!box || typeof reason !== "string") continue;
    const reasonSealed = Buffer.from(box.text("case_event.reason", id, reason)).toString("base64");
    await session.query("UPDATE case_event SET detail = $2 WHERE id = $1", [
      id,
      JSON.stringify({ ...rest, reasonSealed }),
    ]);
  }
}

async function drafts(session: RawSession) {
  const rows = await session.query<{ id: string; answers: Record<string, unknown> }>(
    "SELECT id, answers FROM registration_draft",
  );
  for (const row of rows) {
    const { box, wrapped } = newInlineKey("registration_draft", row.id);
    await session.query("UPDATE registration_draft SET data_key = $2, answers_sealed = $3 WHERE id = $1", [
      row.id,
      wrapped,
      box.json("registration_draft.answers", row.id, row.answers ?? {}),
    ]);
  }
}

async function outbox(session: RawSession) {
  await eachBatch(
    (after) =>
      session.query<{ id: string | number; recipient: string; body_text: string }>(
        `SELECT id, recipient, body_text FROM outbox_message WHERE id > $1 ORDER BY id LIMIT ${BATCH}`,
        [after ?? 0],
      ),
    async (row) => {
      const id = Number(row.id);
      const { box, wrapped } = newInlineKey("outbox_message", id);
      await session.query(
        "UPDATE outbox_message SET data_key = $2, recipient_sealed = $3, body_text_sealed = $4 WHERE id = $1",
        [
          id,
          wrapped,
          box.text("outbox_message.recipient", id, row.recipient),
          box.text("outbox_message.body_text", id, row.body_text),
        ],
      );
    },
  );
}
